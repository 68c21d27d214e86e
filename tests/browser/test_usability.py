"""Issue 22, "Tables, codes and formats", "Charts and the operator console", "Smaller things": what a billing clerk
meets on a phone (390×844) and a laptop (1366×768). Every screen state reached is checked with axe-core at both
widths, must not pan sideways at 390 px, and is photographed (build/screenshots/usabilidad-*)."""

from __future__ import annotations

import gzip
import json
import re
import urllib.request
from datetime import date

from playwright.sync_api import expect

from devstack import demo
from tests.browser.conftest import check_accessibility, login, screenshot

ADMIN, OPERATOR = demo.DEMO_ADMIN, demo.DEMO_OPERATOR
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
JOB_CODES = re.compile(r"\b(ESPERANDO_ARCHIVO|RECIBIDO|VALIDANDO|EN_ESPERA|CARGANDO|CALCULANDO|CONCILIANDO|REGISTRANDO|"
                       r"GENERANDO_RESULTADO|FINALIZADO|FINALIZADO_CON_RECHAZOS|FALLIDO|VENCIDA|ANULADA)\b")
RAW_KEYS = re.compile(r"\b(CC|NI|CE|TI|PA)#\d+")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def api(base: str, method: str, path: str, token: str | None = None, body: dict | None = None) -> dict:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"{base}{path}", method=method, headers=headers,  # noqa: S310 (loopback)
                                     data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
        return json.loads(response.read() or b"{}")


def token_of(base: str, person: dict) -> str:
    return api(base, "POST", "/sesion", body={k: person[k] for k in ("tipo_documento", "numero_documento",
                                                                        "contrasena")})["token"]


def range_with_payments(base: str, token: str) -> tuple[str, str]:
    """The demo data's span moves with its generator: the one-year range (the API's maximum) with the most
    payments, as DD/MM/AAAA — more than a page of them."""
    counts = {}
    for year in range(date.today().year, date.today().year - 5, -1):
        for start, end in ((date(year, 1, 1), date(year, 12, 31)), (date(year - 1, 7, 1), date(year, 6, 30))):
            query = f"/pagos?fecha_inicio={start}&fecha_fin={end}&limite=10"
            counts[start, end] = api(base, "GET", query, token)["total_registros"]
    start, end = max(counts, key=counts.get)
    assert counts[start, end] > 10, counts
    return f"{start:%d/%m/%Y}", f"{end:%d/%m/%Y}"


def signed_in(new_page, base: str, person: dict, size: dict = PHONE):
    page = new_page(size["width"], size["height"])
    login(page, base, person["numero_documento"], person["contrasena"])
    expect(page.get_by_role("navigation", name="Menú principal")).to_be_visible()
    return page


def no_page_scroll(page, screen: str) -> None:
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= viewport, f"{screen}: the page pans sideways ({width} px in {viewport} px)"


def check_screen(page, name: str) -> None:
    """axe at both widths, no sideways pan on the phone, screenshots of both."""
    original = page.viewport_size
    for size in (LAPTOP, PHONE):
        page.set_viewport_size(size)
        page.wait_for_timeout(150)  # layout (and the tables' overflow hints) after the resize
        check_accessibility(page, f"{name} {size['width']}px")
    no_page_scroll(page, name)
    screenshot(page, f"usabilidad-{name}")
    page.set_viewport_size(original)


def main_text(page) -> str:
    return page.locator("main").inner_text()


def query_payments(page, dates: tuple[str, str]) -> None:
    page.goto(page.url.split("#")[0] + "#/pagos")
    page.get_by_role("textbox", name="Fecha inicio").fill(dates[0])
    page.get_by_role("textbox", name="Fecha fin").fill(dates[1])
    page.get_by_role("button", name="Consultar").click()
    expect(page.get_by_role("table", name="Pagos del rango de fechas")).to_be_visible()


def test_phone_screens_do_not_pan_and_rows_keep_their_actions(stack, new_page):
    base, _ = stack
    dates = range_with_payments(base, token_of(base, ADMIN))
    page = signed_in(new_page, base, ADMIN)
    query_payments(page, dates)
    action = page.get_by_role("button", name="Detalle pago (CSV)").first
    box = action.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"], "the row's action is off-screen"
    expect(page.get_by_text("Deslice la tabla hacia los lados")).to_be_visible()
    check_screen(page, "pagos")

    page.goto(f"{base}/portal/#/glosas")
    page.get_by_role("tab", name="Por rango de fechas").click()
    page.get_by_role("textbox", name="Fecha inicio").fill(dates[0])
    page.get_by_role("textbox", name="Fecha fin").fill(dates[1])
    page.get_by_role("button", name="Consultar").click()
    expect(page.get_by_role("table", name="Carátula de conciliaciones")).to_be_visible()
    check_screen(page, "glosas-caratula")
    page.get_by_role("tab", name="Cargar respuesta").click()
    expect(page.get_by_role("table", name="Cargas de respuestas")).to_be_visible()
    check_screen(page, "glosas-cargas")
    for route, name in (("/inicio", "inicio"), ("/cuenta", "cuenta"), ("/encuesta", "encuesta"),
                        ("/cartera", "cartera"), ("/indicadores/prestacion", "indicadores-prestacion"),
                        ("/indicadores/oportunidad", "indicadores-oportunidad"), ("/cuenta/auditoria", "auditoria"),
                        ("/ayuda/cartera", "ayuda")):
        page.goto(f"{base}/portal/#{route}")
        expect(page.locator("main h1")).to_be_visible()
        page.wait_for_load_state("networkidle")
        check_screen(page, name)
    assert page.errors == []


def test_glosa_loads_show_the_result_column_whole_at_1366(stack, new_page, tmp_path):
    base, _ = stack
    page = signed_in(new_page, base, ADMIN, LAPTOP)
    page.goto(f"{base}/portal/#/glosas")
    page.get_by_role("tab", name="Cargar respuesta").click()
    broken = tmp_path / "respuestas-glosas-de-la-conciliacion-de-junio.xlsx"
    broken.write_bytes(b"esto no es un libro de Excel")
    page.get_by_label("Archivo de respuestas (*.xlsx)").set_input_files(broken)
    page.get_by_role("button", name="Cargar archivo").click()
    row = page.get_by_role("row").filter(has_text=broken.name).first
    expect(row).to_contain_text(re.compile("fallido", re.IGNORECASE), timeout=90_000)  # its reason in the row
    wrap = page.get_by_role("region", name="Cargas de respuestas")
    header = wrap.locator("th").last
    expect(header).to_have_text("Archivo resultado")
    inside, right = wrap.bounding_box(), header.bounding_box()
    assert right["x"] + right["width"] <= inside["x"] + inside["width"] + 1, "the result column is cut off"
    check_screen(page, "glosas-carga-fallida")


def test_codes_dates_and_identifiers_are_shown_in_spanish(stack, new_page):
    base, _ = stack
    range_with_payments(base, token_of(base, ADMIN))  # reads that the access log shows below
    operator = signed_in(new_page, base, OPERATOR, LAPTOP)
    operator.get_by_role("link", name="Procesos").first.click()
    table = operator.get_by_role("table", name="Procesos del canal Datos EPS")
    expect(table).to_contain_text("Finalizado")
    text = main_text(operator)
    assert not JOB_CODES.search(text) and not ISO_DATE.search(text) and "cargas/" not in text, text[:400]
    assert operator.locator("th").filter(has_text=re.compile(r"^\s*$")).count() == 0, "an empty column header"
    check_screen(operator, "operaciones-procesos")
    operator.get_by_role("link", name="Accesos").first.click()
    operator.get_by_label("NIT del prestador").fill(demo.DEMO_NIT.split("-")[0])
    operator.get_by_role("button", name="Consultar").click()
    expect(operator.get_by_role("table", name="Consultas de datos de la EPS")).to_contain_text("NIT ")
    assert not RAW_KEYS.search(main_text(operator))
    check_screen(operator, "operaciones-accesos")
    operator.get_by_role("link", name="Entidades").first.click()
    expect(operator.get_by_role("heading", name="Entidades")).to_be_visible()
    check_screen(operator, "operaciones-entidades")

    admin = signed_in(new_page, base, ADMIN, LAPTOP)
    admin.goto(f"{base}/portal/#/cuenta/auditoria")
    events = admin.get_by_role("table", name="Eventos de cuentas del prestador")
    expect(events).to_contain_text("Ingreso exitoso")
    text = main_text(admin)
    assert not RAW_KEYS.search(text) and "Contrasena" not in text and not ISO_DATE.search(text)
    admin.goto(f"{base}/portal/#/indicadores")
    adding = admin.get_by_label("Agregar grupo de servicio")
    expect(adding.locator("option").first).to_be_attached()
    options = adding.locator("option").all_inner_texts()
    assert "Ayudas diagnósticas básicas" in options and not any("_" in o for o in options), options


def test_errors_sit_at_their_field_with_one_live_region_and_replace_old_results(stack, new_page):
    base, _ = stack
    dates = range_with_payments(base, token_of(base, ADMIN))
    page = signed_in(new_page, base, ADMIN, LAPTOP)
    query_payments(page, dates)
    form = page.locator("form")
    assert form.locator('[role="alert"]').count() == 1, "one live region per form, not one per field"
    page.get_by_role("textbox", name="Fecha inicio").fill("")
    page.get_by_role("button", name="Consultar").click()
    expect(page.locator('[data-campo="fecha_inicio"] .field-error')).to_have_text(
        'El campo "Fecha Inicio", no puede estar vacío')
    expect(form.locator(".form-error")).to_be_visible()
    expect(page.get_by_role("table", name="Pagos del rango de fechas")).to_have_count(0)  # the old results went
    check_screen(page, "pagos-error")


def test_paging_keeps_focus_and_offers_the_seeds_page_sizes(stack, new_page):
    base, _ = stack
    dates = range_with_payments(base, token_of(base, ADMIN))
    page = signed_in(new_page, base, ADMIN, LAPTOP)
    query_payments(page, dates)
    rows = page.get_by_role("table", name="Pagos del rango de fechas").locator("tbody tr")
    expect(rows).to_have_count(10)
    page.get_by_role("button", name="Siguiente ›").click()
    expect(page.get_by_text("Página 2")).to_be_visible()
    assert page.evaluate("document.activeElement.tagName") != "BODY", "focus dropped to <body> after paging"
    page.get_by_label("Registros por página").select_option("25")
    expect(page.get_by_text("Página 1")).to_be_visible()
    assert rows.count() > 10 or not page.get_by_role("button", name="Siguiente ›").is_enabled()
    expect(page.locator(".page-size")).to_contain_text("Mostrar")
    expect(page.get_by_label("Registros por página")).to_have_value("25")


def test_dates_are_typed_or_picked_from_a_calendar(stack, new_page):
    base, _ = stack
    page = signed_in(new_page, base, ADMIN, LAPTOP)
    page.get_by_role("link", name="Consulta Pagos").first.click()
    start = page.get_by_role("textbox", name="Fecha inicio")
    start.fill("05/03/2024")
    expect(start).to_have_value("05/03/2024")
    calendar = page.get_by_role("button", name="Elegir fecha inicio en el calendario")
    expect(calendar).to_be_visible()
    calendar.click()
    # The calendar is the browser's own date input; choosing a day in it writes the day as DD/MM/AAAA.
    page.locator('[data-campo="fecha_inicio"] input[type=date]').fill("2024-02-29", force=True)
    expect(start).to_have_value("29/02/2024")


def test_cartera_quota_before_the_upload_spanish_file_field_and_help(stack, new_page, tmp_path):
    base, _ = stack
    page = signed_in(new_page, base, ADMIN, LAPTOP)
    page.get_by_role("link", name="Consulta cartera").first.click()
    expect(page.locator(".quota")).to_have_text(re.compile(r"^(Consultas disponibles hoy: \d de 3\.|Ya usó)"))
    expect(page.get_by_text("Seleccionar archivo", exact=True)).to_be_visible()
    expect(page.get_by_text("Ningún archivo seleccionado")).to_be_visible()
    assert page.locator("input[type=file]").bounding_box()["width"] <= 1  # the browser's "Choose File" is not drawn
    broken = tmp_path / "no-es-excel.xlsx"
    broken.write_bytes(b"esto no es un libro de Excel")
    page.get_by_label("Seleccione el archivo con las facturas (*.xlsx)").set_input_files(broken)
    expect(page.get_by_text("no-es-excel.xlsx")).to_be_visible()
    page.get_by_role("button", name="Registrar solicitud").click()
    status = page.locator("form .notice.info")
    expect(status).to_contain_text("otro con el resultado.")
    assert "Consultas restantes hoy" not in status.inner_text()
    row = page.get_by_role("row").filter(has_text="no-es-excel.xlsx").first
    expect(row).to_contain_text("Fallido", timeout=90_000)
    expect(row.locator("progress")).to_have_count(0)  # a failed request is not "100 %"
    check_screen(page, "cartera-fallida")
    page.get_by_role("link", name="haz clic aquí").click()
    expect(page.get_by_role("heading", name="Ayuda: Consulta cartera")).to_be_visible()
    expect(page.locator("main")).to_contain_text("01 8000 938777")


def test_indicator_filters_are_chips_and_charts_tell_series_apart(stack, new_page):
    base, _ = stack
    page = signed_in(new_page, base, ADMIN)
    page.goto(f"{base}/portal/#/indicadores")
    expect(page.get_by_role("link", name="Oportunidad prestación")).to_be_visible()
    adding = page.get_by_label("Agregar ámbito")
    adding.select_option(label="Ambulatorio")
    adding.select_option(label="Hospitalario")
    chips = page.get_by_role("list", name="Ámbito elegidos")
    expect(chips.get_by_role("button")).to_have_count(2)
    page.get_by_role("button", name="Consultar").click()
    expect(page.locator(".form-error")).to_be_hidden()
    page.get_by_role("button", name="Limpiar").click()
    expect(chips).to_have_text("Todos")

    page.get_by_role("link", name="Oportunidad prestación").click()
    expect(page.locator("figure svg.chart")).to_have_count(2)
    by_group = page.locator("figure").filter(has=page.locator("figcaption", has_text="grupo")).first
    expect(by_group).to_be_visible()
    swatches = by_group.locator(".legend svg").evaluate_all("""svgs => svgs.map(s => {
        const line = s.querySelector('line'), mark = s.children[1];
        return [line.getAttribute('stroke'), line.getAttribute('stroke-dasharray') || '', mark.tagName,
                mark.getAttribute('points') || mark.getAttribute('d') || ''].join('|'); })""")
    colours = {s.split("|")[0] for s in swatches}
    assert len(swatches) >= 2 and len(colours) == len(swatches), swatches  # one colour (and marker) per series
    # On a phone the axis text is still legible: ≥ 10 px once the drawing is scaled to the screen.
    size = by_group.locator("svg.chart").evaluate("""svg => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const sizes = [...svg.querySelectorAll('text')].map(t => Number(t.getAttribute('font-size')) * scale);
        return Math.min(...sizes); }""")
    assert size >= 10, f"axis text {size:.1f} px on a phone"
    # A month without data is a gap: no line passes over it.
    gaps = by_group.locator("svg.chart").evaluate("""svg => [...svg.querySelectorAll('polyline')].every(p => {
        const xs = p.getAttribute('points').trim().split(' ').map(pt => Number(pt.split(',')[0]));
        const step = (xs[1] - xs[0]);
        return xs.every((x, i) => i === 0 || Math.abs(x - xs[i - 1] - step) < 0.5); })""")
    assert gaps
    check_screen(page, "indicadores-grupos")


def test_survey_report_axis_shows_months(stack, new_page):
    base, _ = stack
    page = signed_in(new_page, base, OPERATOR, LAPTOP)
    page.goto(f"{base}/portal/#/operaciones/encuesta")
    expect(page.get_by_role("table", name="Indicadores de la encuesta por mes y canal")).to_be_visible()
    labels = page.locator("figure svg.chart").first.locator("text[text-anchor=middle]").evaluate_all(
        "texts => texts.map(t => t.textContent)")
    month = re.compile(r"^(Ene|Feb|Mar|Abr|May|Jun|Jul|Ago|Sep|Oct|Nov|Dic) \d{2}$")
    assert labels and all(month.match(x) for x in labels), labels
    check_screen(page, "operaciones-encuesta")


def test_operator_processes_stay_live_and_say_who_and_what(stack, new_page):
    base, _ = stack
    page = signed_in(new_page, base, OPERATOR, LAPTOP)
    page.get_by_role("link", name="Procesos").first.click()
    page.get_by_role("tab", name="Cartera").click()
    expect(page.get_by_role("region", name="Procesos del canal Cartera")).to_be_visible()
    page.wait_for_timeout(6000)  # every job shown is finished: the list must stay live anyway
    api(base, "POST", "/cartera/solicitudes", token_of(base, ADMIN), {"archivo": "facturas-junio.xlsx"})
    row = page.get_by_role("row").filter(has_text="facturas-junio.xlsx").first
    expect(row).to_be_visible(timeout=15_000)  # no "Actualizar" click
    expect(row).to_contain_text("Clínica Demo del Valle S.A.S.")
    expect(row).to_contain_text(f"NIT {demo.DEMO_NIT.split('-')[0]}")
    expect(row).to_contain_text("Esperando el archivo")


def test_skip_link_moves_focus_to_the_content(stack, new_page):
    base, _ = stack
    page = signed_in(new_page, base, ADMIN, LAPTOP)
    page.get_by_role("link", name="Consulta Pagos").first.click()
    expect(page.get_by_role("heading", name="Consulta Pagos")).to_be_visible()
    skip = page.get_by_role("link", name="Ir al contenido")
    skip.focus()  # where the first Tab of a page lands
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    assert page.url.endswith("#/pagos")
    expect(page.get_by_role("heading", name="Consulta Pagos")).to_be_visible()


def test_static_assets_are_compressed_as_cloudfront_does(stack):
    base, _ = stack
    with urllib.request.urlopen(f"{base}/portal/", timeout=10) as response:  # noqa: S310 (loopback)
        script = re.search(r'src="(/portal/assets/[^"]+\.js)"', response.read().decode()).group(1)
    with urllib.request.urlopen(f"{base}{script}", timeout=10) as response:  # noqa: S310
        plain = response.read()
        assert response.headers.get("Content-Encoding") is None
    request = urllib.request.Request(f"{base}{script}", headers={"Accept-Encoding": "gzip"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
        assert gzip.decompress(response.read()) == plain
    request = urllib.request.Request(f"{base}{script}", headers={"Accept-Encoding": "gzip, deflate, br"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        body = response.read()
        assert response.headers["Content-Encoding"] == "br" and len(body) < len(plain) / 2

"""Consulta Pagos through the handlers on the embedded AWS: menus, modes, pages, tenant, access log, CSV."""

from __future__ import annotations

import csv
import io
import urllib.parse

import boto3
import pytest

from chalicelib import wiring
from chalicelib.common.files import content_disposition
from chalicelib.common.identifiers import DocumentType
from chalicelib.config import get_settings
from chalicelib.operations.accounts import create_operator
from chalicelib.payments.detail_csv import HEADER
from chalicelib.payments.models import Payment, PaymentLine
from chalicelib.payments.repository import PaymentRepository
from chalicelib.payments.service import PaymentQueryService
from tests import factories
from tests.api.client import call
from tests.libreoffice import convert, needs_libreoffice
from tests.payments_data import OTHER, line, payment

RANGE = "/pagos?fecha_inicio=2024-03-01&fecha_fin=2024-03-31"


def _token(client, doc, password=factories.PASSWORD):
    status, session = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": doc,
                                                        "contrasena": password})
    assert status == 200
    return session["token"]


@pytest.fixture
def data(aws):
    provider = factories.provider()
    other = factories.provider("800987654", "IPS Otra S.A.S.")
    factories.membership(factories.person("1000000001"), provider)
    factories.membership(factories.person("79000001"), provider, role="DELEGADO", menus={"PAGOS"})
    factories.membership(factories.person("79000002"), provider, role="DELEGADO", menus={"CARTERA"})
    factories.membership(factories.person("1000000009"), other)
    pays = [payment(f"2000{i:04d}", f"2024-03-{i:02d}", valor=1_000_000 * i) for i in range(1, 26)]
    pays.append(payment("30011", "2024-03-27", valor=57_000_000_000, tipo_pago="Legalización"))
    pays.append(payment("77", "2024-03-10", provider_id=OTHER))
    lines = [line(pays[1], "FE", str(100 + i), applied=1_000 + i) for i in range(30)]
    lines += [line(pays[1], "FE", "999", compania="=HYPERLINK(\"http://x\",\"clic\")", no_radicado="-2+3",
                   tipo_documento="@FV", valor_factura=None),
              line(pays[-2], "FE", "100", applied=7_000), line(pays[-1], "FE", "100")]
    for model, items in ((Payment, pays), (PaymentLine, lines)):
        with model.batch_write() as batch:
            for item in items:
                batch.save(item)
    return other


@pytest.fixture
def tokens(client, data):
    return {name: _token(client, doc) for name, doc in (
        ("admin", "1000000001"), ("delegate", "79000001"), ("no_menu", "79000002"), ("other", "1000000009"))}


def test_menu_decides_who_reads_payments(client, tokens):
    for path in (RANGE, "/pagos/30011", "/pagos/por-factura?prefijo=FE&sufijo=100", "/pagos/30011/detalle"):
        status, body = call(client, "GET", path, token=tokens["no_menu"])
        assert (status, body["code"]) == (403, "MENU_NOT_GRANTED") and "Consulta Pagos" in body["message"]
        assert call(client, "GET", path)[0] == 401
        assert client.http.get(path, headers={"Authorization": f"Bearer {tokens['delegate']}"}).status_code == 200


def test_date_range_pages_newest_first_with_the_range_total(client, tokens):
    status, first = call(client, "GET", RANGE, token=tokens["delegate"])
    assert status == 200 and len(first["pagos"]) == 10  # the seed's "Mostrar 10 reg."
    assert (first["total_registros"], first["total_valor_pagado"]) == (26, 57_000_000_000 + 325_000_000)
    assert first["pagos"][0] == {"nit": "900123456", "tipo_pago": "Legalización", "numero_cuenta_banco": "4044236941",
                                 "numero_pago": "30011", "fecha_pago": "2024-03-27", "valor_pagado": 57_000_000_000}
    seen, page = [], first
    while True:
        seen += [p["fecha_pago"] for p in page["pagos"]]
        if not page["siguiente"]:
            break
        cursor = urllib.parse.quote(page["siguiente"])
        status, page = call(client, "GET", f"{RANGE}&limite=7&cursor={cursor}", token=tokens["delegate"])
        assert status == 200 and page["total_registros"] is None
    assert len(seen) == 26 and seen == sorted(seen, reverse=True)
    assert call(client, "GET", "/pagos?fecha_inicio=2024-03-09&fecha_fin=2024-03-10&limite=25",
                token=tokens["delegate"])[1]["total_registros"] == 2  # not the other provider's 77


@pytest.mark.parametrize(("query", "message"), [
    ("fecha_fin=2024-03-31", 'El campo "Fecha Inicio", no puede estar vacío'),
    ("fecha_inicio=2024-04-01&fecha_fin=2024-03-01", 'La "Fecha Fin" no puede ser anterior a la "Fecha Inicio"'),
    ("fecha_inicio=2023-01-01&fecha_fin=2024-03-01", "no puede superar 366 días (un año)"),
])
def test_date_range_refusals_are_400_in_spanish(client, tokens, query, message):
    status, body = call(client, "GET", f"/pagos?{query}", token=tokens["delegate"])
    assert (status, body["code"]) == (400, "CONSULTA_INVALIDA") and message in body["message"]
    assert call(client, "GET", f"{RANGE}&limite=500", token=tokens["delegate"])[0] == 422


def test_by_number_and_another_providers_payment(client, tokens):
    status, found = call(client, "GET", "/pagos/20000002", token=tokens["delegate"])
    assert status == 200
    assert (found["email_soporte"], found["fecha_soporte"], found["hora_soporte"]) == (
        "tesoreria@eps.example.co", "2024-03-02", "10:15:00")
    other = call(client, "GET", "/pagos/77", token=tokens["delegate"])
    missing = call(client, "GET", "/pagos/78", token=tokens["delegate"])
    assert other == missing == (404, {"code": "PAYMENT_NOT_FOUND", "message": "El pago no existe"})
    assert call(client, "GET", "/pagos/77/detalle", token=tokens["delegate"])[0] == 404
    assert call(client, "GET", "/pagos/77", token=tokens["other"])[0] == 200


def test_by_invoice_with_the_seed_messages(client, tokens):
    status, body = call(client, "GET", "/pagos/por-factura?prefijo=&sufijo=", token=tokens["delegate"])
    assert status == 400
    assert body["errores"] == [
        {"campo": "prefijo", "mensaje": 'El campo "Prefijo Factura", no puede estar vacío'},
        {"campo": "sufijo", "mensaje": 'El campo "Sufijo Factura", no puede estar vacío'}]
    status, body = call(client, "GET", "/pagos/por-factura?prefijo=FE", token=tokens["delegate"])
    assert body["message"] == 'El campo "Sufijo Factura", no puede estar vacío'
    status, page = call(client, "GET", "/pagos/por-factura?prefijo=FE&sufijo=100", token=tokens["delegate"])
    assert status == 200
    assert [(p["numero_pago"], p["valor_aplicado"]) for p in page["pagos"]] == [("30011", 7_000), ("20000002", 1_000)]


def test_by_invoice_compares_sufijos_without_leading_zeros(client, tokens):
    """Typed with the zeros the invoice prints (0100) or without (100): the same invoice, as cartera and glosas."""
    expected = call(client, "GET", "/pagos/por-factura?prefijo=FE&sufijo=100", token=tokens["delegate"])
    assert expected[0] == 200 and expected[1]["pagos"]
    for typed in ("0100", "000100"):
        found = call(client, "GET", f"/pagos/por-factura?prefijo=fe&sufijo={typed}", token=tokens["delegate"])
        assert found == expected


def test_every_read_is_in_the_access_log(client, tokens, aws):
    create_operator(DocumentType.CC, "31000111", primer_nombre="Olga", primer_apellido="Mejía",
                    correo="olga@eps.example.co", password="Operadora2024", must_change_password=False)
    operator = _token(client, "31000111", "Operadora2024")
    call(client, "GET", f"{RANGE}&limite=5", token=tokens["delegate"], headers={"X-Forwarded-For": "1.2.3.4"})
    call(client, "GET", "/pagos/77", token=tokens["delegate"])
    client.http.get("/pagos/20000002/detalle", headers={"Authorization": f"Bearer {tokens['delegate']}"})
    call(client, "GET", "/pagos/por-factura?prefijo=FE", token=tokens["delegate"])  # refused: nothing read
    call(client, "GET", "/pagos/77", token=tokens["other"])

    status, page = call(client, "GET", "/cuenta/accesos", token=tokens["admin"])
    assert status == 200
    entries = page["accesos"]
    assert [(e["ruta"], e["estado"], e["registros"]) for e in entries] == [
        ("/pagos/{numero_pago}/detalle", 200, 31), ("/pagos/{numero_pago}", 404, 0), ("/pagos", 200, 5)]
    assert {(e["persona"], e["rol"], e["prestador"]) for e in entries} == {("CC#79000001", "DELEGADO", "NI#900123456")}
    assert entries[2]["parametros"] == {"fecha_inicio": "2024-03-01", "fecha_fin": "2024-03-31", "limite": "5"}
    assert entries[1]["parametros"] == {"numero_pago": "77"}
    assert all(e["ip"] and e["fecha"].endswith("-05:00") for e in entries)

    assert call(client, "GET", "/cuenta/accesos", token=tokens["delegate"])[0] == 403
    assert call(client, "GET", "/operaciones/accesos", token=tokens["admin"])[0] == 403
    status, everything = call(client, "GET", "/operaciones/accesos?limite=100", token=operator)
    assert status == 200 and len(everything["accesos"]) == 4
    assert {e["prestador"] for e in everything["accesos"]} == {"NI#900123456", "NI#800987654"}
    status, one = call(client, "GET", "/operaciones/accesos?prestador=NI-800987654", token=operator)
    assert [(e["prestador"], e["persona"]) for e in one["accesos"]] == [("NI#800987654", "CC#1000000009")]


def _csv(client, token, number):
    response = client.http.get(f"/pagos/{number}/detalle", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == content_disposition(f"detalle-pago-{number}.csv")
    return response.body


def _api_rows(client, token, number):
    """The detail's expected 19 cells, built from what the JSON routes answer."""
    pay = call(client, "GET", f"/pagos/{number}", token=token)[1]
    rows = []
    for sufijo in [str(100 + i) for i in range(30)] + ["999"]:
        found = call(client, "GET", f"/pagos/por-factura?prefijo=FE&sufijo={sufijo}", token=token)[1]["pagos"]
        (v,) = [p for p in found if p["numero_pago"] == number]
        rows.append([pay["nit"], pay["tipo_pago"], pay["numero_cuenta_banco"], pay["numero_pago"],
                     _dmy(pay["fecha_pago"]), pay["valor_pagado"], v["tipo_documento"], v["prefijo_factura"],
                     v["sufijo_factura"], v["sufijo_factura_aplicado"], _dmy(v["fecha_factura"]), v["valor_factura"],
                     v["iva"], v["retefuente"], v["reteica"], v["reteiva"], v["otros"], v["compania"],
                     v["no_radicado"]])
    return sorted(rows, key=lambda r: r[8])


def _dmy(iso):
    return "/".join(reversed(iso.split("-"))) if iso else ""


def _unneutralise(cell: str) -> str:
    return cell[1:] if cell[:2] in {"'=", "'+", "'-", "'@"} else cell


def test_detail_csv_round_trip(client, tokens):
    body = _csv(client, tokens["delegate"], "20000002")
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert tuple(rows[0]) == HEADER and len(HEADER) == 19
    assert all(len(r) == 19 for r in rows)
    produced = sorted(rows[1:], key=lambda r: r[8])
    expected = _api_rows(client, tokens["delegate"], "20000002")
    assert len(produced) == len(expected) == 31
    for got, want in zip(produced, expected, strict=True):
        assert [_unneutralise(c) for c in got] == ["" if w is None else str(w) for w in want]
    risky = next(r for r in produced if r[8] == "999")
    assert (risky[6], risky[17], risky[18]) == ("'@FV", "'=HYPERLINK(\"http://x\",\"clic\")", "'-2+3")



@needs_libreoffice
def test_detail_csv_reads_the_same_in_libreoffice(client, tokens, tmp_path):
    body = _csv(client, tokens["delegate"], "20000002")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert _as_libreoffice_reads_it(body, tmp_path) == [[_unneutralise(c) for c in r] for r in rows]


def _as_libreoffice_reads_it(body: bytes, tmp_path) -> list[list[str]]:
    """Open the CSV as a Colombian user's LibreOffice would (";", UTF-8, es-CO, dates detected, formulas not
    evaluated), save it as XLSX, and read the cells back as text (numbers and dates as the CSV writes them)."""
    import openpyxl

    source = tmp_path / "detalle.csv"
    source.write_bytes(body)
    produced = convert(source, "xlsx", infilter="CSV:59,34,76,1,,9226,false,true,false,false,false,-1,false")
    sheet = openpyxl.load_workbook(produced, read_only=True).active

    def text(value) -> str:
        if value is None:
            return ""
        if hasattr(value, "strftime"):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, float | int):
            return str(int(value))
        return _unneutralise(str(value))

    return [[text(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def test_large_detail_is_an_expiring_link(client, tokens, monkeypatch):
    inline = wiring.payments
    # The service as wiring builds it, with a limit this small payment exceeds (the public builder replaced).
    monkeypatch.setattr(wiring, "payments", lambda: PaymentQueryService(PaymentRepository(), wiring.downloads(),
                                                                        inline_limit=1_000))
    status, link = call(client, "GET", "/pagos/20000002/detalle", token=tokens["delegate"])
    assert status == 200 and link["registros"] == 31 and link["expira_en_segundos"] == 900
    assert link["nombre_archivo"] == "detalle-pago-20000002.csv"
    url = urllib.parse.urlparse(link["url"])
    assert {"Signature", "X-Amz-Signature"} & set(urllib.parse.parse_qs(url.query))
    key = urllib.parse.unquote(url.path.split("/", 2)[2] if url.netloc.startswith("s3") else url.path[1:])
    assert key.startswith("descargas/pagos/NI-900123456/")
    stored = boto3.client("s3", region_name=get_settings().region).get_object(
        Bucket=get_settings().data_bucket, Key=key)["Body"].read()
    monkeypatch.setattr(wiring, "payments", inline)
    assert stored == _csv(client, tokens["delegate"], "20000002")


def test_every_payments_route_logs_its_reads():
    from app import app

    routes = [entry for path, methods in app.routes.items()  # /pagos/eventos: the gateway's callback, not a read
              if path.startswith("/pagos") and path != "/pagos/eventos" for entry in methods.values()]
    assert len(routes) == 4 and all(e.view_function.route_doc.reads is not None for e in routes)


def test_no_log_entry_no_data(client, tokens, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("access log unavailable")

    monkeypatch.setattr(wiring.access_log(), "record", broken)
    status, body = call(client, "GET", "/pagos/30011", token=tokens["delegate"])
    assert (status, body["code"]) == (500, "INTERNAL_ERROR") and "30011" not in str(body)

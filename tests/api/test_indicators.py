"""Consulta Indicadores through the handlers on the embedded AWS: menus, filters, tenant, access log, XLSX."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from chalicelib.indicators.models import Authorization
from chalicelib.indicators.repository import IndicatorRepository
from chalicelib.indicators.service import XLSX, IndicatorAggregates
from tests import factories
from tests.api.client import call, login
from tests.libreoffice import first_sheet_as_rows, needs_libreoffice


@pytest.fixture
def tokens(client, aws):
    provider = factories.provider()
    factories.provider("800987654", "IPS Otra S.A.S.")
    factories.membership(factories.person("1000000001"), provider)
    factories.membership(factories.person("79000001"), provider, role="DELEGADO", menus={"INDICADORES"})
    factories.membership(factories.person("79000002"), provider, role="DELEGADO", menus={"PAGOS"})
    rows = []
    for provider_id, ops, generated, used in (("NI#900123456", "1", "2024-02-01", "2024-02-03"),
                                              ("NI#900123456", "2", "2024-02-10", None),
                                              ("NI#800987654", "3", "2024-02-01", "2024-02-02")):
        Authorization(provider_id, f"{generated}#{ops}", numero_ops=ops, sucursal="001", ambito="urgencias",
                      grupo_servicio="terapias", fecha_generacion=generated, fecha_utilizacion=used).save()
        rows.append({"provider_id": provider_id, "fecha_generacion": generated})
    IndicatorAggregates(IndicatorRepository()).refresh(rows)
    return {name: login(client, doc) for name, doc in (("admin", "1000000001"), ("delegate", "79000001"),
                                                          ("no_menu", "79000002"))}


def test_the_menu_decides_and_the_provider_comes_from_the_token(client, tokens):
    status, body = call(client, "GET", "/indicadores?anio=2024", token=tokens["no_menu"])
    assert (status, body["code"]) == (403, "MENU_NOT_GRANTED")
    assert call(client, "GET", "/indicadores?anio=2024")[0] == 401
    status, report = call(client, "GET", "/indicadores?anio=2024", token=tokens["delegate"])
    assert status == 200
    assert report["totales"] == {"direccionadas": 2, "utilizadas": 1, "porcentaje_prestacion_efectiva": 50.0,
                                 "promedio_dias_oportunidad": 2.0}  # the other provider's authorisation is not here
    assert report["prestacion_efectiva"]["series"][0]["valores"][1] == 50.0
    assert report["prestacion_efectiva"]["series"][0]["unidad"] == "%"
    assert "mes de la fecha de generación" in report["periodo"]


def test_unknown_filters_are_a_400_in_spanish(client, tokens):
    status, body = call(client, "GET", "/indicadores?anio=2024&ambito=spa&sucursal=009", token=tokens["admin"])
    assert status == 400 and body["code"] == "CONSULTA_INVALIDA"
    assert {e["campo"] for e in body["errores"]} == {"ambito", "sucursal"}
    assert "Valores válidos: ambulatorio, hospitalario, urgencias, domiciliario" in body["message"]


def test_reads_are_logged_and_the_workbook_downloads(client, tokens):
    response = client.http.get("/indicadores/archivo?anio=2024&grupo=terapias",
                               headers={"Authorization": f"Bearer {tokens['admin']}", "Accept": XLSX})
    assert response.status_code == 200 and response.headers["Content-Type"] == XLSX
    assert 'filename="indicadores-2024.xlsx"' in response.headers["Content-Disposition"]
    body = response.body if response.body.startswith(b"PK") else base64.b64decode(response.body)
    assert len([p for p in zipfile.ZipFile(io.BytesIO(body)).namelist() if p.startswith("xl/charts/")]) == 4
    call(client, "GET", "/indicadores?anio=2024", token=tokens["admin"])
    status, page = call(client, "GET", "/cuenta/accesos", token=tokens["admin"])
    assert status == 200
    logged = [(e["ruta"], e["parametros"], e["registros"]) for e in page["accesos"]]
    assert ("/indicadores", {"anio": "2024"}, 2) in logged
    assert ("/indicadores/archivo", {"anio": "2024", "grupo": "terapias"}, 2) in logged


@needs_libreoffice
def test_the_workbook_opens_in_libreoffice(client, tokens, tmp_path):
    response = client.http.get("/indicadores/archivo?anio=2024",
                               headers={"Authorization": f"Bearer {tokens['admin']}", "Accept": XLSX})
    body = response.body if response.body.startswith(b"PK") else base64.b64decode(response.body)
    rows = first_sheet_as_rows(body, tmp_path)
    top = next(i for i, row in enumerate(rows) if row[:1] == ["Periodo"])
    assert rows[top][:5] == ["Periodo", "Direccionadas", "Utilizadas", "Prestación efectiva (%)", "Oportunidad (días)"]
    assert rows[top + 2][:5] == ["Febrero 2024", "2", "1", "50.0", "2.0"]
    assert rows[top + 13][:5] == ["Total 2024", "2", "1", "50.0", "2.0"]


def test_a_filter_repeated_in_the_query_keeps_every_value(client, tokens):
    """Issue 22: `ambito=urgencias&ambito=hospitalario` used to keep only the last value (0 authorisations)."""
    status, report = call(client, "GET", "/indicadores?anio=2024&ambito=urgencias&ambito=hospitalario"
                                         "&grupo=terapias&grupo=medicamentos&sucursal=001", token=tokens["admin"])
    assert status == 200
    assert report["filtros"]["ambitos"] == ["hospitalario", "urgencias"]
    assert report["filtros"]["grupos"] == ["medicamentos", "terapias"]
    assert report["totales"]["direccionadas"] == 2
    status, refused = call(client, "GET", "/indicadores?anio=2023&anio=2024", token=tokens["admin"])
    assert (status, refused["errores"]) == (400, [{"campo": "anio", "mensaje": "Envíe un solo valor"}])
    logged = [e["parametros"] for e in call(client, "GET", "/cuenta/accesos", token=tokens["admin"])[1]["accesos"]]
    assert {"anio": "2024", "ambito": "urgencias,hospitalario", "grupo": "terapias,medicamentos",
            "sucursal": "001"} in logged  # every value is in the access log, not the last one


def test_the_openapi_document_shows_the_multi_select_filters_as_arrays(client, aws):
    operation = call(client, "GET", "/openapi.json")[1]["paths"]["/indicadores"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert params["anio"]["required"] is True and params["anio"]["schema"]["type"] == "integer"
    for name in ("ambito", "grupo", "sucursal"):
        assert (params[name]["schema"]["type"], params[name]["style"], params[name]["explode"]) == (
            "array", "form", True)
    assert params["ambito"]["schema"]["items"]["enum"] == ["ambulatorio", "hospitalario", "urgencias", "domiciliario"]


def test_the_downloaded_workbook_says_which_filters_it_answers(client, tokens):
    from openpyxl import load_workbook

    response = client.http.get("/indicadores/archivo?anio=2024&ambito=urgencias&ambito=domiciliario&grupo=terapias",
                               headers={"Authorization": f"Bearer {tokens['admin']}", "Accept": XLSX})
    body = response.body if response.body.startswith(b"PK") else base64.b64decode(response.body)
    rows = list(load_workbook(io.BytesIO(body))["Indicadores"].iter_rows(values_only=True))
    stated = {row[0]: row[1] for row in rows}
    assert (stated["Año"], stated["Ámbito"], stated["Grupo de servicio"], stated["Sucursal"]) == (
        "2024", "Urgencias, Domiciliario", "Terapias", "Todas")
    assert next(row for row in rows if row[0] == "Total 2024")[1:5] == (2, 1, 50, 2)

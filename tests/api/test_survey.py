"""Encuesta de satisfacción through the handlers on the embedded AWS: offer, answer once, validation in
Spanish, the operators' report (JSON and XLSX) and its access log."""

from __future__ import annotations

import io

import openpyxl
import pytest

from chalicelib.access_log.models import AccessLogRecord
from chalicelib.accounts.permissions import OPERATIONS_TENANT
from chalicelib.common.files import XLSX_CONTENT_TYPE, content_disposition
from chalicelib.common.identifiers import DocumentType
from chalicelib.operations.accounts import create_operator
from chalicelib.survey.schemas import RANGE_MESSAGE
from tests import factories
from tests.api.client import call, login
from tests.unit.survey.answers import body

SATISFIED = {"satisfaccion": "SATISFECHO", "facilidad": "FACIL", "recomendacion": 9, "resuelto": "SI"}
UNHAPPY = {"satisfaccion": "INSATISFECHO", "facilidad": "MUY_DIFICIL", "recomendacion": 2, "resuelto": "NO"}


@pytest.fixture
def tokens(client):
    provider = factories.provider()
    factories.membership(factories.person("1000000001"), provider)
    factories.membership(factories.person("79000001"), provider, role="DELEGADO", menus={"PAGOS"})
    factories.membership(factories.person("1000000009"), factories.provider("800987654", "IPS Otra S.A.S."))
    create_operator(DocumentType.CC, "31000111", primer_nombre="Olga", primer_apellido="Mejía",
                    correo="olga@eps.example.co", password="Operadora2024", must_change_password=False)
    return {"admin": login(client, "1000000001"), "delegate": login(client, "79000001"),
            "other": login(client, "1000000009"), "operator": login(client, "31000111", "Operadora2024")}


def test_each_user_answers_once_a_month(client, tokens):
    status, offer = call(client, "GET", "/encuesta", token=tokens["delegate"])
    assert status == 200 and (offer["ofrecer"], offer["puede_responder"]) == (True, True)
    questions = {q["clave"]: q for q in offer["preguntas"]}
    assert [o["etiqueta"] for o in questions["satisfaccion"]["opciones"]] == [
        "Insatisfecho", "Poco Satisfecho", "Neutro", "Satisfecho", "Muy Satisfecho"]
    assert [o["valor"] for o in questions["recomendacion"]["opciones"]] == list(range(11))
    assert questions["resuelto"]["pregunta"] == "¿Resolví tu inquietud?"

    status, receipt = call(client, "POST", "/encuesta/respuesta", SATISFIED, token=tokens["delegate"])
    assert status == 201 and receipt["periodo"] == offer["periodo"]
    status, again = call(client, "POST", "/encuesta/respuesta", UNHAPPY, token=tokens["delegate"])
    assert (status, again["code"]) == (409, "SURVEY_ALREADY_ANSWERED")
    assert again["message"].startswith("Ya respondiste la encuesta de este mes")
    assert call(client, "POST", "/encuesta/omitir", token=tokens["delegate"])[0] == 409
    after = call(client, "GET", "/encuesta", token=tokens["delegate"])[1]
    assert (after["ofrecer"], after["puede_responder"], after["proxima_fecha"]) == (
        False, False, receipt["proxima_fecha"])
    # another user of the same provider, and another provider's, are still asked; nobody sees the answer
    for other in ("admin", "other"):
        status, theirs = call(client, "GET", "/encuesta", token=tokens[other])
        assert theirs["ofrecer"] is True and "SATISFECHO\"" not in str(theirs)
    assert call(client, "GET", "/encuesta")[0] == 401


def test_the_listed_values_are_the_values_accepted(client, tokens):
    """Whatever GET /encuesta lists is what POST takes, with its type (the 0–10 scale is integers in both)."""
    offer = call(client, "GET", "/encuesta", token=tokens["delegate"])[1]
    first = {q["clave"]: q["opciones"][-1]["valor"] for q in offer["preguntas"]}
    assert first["recomendacion"] == 10
    status, _ = call(client, "POST", "/encuesta/respuesta", first, token=tokens["delegate"])
    assert status == 201
    schema = call(client, "GET", "/openapi.json")[1]["components"]["schemas"]["OptionView"]["properties"]["valor"]
    assert {alternative["type"] for alternative in schema["anyOf"]} == {"string", "integer"}


def test_skip_postpones_and_the_icon_still_answers(client, tokens):
    status, receipt = call(client, "POST", "/encuesta/omitir", token=tokens["admin"])
    assert status == 200 and receipt["mensaje"] == "Te recordaremos la encuesta más adelante"
    offer = call(client, "GET", "/encuesta", token=tokens["admin"])[1]
    assert (offer["ofrecer"], offer["puede_responder"], offer["proxima_fecha"]) == (
        False, True, receipt["proxima_fecha"])
    assert call(client, "POST", "/encuesta/respuesta", SATISFIED, token=tokens["admin"])[0] == 201


def test_operators_are_not_surveyed(client, tokens):
    status, refused = call(client, "GET", "/encuesta", token=tokens["operator"])
    assert (status, refused["code"]) == (403, "SURVEY_NOT_FOR_OPERATORS")
    assert call(client, "POST", "/encuesta/respuesta", SATISFIED, token=tokens["operator"])[0] == 403


LEVELS_5 = "INSATISFECHO, POCO_SATISFECHO, NEUTRO, SATISFECHO, MUY_SATISFECHO"


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"recomendacion": 11}, "recomendacion", RANGE_MESSAGE),
    ({"recomendacion": -1}, "recomendacion", RANGE_MESSAGE),
    ({"recomendacion": 7.5}, "recomendacion", RANGE_MESSAGE),
    ({"recomendacion": "7"}, "recomendacion", RANGE_MESSAGE),
    ({"recomendacion": True}, "recomendacion", RANGE_MESSAGE),
    ({"satisfaccion": "CONTENTO"}, "satisfaccion", f"Valor no permitido. Valores válidos: {LEVELS_5}"),
    ({"facilidad": "Fácil"}, "facilidad",
     "Valor no permitido. Valores válidos: MUY_DIFICIL, DIFICIL, NEUTRO, FACIL, MUY_FACIL"),
    ({"resuelto": "TAL_VEZ"}, "resuelto", "Valor no permitido. Valores válidos: SI, NO"),
    ({"resuelto": None}, "resuelto", "Valor no permitido. Valores válidos: SI, NO"),
    ({"comentario": "hola"}, "comentario", "Campo no permitido"),
])
def test_each_answer_is_validated_listing_the_allowed_values(client, tokens, change, field, message):
    status, refused = call(client, "POST", "/encuesta/respuesta", {**SATISFIED, **change}, token=tokens["admin"])
    assert (status, refused["code"]) == (422, "VALIDATION_ERROR")
    assert refused["errores"] == [{"campo": field, "mensaje": message}]
    assert "0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10" in RANGE_MESSAGE
    assert call(client, "GET", "/encuesta", token=tokens["admin"])[1]["puede_responder"] is True  # nothing stored


def test_missing_answers_and_malformed_bodies(client, tokens):
    status, refused = call(client, "POST", "/encuesta/respuesta", {"satisfaccion": "NEUTRO"}, token=tokens["admin"])
    assert status == 422 and {e["campo"] for e in refused["errores"]} == {"facilidad", "recomendacion", "resuelto"}
    assert all(e["mensaje"] == "Campo obligatorio" for e in refused["errores"])
    for raw in ("{no es json", "[1, 2]"):
        status, refused = call(client, "POST", "/encuesta/respuesta", raw, token=tokens["admin"])
        assert (status, refused["code"]) == (400, "MALFORMED_REQUEST")


def test_report_is_for_operators_only(client, tokens):
    for who in ("admin", "delegate"):
        for path in ("/operaciones/encuesta/informe", "/operaciones/encuesta/informe/xlsx"):
            status, refused = call(client, "GET", path, token=tokens[who])
            assert (status, refused["code"]) == (403, "OPERATOR_ONLY")
    assert call(client, "GET", "/operaciones/encuesta/informe")[0] == 401
    assert AccessLogRecord.count("NI#900123456") == 0  # refused: nothing read, nothing logged


def _answer_as_everyone(client, tokens):
    call(client, "POST", "/encuesta/respuesta", SATISFIED, token=tokens["admin"])
    call(client, "POST", "/encuesta/respuesta", UNHAPPY, token=tokens["delegate"])
    call(client, "POST", "/encuesta/respuesta", body(("MUY_SATISFECHO", "MUY_FACIL", 10, "SI")), token=tokens["other"])
    return call(client, "GET", "/encuesta", token=tokens["admin"])[1]["periodo"]


def test_report_counts_every_answer_and_logs_the_read(client, tokens):
    month = _answer_as_everyone(client, tokens)
    status, report = call(client, "GET", f"/operaciones/encuesta/informe?desde={month}&hasta={month}",
                          token=tokens["operator"])
    assert status == 200 and report["canales"] == ["proveedores", "afiliados"]
    rows = {r["canal"]: r for r in report["filas"]}
    # 3 answers: satisfied 2/3, easy 2/3, promoters 2 (9, 10) − detractors 1 (2), resolved 2/3
    assert {k: rows["proveedores"][k] for k in ("respuestas", "csat", "ces", "ces_promedio", "nps", "resuelto")} == {
        "respuestas": 3, "csat": 66.7, "ces": 66.7, "ces_promedio": 3.33, "nps": 33.3, "resuelto": 66.7}
    assert rows["afiliados"]["respuestas"] == 0 and rows["afiliados"]["nps"] is None
    csat = next(s for s in report["series"] if (s["indicador"], s["canal"]) == ("CSAT", "proveedores"))
    assert (csat["etiquetas"], csat["valores"], csat["unidad"]) == ([month], [66.7], "%")

    status, refused = call(client, "GET", "/operaciones/encuesta/informe?desde=2026-13", token=tokens["operator"])
    assert status == 422 and refused["errores"] == [{"campo": "desde", "mensaje": "Mes inválido, use AAAA-MM"}]

    (entry,) = AccessLogRecord.query(OPERATIONS_TENANT)
    assert (entry.route, entry.status, entry.records, entry.person_id, entry.role) == (
        "/operaciones/encuesta/informe", 200, 3, "CC#31000111", "OPERADOR")
    assert entry.params.as_dict() == {"desde": month, "hasta": month}


def test_report_workbook_opens_with_its_figures_and_charts(client, tokens):
    month = _answer_as_everyone(client, tokens)
    response = client.http.get(f"/operaciones/encuesta/informe/xlsx?desde={month}&hasta={month}&canal=proveedores",
                               headers={"Authorization": f"Bearer {tokens['operator']}", "Accept": XLSX_CONTENT_TYPE})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == XLSX_CONTENT_TYPE
    assert response.headers["Content-Disposition"] == content_disposition(f"encuesta_{month}_{month}.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.body))
    assert book.sheetnames == ["Indicadores", "Conteos", "Gráficos"]
    header, row = list(book["Indicadores"].iter_rows(values_only=True))
    assert dict(zip(header, row, strict=True)) == {
        "Mes": month, "Canal": "proveedores", "Respuestas": 3, "CSAT (%)": 66.7, "CES (% fácil)": 66.7,
        "CES promedio (1 a 5)": 3.33, "NPS (puntos porcentuales)": 33.3, "Resuelto (%)": 66.7, "Promotores": 2,
        "Pasivos": 0, "Detractores": 1}
    counts = list(book["Conteos"].iter_rows(min_row=2, values_only=True))
    assert len(counts) == 5 + 5 + 11 + 2
    assert (month, "proveedores", "¿Resolví tu inquietud?", "Sí", 2) in counts
    assert len(book["Gráficos"]._charts) == 4
    (entry,) = AccessLogRecord.query(OPERATIONS_TENANT)
    assert (entry.route, entry.records) == ("/operaciones/encuesta/informe/xlsx", 3)
    assert entry.params.as_dict() == {"desde": month, "hasta": month, "canal": "proveedores"}

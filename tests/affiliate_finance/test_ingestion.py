"""The five financial extracts through ingestion's validation: each rejected row with its Spanish reason, the
accepted ones read back by the screens' Queries."""

from __future__ import annotations

from datetime import date

from chalicelib.affiliate_finance.repository import FinanceRepository
from tests.affiliates.conftest import csv_of, load, validated

LUIS = {"Tipo documento cotizante": "CC", "Número documento cotizante": "1032456789"}
EMPLOYER = {"Tipo documento aportante": "NI", "Número documento aportante": "900123456-8",
            "Razón social aportante": "COMERCIALIZADORA DEMO S EN C"}


def aporte(periodo: str, **extra) -> dict:
    return {**LUIS, **EMPLOYER, "Periodo": periodo, "Fecha de pago": "2025-02-07", "Planilla": "8800000011",
            "Operador": "SIMPLE S.A.", "IBC": "2.280.000", "Días": "30", "Valor": "285000", **extra}


def incapacidad(folio: str, **extra) -> dict:
    return {**LUIS, **EMPLOYER, "Contingencia": "Enfermedad general", "Número folio": folio,
            "Oficina folio": "CALI SUR", "Fecha inicio": "2016-12-12", "Fecha fin": "16/12/2016",
            "Días solicitados": "5", "Días acumulados": "5", "Prórroga": "N", "Diagnóstico": "N23X",
            "Estado": "PAGADA", **extra}


def reasons(entity: str, rows: list[dict]) -> list[str]:
    _, result = validated(entity, csv_of(entity, rows))
    return [reason for rejection in result.rejected for reason in rejection.reasons]


def test_each_bad_row_says_why_in_spanish(aws):
    assert reasons("aportes", [aporte("2025-13")]) == ['Columna "Periodo": periodo inválido, use AAAA-MM']
    assert reasons("aportes", [aporte("2025-01", **{"Número documento aportante": "900123456-1"})]) == [
        'Columna "Número documento aportante": El dígito de verificación del NIT no es válido']
    assert reasons("incapacidades", [incapacidad("1", **{"Diagnóstico": "123"})]) == [
        'Columna "Diagnóstico": "123" no es un código CIE-10 (p. ej. J189 o N23X)']
    assert reasons("incapacidades", [incapacidad("2", Estado="PERDIDA")])[0].startswith(
        'Columna "Estado": valor no permitido')
    invoice = {"Número factura": "FPAC1", "Tipo documento responsable": "CC",
               "Número documento responsable": "1032456789", "Plan": "PAC", "Contrato": "C1", "Periodo": "03/2026",
               "Fecha emisión": "2026-03-02", "Fecha límite": "2026-03-01", "Valor": "100", "Saldo": "200",
               "Estado": "PENDIENTE"}
    assert reasons("facturas_pac", [invoice]) == ['"Fecha límite" es anterior a "Fecha emisión"',
                                                  '"Saldo" supera "Valor"']
    cartera = {"Tipo documento aportante": "CC", "Número documento aportante": "1032456789", "Periodo": "2026-01",
               "Valor esperado": "285000", "Pagado": "85000", "Saldo": "100", "Días de mora": "9"}
    assert reasons("cartera_pbs", [cartera]) == ['"Saldo" debe ser "Valor esperado" menos "Pagado"']


def test_a_range_of_months_is_one_query_of_the_cotizantes_aportes(aws):
    rows = [aporte(f"2025-{m:02d}") for m in range(1, 13)]
    assert load("aportes", csv_of("aportes", rows)).rejected == []
    found = FinanceRepository().aportes_of("CC#1032456789", "2025-03", "2025-05")
    assert [a.periodo for a in found] == ["2025-03", "2025-04", "2025-05"]
    assert found[0].aportante_documento == "NI 900123456" and found[0].ibc == 2_280_000


def test_incapacidades_keep_their_cie10_and_dates(aws):
    assert load("incapacidades", csv_of("incapacidades", [incapacidad("4512300", **{"Diagnóstico": "j18.9"})])
                ).rejected == []
    [item] = FinanceRepository().incapacidades_of("CC#1032456789")
    assert (item.diagnostico, item.fecha_fin, item.contingencia) == ("J189", date(2016, 12, 16), "ENFERMEDAD GENERAL")

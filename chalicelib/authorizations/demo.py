"""The demo authorisations `make run` loads (devstack/demo.py calls `write_files` next to the other extracts): the
demo cotizante (CC 1032456789) and his daughter get an OPS in each state — one of them payable online — MIPRES
prescriptions and copays paid at offices; his younger son has none (the empty MIPRES message). Dated from the day
the files are generated, so "Pagar" and the month filter work whatever day `make run` starts."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from chalicelib.affiliates.demo import COTIZANTE, MENOR_1, DemoPerson

# (persona, días antes de hoy, estado, prestación, CUPS, proveedor, días de vigencia, cuota, recaudo en línea, obs.)
CLINICA = ("CLINICA NUESTRA SEÑORA DE LOS REMEDIOS", "3009125114 - 8023885040", "CALI", "CALLE 5 # 38-25")
NEURO = ("CENTRO MEDICO NEUROLOGOS DE OCCIDENTE SAS", "3877844 - 3009124712", "CALI", "AVENIDA 6N # 25-40")
ALVAREZ = ("CONSULTORIO YOLIMA ALVAREZ", "3103951 - 3147241984", "CALI", "CARRERA 38 # 5A-10")
OPS = (
    (COTIZANTE, 3, "AUTORIZADA", "ELECTROMIOGRAFIA Y NEUROCONDUCCIONES DE 3 EXTREMIDADES", "930810", CLINICA, 30,
     22798, "S", None),
    (COTIZANTE, 5, "AUTORIZADA", "ELECTROMIOGRAFIA Y NEUROCONDUCCIONES DE 2 EXTREMIDADES", "930820", ALVAREZ, 30,
     8211, "N", "La cuota se paga en la IPS"),
    (COTIZANTE, 8, "EN PROCESO", "GIMNASIA ESTANDAR", "933600", None, None, 0, "N", None),
    (COTIZANTE, 12, "ENTREGADA", "CONSULTA DE CONTROL O DE SEGUIMIENTO POR ESPECIALISTA EN NEUROLOGIA", "890374",
     NEURO, 60, 4100, "N", None),
    (COTIZANTE, 20, "NEGADA", "RESONANCIA MAGNETICA DE COLUMNA LUMBAR", "883210", None, None, 0, "N",
     "No cumple criterios de pertinencia médica"),
    (COTIZANTE, 40, "ANULADA", "CONSULTA DE PRIMERA VEZ POR ESPECIALISTA EN ORTOPEDIA", "890280", CLINICA, 30, 4100,
     "N", "Anulada a solicitud del afiliado"),
    (COTIZANTE, 75, "VENCIDA", "TERAPIA FISICA INTEGRAL", "931000", CLINICA, 30, 3500, "S", None),
    (COTIZANTE, 80, "ENTREGADA", "CONSULTA DE PRIMERA VEZ POR ESPECIALISTA EN ORTOPEDIA Y TRAUMATOLOGIA", "890280",
     CLINICA, 60, 4100, "N", None),
    (MENOR_1, 2, "AUTORIZADA", "CONSULTA DE PRIMERA VEZ POR ESPECIALISTA EN PEDIATRIA", "890283", CLINICA, 30, 4100,
     "S", None),
    (MENOR_1, 15, "ENTREGADA", "OPTOMETRIA", "950601", ALVAREZ, 60, 4100, "N", None),
    (MENOR_1, 30, "EN PROCESO", "TERAPIA DE LENGUAJE", "937000", None, None, 0, "N", None),
)
# (persona, días antes de hoy, servicio, código, estado, prestador, vigencia, cuota)
MIPRES = (
    (COTIZANTE, 6, "DORZOLAMIDA SOLUCION OFTALMICA", "19983101", "AUTORIZADA",
     ("DROGUERIA CENTRAL - YERBALES", "CALLE 9 # 40-12", "6024859090"), 30, 3500),
    (COTIZANTE, 1, "SUPLEMENTO NUTRICIONAL EN POLVO", "20061120", "EN PROCESO", None, None, 0),
    (MENOR_1, 45, "FORMULA LACTEA ESPECIAL", "20030515", "ENTREGADA",
     ("DROGUERIA CENTRAL - YERBALES", "CALLE 9 # 40-12", "6024859090"), 30, 0),
)
# (persona, días antes, hora, valor, estado, observaciones)
COPAGOS = (
    (COTIZANTE, 9, "09:22:12", 6358, "Aprobado", None),
    (COTIZANTE, 12, "10:45:58", 2992, "Aprobado", None),
    (COTIZANTE, 15, "11:45:31", 2992, "Rechazado", "La petición ha expirado"),
    (COTIZANTE, 22, "07:43:39", 2133, "Pendiente", None),
    (MENOR_1, 16, "08:58:17", 1000, "Aprobado", None),
)
FIRST_OPS = 35100000
FIRST_PRESOLICITUD = 7100000


def _person(who: DemoPerson) -> dict[str, str]:
    return {"Tipo documento": who.doc_type, "Número documento": who.doc_number}


def ops_rows(today: date) -> list[dict[str, str]]:
    rows = []
    for i, (who, ago, estado, prestacion, cups, proveedor, vigencia, cuota, online, obs) in enumerate(OPS):
        fecha = today - timedelta(days=ago)
        nombre, telefonos, ciudad, direccion = proveedor or ("", "", "", "")
        rows.append({
            "No. Autorización": str(FIRST_OPS + i), "No. Presolicitud": str(FIRST_PRESOLICITUD + i) if i % 2 else "",
            **_person(who), "Fecha": fecha.isoformat(), "Plan": "PBS", "CUPS": cups, "Prestación": prestacion,
            "Estado": estado, "Proveedor": nombre, "Teléfonos proveedor": telefonos, "Ciudad proveedor": ciudad,
            "Dirección proveedor": direccion,
            "F. Vencimiento": (fecha + timedelta(days=vigencia)).isoformat() if vigencia else "",
            "Valor cuota": str(cuota), "Concepto": "CUOTA MODERADORA" if cuota else "", "Recaudo en línea": online,
            "Observaciones": obs or "", "Origen": "PORTAL"})
    return rows


def mipres_rows(today: date) -> list[dict[str, str]]:
    rows = []
    for i, (who, ago, servicio, code, estado, prestador, vigencia, valor) in enumerate(MIPRES):
        fecha = today - timedelta(days=ago)
        nombre, direccion, telefono = prestador or ("", "", "")
        rows.append({
            "No. prescripción": f"2024{FIRST_OPS + 500 + i}", "Consecutivo": "1", "Fecha": fecha.isoformat(),
            **_person(who), "Servicio": servicio, "Código CUPS": code, "Estado": estado, "Prestador asignado": nombre,
            "Dirección prestador": direccion, "Teléfono prestador": telefono,
            "No. autorización": str(FIRST_OPS + 500 + i) if prestador else "",
            "Vencimiento": (fecha + timedelta(days=vigencia)).isoformat() if vigencia else "", "Valor": str(valor),
            "Plan": "PBS"})
    return rows


def copago_rows(today: date) -> list[dict[str, str]]:
    return [{"Recibo de Pago": f"RC{880100 + i}", "N. Autorización": str(FIRST_OPS + 300 + i), **_person(who),
             "Valor": str(valor), "Concepto": "Copagos o cuotas moderadoras",
             "Fecha": (today - timedelta(days=ago)).isoformat(), "Hora": hora, "Estado": estado,
             "Observaciones": obs or ""}
            for i, (who, ago, hora, valor, estado, obs) in enumerate(COPAGOS)]


def _write(path: Path, rows: Iterable[dict[str, str]]) -> int:
    rows = list(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def write_files(out_dir: Path, today: date) -> dict[str, int]:
    """ops_afiliados.csv, mipres.csv and copagos.csv into `out_dir`; rows per file."""
    return {"ops_afiliados": _write(out_dir / "ops_afiliados.csv", ops_rows(today)),
            "mipres": _write(out_dir / "mipres.csv", mipres_rows(today)),
            "copagos": _write(out_dir / "copagos.csv", copago_rows(today))}

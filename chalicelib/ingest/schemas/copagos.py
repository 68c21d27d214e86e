"""Copays paid at the EPS's offices (copagos): the history "Histórico C. Moderadoras y Copagos" shows next to the
portal's own payments (seed 003 §4.2.4)."""

from __future__ import annotations

from chalicelib.authorizations.repository import AuthorizationRepository
from chalicelib.ingest.people import person_columns, person_rule
from chalicelib.ingest.schema import Column, EntitySchema, Kind, TypedRow

ESTADOS = {"Aprobado": "Aprobado", "Pendiente": "Pendiente", "Rechazado": "Rechazado"}

COLUMNS = (
    Column("Recibo de Pago", "recibo", Kind.CODE, required=True, max_length=30),
    Column("N. Autorización", "numero_autorizacion", Kind.DIGITS, max_length=20),
    *person_columns(),
    Column("Valor", "valor", Kind.MONEY, required=True, max_length=9),
    Column("Concepto", "concepto", required=True, max_length=80),
    Column("Fecha", "fecha", Kind.DATE, required=True),
    Column("Hora", "hora", Kind.TIME),
    Column("Estado", "estado", Kind.ENUM, required=True, choices=ESTADOS),
    Column("Observaciones", "observaciones", max_length=200),
)


def put_batch(rows: list[TypedRow]) -> int:
    return AuthorizationRepository().put_copagos(rows)


SCHEMA = EntitySchema(
    name="copagos",
    title="Copagos y cuotas moderadoras pagados en oficinas",
    description="Los pagos de cuotas moderadoras y copagos hechos en las oficinas de la EPS, por afiliado.",
    columns=COLUMNS,
    key_fields=("recibo",),
    key_description="Ítem `affiliate_copagos` (`affiliate` = `<tipo>#<número>`, `recibo`); recargar lo reemplaza.",
    load_order=72,
    put_batch=put_batch,
    provider_field=None,
    check_provider=False,
    row_rules=(person_rule(),),
)

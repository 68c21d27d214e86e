"""Persistence of the affiliates' authorisations: the only module that reads or writes their tables
(authorizations/models.py).

- Ingestion stores raw items (put_*: BatchWriteItem), each OPS in its person's partition keyed by its number, with
  `fecha_key` for the `by_fecha` local index: one person's OPS of one month are one Query, newest first.
- One OPS number is one person's: its owner item (`affiliate` = `AUTORIZACION#<number>`, never an identity, no
  `fecha_key`, so outside the index) names the partition holding it. A load that brings the number under another
  person deletes the copy in the first one's partition in the same batches that write the new one, and only then
  moves the owner item, so a load interrupted in between and run again still finds — and deletes — the old copy.
- What the portal adds (an email queued, a copay paid online) lives in `affiliate_ops_marks`, which loads never
  write: a reload can neither send an email twice nor turn a paid OPS back to AUTORIZADA.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.authorizations.models import CopagoRecord, MipresRecord, OpsMarkRecord, OpsRecord
from chalicelib.authorizations.types import (
    MipresPrescription,
    OfficeCopay,
    Ops,
    OpsEstado,
    Origen,
    Proveedor,
)
from chalicelib.common.aws import client
from chalicelib.common.dynamo_items import batch_get, put_items, strings
from chalicelib.notifications.repository import OutboxMessage, OutboxRepository

_OPS_TEXT = ("fecha", "plan", "cups", "prestacion", "estado", "proveedor_nit", "proveedor_sucursal",
             "proveedor_nombre", "proveedor_telefonos", "proveedor_ciudad", "proveedor_direccion", "vencimiento",
             "concepto", "observaciones", "origen")
_MIPRES_TEXT = ("numero_prescripcion", "fecha", "servicio", "cups", "estado", "prestador", "prestador_direccion",
                "prestador_telefono", "numero_autorizacion", "vencimiento", "plan")
_COPAGO_TEXT = ("numero_autorizacion", "doc_type", "doc_number", "concepto", "estado", "observaciones")
OWNER = "AUTORIZACION#"  # an identity is "<tipo>#<número>": no document type is AUTORIZACION
NOTICE = "AVISO#"
PAID = "PAGO#"


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class AuthorizationRepository:
    def __init__(self, dynamodb=None):
        self._client = dynamodb

    def _db(self):
        return self._client or client("dynamodb")

    # --- writes of the EPS's extracts ------------------------------------------------------------
    def put_ops(self, rows: Iterable[Mapping[str, Any]]) -> int:
        items: dict[str, dict] = {}  # by number: the EPS may correct whose OPS it is, never make it two people's
        for row in rows:
            numero = row["numero_autorizacion"]
            item = strings({"affiliate": {"S": row["identity"]}, "numero": {"S": numero},
                            "fecha_key": {"S": f"{row['fecha']}#{numero}"},
                            "valor_cuota": {"N": str(row["valor_cuota"] or 0)},
                            "recaudo_en_linea": {"BOOL": row["recaudo_en_linea"] == "S"}}, row, _OPS_TEXT)
            if row["numero_presolicitud"]:
                item["presolicitud"] = {"S": row["numero_presolicitud"]}
            items[numero] = item
        db, table_name = self._db(), OpsRecord.Meta.table_name
        owners = self._ops_owners(db, list(items))
        moved = [(owners[numero], numero) for numero, item in items.items()
                 if owners.get(numero, item["affiliate"]["S"]) != item["affiliate"]["S"]]
        written = put_items(db, table_name, items.values(), deleting=[_ops_key(*key) for key in moved])
        put_items(db, table_name, ({**_ops_key(OWNER + numero, numero), "owner": item["affiliate"]}
                                   for numero, item in items.items() if owners.get(numero) != item["affiliate"]["S"]))
        return written

    @staticmethod
    def _ops_owners(db, numeros: list[str]) -> dict[str, str]:
        """No. Autorización → the identity whose partition holds it. Strongly consistent: the previous load's
        owner items were written moments before."""
        keys = [_ops_key(OWNER + numero, numero) for numero in numeros]
        return {item["numero"]["S"]: item["owner"]["S"]
                for answer in batch_get(db, OpsRecord.Meta.table_name, keys, ("numero", "owner"), consistent=True)
                for item in answer}

    def put_mipres(self, rows: Iterable[Mapping[str, Any]]) -> int:
        items = {}
        for row in rows:
            key = f"{row['numero_prescripcion']}#{row['consecutivo']:03d}"
            items[(row["identity"], key)] = strings(
                {"affiliate": {"S": row["identity"]}, "prescripcion_key": {"S": key},
                 "consecutivo": {"N": str(row["consecutivo"])}, "valor": {"N": str(row["valor"] or 0)}},
                row, _MIPRES_TEXT)
        return put_items(self._db(), MipresRecord.Meta.table_name, items.values())

    def put_copagos(self, rows: Iterable[Mapping[str, Any]]) -> int:
        items = {}
        for row in rows:
            fecha = f"{row['fecha']}T{row['hora'] or '00:00:00'}"
            items[(row["identity"], row["recibo"])] = strings(
                {"affiliate": {"S": row["identity"]}, "recibo": {"S": row["recibo"]}, "fecha": {"S": fecha},
                 "valor": {"N": str(row["valor"])}}, row, _COPAGO_TEXT)
        return put_items(self._db(), CopagoRecord.Meta.table_name, items.values())

    # --- reads -------------------------------------------------------------------------------------
    def ops_of(self, identity: str, *, month: str | None = None, presolicitud: str | None = None,
               limit: int | None = None) -> list[Ops]:
        """A person's OPS newest first: of one month ("AAAA-MM") and/or one presolicitud, at most `limit`."""
        condition = OpsRecord.fecha_key.startswith(month) if month else None
        records = OpsRecord.by_fecha.query(
            identity, condition, scan_index_forward=False, limit=limit,
            filter_condition=(OpsRecord.presolicitud == presolicitud) if presolicitud else None,
            page_size=min(limit, 500) if limit else None)
        return self._with_payments([_ops(r) for r in records])

    def ops(self, keys: Iterable[tuple[str, str]]) -> list[Ops]:
        """The OPS of these (identity, No. Autorización), those that exist (one BatchGetItem per 100)."""
        wanted = sorted(set(keys))
        return self._with_payments([_ops(r) for r in OpsRecord.batch_get(wanted)]) if wanted else []

    def mipres_of(self, identity: str) -> list[MipresPrescription]:
        found = [_mipres(r) for r in MipresRecord.query(identity)]
        return sorted(found, key=lambda m: (m.fecha, m.numero_prescripcion, m.consecutivo), reverse=True)

    def copays_of(self, identity: str, ref: str) -> list[OfficeCopay]:
        return [OfficeCopay(recibo=r.recibo, numero_autorizacion=r.numero_autorizacion, affiliate_ref=ref,
                            doc_type=r.doc_type, doc_number=r.doc_number, valor=int(r.valor), concepto=r.concepto,
                            fecha=datetime.fromisoformat(r.fecha), estado=r.estado, observaciones=r.observaciones)
                for r in CopagoRecord.query(identity)]

    # --- marks -------------------------------------------------------------------------------------
    def noticed(self, numeros: Iterable[str]) -> set[str]:
        """The authorisation numbers whose email was already queued."""
        wanted = sorted({NOTICE + n for n in numeros})
        if not wanted:
            return set()
        return {r.mark.removeprefix(NOTICE) for r in OpsMarkRecord.batch_get(wanted, attributes_to_get=["mark"])}

    def queue_notice(self, numero: str, affiliate: str, message: OutboxMessage, at: datetime) -> bool:
        """The mark and the email in one transaction; False (nothing written) if this number's email was queued."""
        mark = OpsMarkRecord(NOTICE + numero, affiliate=affiliate, at=at.astimezone(UTC).isoformat())
        try:
            with TransactWrite(connection=OpsMarkRecord._get_connection().connection) as tx:
                tx.save(mark, condition=OpsMarkRecord.mark.does_not_exist())
                OutboxRepository().transact_save(tx, message)
        except TransactWriteError as exc:
            if any(r is not None and r.code == "ConditionalCheckFailed" for r in exc.cancellation_reasons):
                return False
            raise
        return True

    def mark_paid(self, identity: str, numero: str, payment_id: str, at: datetime) -> bool:
        """The OPS shows ENTREGADA from now on; False if it was already marked paid (by any payment)."""
        try:
            OpsMarkRecord(PAID + numero, affiliate=identity, payment_id=payment_id,
                          at=at.astimezone(UTC).isoformat()).save(condition=OpsMarkRecord.mark.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def _with_payments(self, found: list[Ops]) -> list[Ops]:
        authorized = [o for o in found if o.estado is OpsEstado.AUTORIZADA]
        if not authorized:
            return found
        paid = {r.mark.removeprefix(PAID): r for r in OpsMarkRecord.batch_get(
            sorted({PAID + o.numero_autorizacion for o in authorized}))}
        return [_paid(o, paid[o.numero_autorizacion].payment_id)
                if o.estado is OpsEstado.AUTORIZADA and o.numero_autorizacion in paid
                and paid[o.numero_autorizacion].affiliate == o.affiliate else o for o in found]


def _ops_key(affiliate: str, numero: str) -> dict:
    return {"affiliate": {"S": affiliate}, "numero": {"S": numero}}


def _paid(ops: Ops, payment_id: str | None) -> Ops:
    return replace(ops, estado=OpsEstado.ENTREGADA, pago_id=payment_id)


def _ops(r: OpsRecord) -> Ops:
    return Ops(
        affiliate=r.affiliate, numero_autorizacion=r.numero, numero_presolicitud=r.presolicitud,
        fecha=date.fromisoformat(r.fecha), plan=r.plan, cups=r.cups, prestacion=r.prestacion,
        estado=OpsEstado(r.estado),
        proveedor=Proveedor(r.proveedor_nit, r.proveedor_sucursal, r.proveedor_nombre, r.proveedor_telefonos,
                            r.proveedor_ciudad, r.proveedor_direccion),
        vencimiento=_date(r.vencimiento), valor_cuota=int(r.valor_cuota or 0), concepto=r.concepto,
        recaudo_en_linea=bool(r.recaudo_en_linea), observaciones=r.observaciones, origen=Origen(r.origen))


def _mipres(r: MipresRecord) -> MipresPrescription:
    return MipresPrescription(
        affiliate=r.affiliate, numero_prescripcion=r.numero_prescripcion, consecutivo=int(r.consecutivo),
        fecha=date.fromisoformat(r.fecha), servicio=r.servicio, cups=r.cups, estado=OpsEstado(r.estado),
        prestador=r.prestador, prestador_direccion=r.prestador_direccion, prestador_telefono=r.prestador_telefono,
        numero_autorizacion=r.numero_autorizacion, vencimiento=_date(r.vencimiento), valor=int(r.valor or 0),
        plan=r.plan)

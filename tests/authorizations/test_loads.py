"""The three extracts through ingestion's own steps into the real repository (embedded AWS): rows refused with a
Spanish reason, a person's month in one Query, the AUTORIZADA email queued once across reloads (and once per
authorisation whichever file brings it), the MIPRES certificate's text, a paid OPS kept ENTREGADA by a reload."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta

import pytest

from chalicelib.affiliates import demo as people
from chalicelib.authorizations import demo
from chalicelib.authorizations.emails import MIPRES_SUBJECT
from chalicelib.authorizations.repository import AuthorizationRepository
from chalicelib.authorizations.types import OpsEstado
from chalicelib.common import clock
from chalicelib.common.aws import client
from chalicelib.common.clock import BOGOTA
from chalicelib.notifications.repository import OutboxRepository
from devstack.demodata import generate
from tests.affiliates.conftest import TODAY, load, validated

OPENING = datetime.combine(TODAY, time(9, 0), BOGOTA)
AFFILIATE_EXTRACTS = ("providers", "afiliados", "grupo_familiar")


def csv_bytes(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def queued() -> list:
    return OutboxRepository().due(clock.epoch_seconds() + 1, 100)


@pytest.fixture
def demo_files(tmp_path) -> dict[str, bytes]:
    generate(tmp_path, providers=2, invoices_per_provider=0, seed=5, today=TODAY)
    return {path.stem: path.read_bytes() for path in tmp_path.glob("*.csv")}


@pytest.fixture
def family(aws, clock_at, demo_files):
    clock_at(OPENING.timestamp())
    for entity in AFFILIATE_EXTRACTS:
        assert load(entity, demo_files[entity]).rejected == [], entity
    from chalicelib import wiring
    directory = wiring.affiliate_directory()
    return {person: directory.find(person.identity) for person in people.FAMILY}


def test_the_demo_extracts_load_whole_with_every_state(family):
    for entity, rows in (("ops_afiliados", demo.ops_rows(TODAY)), ("mipres", demo.mipres_rows(TODAY)),
                         ("copagos", demo.copago_rows(TODAY))):
        result = load(entity, csv_bytes(rows))
        assert (result.rejected, result.accepted_rows) == ([], len(rows)), entity
    shown = {o.estado for who in (people.COTIZANTE, people.MENOR_1)
             for o in AuthorizationRepository().ops_of(who.identity)}
    assert shown == {OpsEstado.EN_PROCESO, OpsEstado.AUTORIZADA, OpsEstado.ENTREGADA, OpsEstado.NEGADA,
                     OpsEstado.ANULADA, OpsEstado.VENCIDA}


def test_rows_refused_with_a_spanish_reason(family):
    good = demo.ops_rows(TODAY)[0]
    bad = [
        {**good, "No. Autorización": "9001", "Proveedor": "", "Teléfonos proveedor": ""},
        {**good, "No. Autorización": "9002", "Estado": "APROBADA"},
        {**good, "No. Autorización": "9003", "Valor cuota": "0", "Concepto": ""},
        {**good, "No. Autorización": "9004", "F. Vencimiento": "2020-01-01"},
        {**good, "No. Autorización": "9005", "Tipo documento": "NI"},
    ]
    _, result = validated("ops_afiliados", csv_bytes(bad))
    reasons = " | ".join(reason for row in result.rejected for reason in row.reasons)
    for expected in ('Una OPS AUTORIZADA lleva "Proveedor" y "F. Vencimiento"', 'valor no permitido',
                     '"Recaudo en línea" S requiere un "Valor cuota" mayor que cero',
                     '"F. Vencimiento" es anterior a "Fecha"', 'el NIT no es un documento de persona'):
        assert expected in reasons
    assert len(result.rejected) == len(bad)


def test_one_month_of_a_person_is_one_query_newest_first(family):
    load("ops_afiliados", csv_bytes(demo.ops_rows(TODAY)))
    repository = AuthorizationRepository()
    month = TODAY.isoformat()[:7]
    found = repository.ops_of(people.COTIZANTE.identity, month=month)
    assert found and all(o.fecha.isoformat().startswith(month) for o in found)
    assert [o.fecha for o in found] == sorted((o.fecha for o in found), reverse=True)
    assert len(repository.ops_of(people.COTIZANTE.identity, limit=2)) == 2
    carried = next(o for o in repository.ops_of(people.COTIZANTE.identity) if o.numero_presolicitud)
    assert [o.numero_autorizacion for o in repository.ops_of(
        people.COTIZANTE.identity, presolicitud=carried.numero_presolicitud)] == [carried.numero_autorizacion]


def test_an_authorised_ops_is_emailed_once_across_reloads(family):
    rows = demo.ops_rows(TODAY)
    authorised = [r for r in rows if r["Estado"] == "AUTORIZADA"]
    load("ops_afiliados", csv_bytes(rows))
    first = queued()
    assert len(first) == len(authorised)
    load("ops_afiliados", csv_bytes(rows))
    assert len(queued()) == len(authorised)
    in_process = next(r for r in rows if r["Estado"] == "EN PROCESO" and r["Tipo documento"] == "CC")
    moved = [{**r, "Estado": "AUTORIZADA", "Proveedor": "CLINICA NUESTRA", "F. Vencimiento": r["Fecha"],
              "Ciudad proveedor": "CALI"} if r is in_process else r for r in rows]
    load("ops_afiliados", csv_bytes(moved))
    load("ops_afiliados", csv_bytes(moved))
    emails = queued()
    assert len(emails) == len(authorised) + 1
    (new,) = [m for m in emails if in_process["No. Autorización"] in m.subject]
    assert new.to == family[people.COTIZANTE].contact.correo and "AUTORIZADA" in new.text


def test_a_minors_email_goes_to_the_cotizante(family):
    load("ops_afiliados", csv_bytes([r for r in demo.ops_rows(TODAY) if r["Tipo documento"] == people.MENOR_1.doc_type
                                     and r["Estado"] == "AUTORIZADA"]))
    (message,) = queued()
    assert message.to == family[people.COTIZANTE].contact.correo
    assert family[people.MENOR_1].full_name in message.text


def test_the_mipres_certificate_once_whichever_file_brings_the_authorisation(family):
    rows = demo.mipres_rows(TODAY)
    load("mipres", csv_bytes(rows))
    load("mipres", csv_bytes(rows))
    (message,) = queued()
    me, row = family[people.COTIZANTE], rows[0]
    assert message.subject == MIPRES_SUBJECT
    for line in (MIPRES_SUBJECT, "Cordial Saludo,", f"Nombre: {me.full_name}", f"identificación: CC {me.doc_number}",
                 "Plan: PBS", f"Rango Salarial: {me.rango_salarial}", f"Derecho: {me.derecho}", "IPS Primaria: ",
                 "IPS: DROGUERIA CENTRAL - YERBALES", "dirección: CALLE 9 # 40-12", "teléfono: 6024859090",
                 "SERVICIOS AUTORIZADOS",
                 f"{row['No. autorización']} | {row['Vencimiento']} | 19983101 | DORZOLAMIDA SOLUCION OFTALMICA"
                 " | $3500",
                 "fueron aprobados electrónicamente a las IPS", "cuota de recuperación."):
        assert line in message.text
    as_ops = {**demo.ops_rows(TODAY)[0], "No. Autorización": row["No. autorización"], "Origen": "MIPRES"}
    load("ops_afiliados", csv_bytes([as_ops]))
    assert len(queued()) == 1


def test_a_copay_paid_online_stays_delivered_after_a_reload(family):
    rows = demo.ops_rows(TODAY)
    load("ops_afiliados", csv_bytes(rows))
    payable = rows[0]
    repository = AuthorizationRepository()
    key = (people.COTIZANTE.identity, payable["No. Autorización"])
    assert repository.mark_paid(*key, "pay-1", datetime.now(UTC)) is True
    assert repository.mark_paid(*key, "pay-2", datetime.now(UTC)) is False
    load("ops_afiliados", csv_bytes(rows))
    (shown,) = repository.ops([key])
    assert (shown.estado, shown.pago_id) == (OpsEstado.ENTREGADA, "pay-1")


def test_office_copays_are_stored_per_person(family):
    load("copagos", csv_bytes(demo.copago_rows(TODAY)))
    mine = AuthorizationRepository().copays_of(people.COTIZANTE.identity, "ref-1")
    assert {(c.estado, c.observaciones) for c in mine} >= {("Rechazado", "La petición ha expirado"),
                                                          ("Aprobado", None), ("Pendiente", None)}
    assert all(c.affiliate_ref == "ref-1" and c.fecha.date() <= TODAY for c in mine)


def _numbers(identity: str, **filters) -> list[str]:
    return [o.numero_autorizacion for o in AuthorizationRepository().ops_of(identity, **filters)]


def _owned_by(row: dict, who) -> dict:
    return {**row, "Tipo documento": who.doc_type, "Número documento": who.doc_number}


def test_an_ops_the_eps_gives_to_another_person_leaves_the_first(family):
    rows = demo.ops_rows(TODAY)
    load("ops_afiliados", csv_bytes(rows))
    delivered = next(r for r in rows if r["Tipo documento"] == "TI" and r["Estado"] == "ENTREGADA")
    numero, month = delivered["No. Autorización"], delivered["Fecha"][:7]
    corrected = [_owned_by(r, people.MENOR_2) if r is delivered else r for r in rows]
    load("ops_afiliados", csv_bytes(corrected))
    load("ops_afiliados", csv_bytes(corrected))  # a retried write changes nothing
    repository = AuthorizationRepository()
    assert numero not in _numbers(people.MENOR_1.identity)
    assert numero not in _numbers(people.MENOR_1.identity, month=month)
    assert repository.ops([(people.MENOR_1.identity, numero)]) == []
    assert _numbers(people.MENOR_2.identity) == [numero]
    assert _numbers(people.MENOR_2.identity, month=month) == [numero]
    everyone = [who.identity for who in people.FAMILY]
    assert [o.affiliate for o in repository.ops([(who, numero) for who in everyone])] == [people.MENOR_2.identity]


def test_an_ops_moved_twice_and_back_is_listed_once(family):
    rows = demo.ops_rows(TODAY)
    load("ops_afiliados", csv_bytes(rows))
    first = rows[0]
    for who in (people.MENOR_1, people.MENOR_2, people.COTIZANTE):
        load("ops_afiliados", csv_bytes([_owned_by(r, who) if r is first else r for r in rows]))
    assert _numbers(people.COTIZANTE.identity).count(first["No. Autorización"]) == 1
    assert first["No. Autorización"] not in _numbers(people.MENOR_1.identity) + _numbers(people.MENOR_2.identity)


def test_a_reload_changing_other_fields_keeps_one_ops(family):
    rows = demo.ops_rows(TODAY)
    load("ops_afiliados", csv_bytes(rows))
    first = rows[0]
    earlier = (TODAY.replace(day=1) - timedelta(days=20)).isoformat()
    changed = [{**r, "Fecha": earlier, "Estado": "NEGADA", "Observaciones": "Sin soporte"} if r is first else r
               for r in rows]
    load("ops_afiliados", csv_bytes(changed))
    mine = AuthorizationRepository().ops_of(people.COTIZANTE.identity)
    assert len(mine) == len([r for r in rows if r["Tipo documento"] == "CC"])
    (shown,) = [o for o in mine if o.numero_autorizacion == first["No. Autorización"]]
    assert (shown.fecha.isoformat(), shown.estado, shown.observaciones) == (earlier, OpsEstado.NEGADA, "Sin soporte")
    assert first["No. Autorización"] not in _numbers(people.COTIZANTE.identity, month=first["Fecha"][:7])


class _DiesAfterOneBatch:
    """DynamoDB as a write task sees it when its Lambda dies after its first BatchWriteItem."""

    def __init__(self, dynamodb):
        self._dynamodb, self._batches = dynamodb, 0

    def __getattr__(self, name):
        return getattr(self._dynamodb, name)

    def batch_write_item(self, RequestItems):  # noqa: N803 (botocore's parameter name)
        self._batches += 1
        if self._batches > 1:
            raise ConnectionError("the task died")
        return self._dynamodb.batch_write_item(RequestItems=RequestItems)


def test_a_move_interrupted_and_run_again_leaves_no_copy_behind(family):
    rows = demo.ops_rows(TODAY)
    load("ops_afiliados", csv_bytes(rows))
    first = rows[0]
    records, _ = validated("ops_afiliados", csv_bytes([_owned_by(first, people.MENOR_2)]))
    with pytest.raises(ConnectionError):
        AuthorizationRepository(_DiesAfterOneBatch(client("dynamodb"))).put_ops(records)
    AuthorizationRepository().put_ops(records)  # the task's retry
    assert first["No. Autorización"] not in _numbers(people.COTIZANTE.identity)
    assert _numbers(people.MENOR_2.identity) == [first["No. Autorización"]]

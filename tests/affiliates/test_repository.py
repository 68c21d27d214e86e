"""The affiliates' repository on the embedded AWS: extracts loaded through ingestion's own steps, read back as the
frozen types; novedades laid over the extract until an extract dated after them; a family read in constant
requests; refs opaque."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from chalicelib.affiliates import demo
from chalicelib.affiliates.models import AffiliateRecord, NovedadesRecord
from chalicelib.affiliates.types import Contact, TipoAfiliado, TipoCotizante
from chalicelib.common import clock
from tests.affiliates.conftest import TODAY, csv_of, repository_dated, validated

DEMO_NIT = "900123456"


def test_the_demo_family_reads_back_as_the_extract_says(demo_loaded, repository):
    cotizante = repository.find(demo.COTIZANTE.identity)
    assert (cotizante.primer_nombre, cotizante.segundo_apellido, cotizante.doc_number) == ("LUIS", "RUIZ", "1032456789")
    assert cotizante.tipo_afiliado is TipoAfiliado.COTIZANTE and isinstance(cotizante.tipo_cotizante, TipoCotizante)
    assert cotizante.fecha_nacimiento == demo.COTIZANTE.birth_date(TODAY)
    assert (cotizante.contact.departamento_residencia, cotizante.contact.ciudad_residencia) == ("Valle del Cauca",
                                                                                              "Cali")
    assert cotizante.contact.celular == demo.COTIZANTE.celular and cotizante.recien_nacido is False
    assert (cotizante.ips_primaria_nit, cotizante.ips_primaria_sucursal) == (DEMO_NIT, "001")
    assert repository.find_by_ref(cotizante.ref) == cotizante
    assert repository.find("CC#1") is None and repository.find_by_ref("no-such-ref") is None

    links = repository.family_of(demo.COTIZANTE.identity)
    assert {link.beneficiario: link.parentesco for link in links} == {
        p.identity: p.parentesco for p in demo.BENEFICIARIES}
    assert all(link.current_on(TODAY) for link in links)
    assert [link.cotizante for link in repository.cotizantes_of(demo.MENOR_1.identity)] == [demo.COTIZANTE.identity]
    minors = [p for p in demo.FAMILY if repository.find(p.identity).is_minor_on(TODAY)]
    assert minors == [demo.MENOR_1, demo.MENOR_2]

    [plan] = repository.pac_plans_of(demo.COTIZANTE.identity)
    assert (plan.plan, plan.contrato, plan.titular, plan.estado) == (demo.PAC_PLAN, demo.PAC_CONTRACT,
                                                                    demo.COTIZANTE.identity, "ACTIVO")
    pending = repository.pending_documents_of([p.identity for p in demo.FAMILY])
    assert {(d.affiliate, d.tipo_soporte) for d in pending} == {
        (p.identity, support) for p, support in demo.PENDING_DOCUMENTS}


def test_the_ips_network_comes_from_the_provider_registry(demo_loaded, repository):
    site = repository.ips_site(DEMO_NIT, "001")
    assert site.ips_primaria and site.municipio == "Cali" and site.direccion and site.telefono.startswith("60")
    assert site.name.startswith("Clínica Demo del Valle S.A.S. - ")
    assert repository.ips_site(DEMO_NIT, "999") is None
    assert set(repository.ips_sites([(DEMO_NIT, "001"), (DEMO_NIT, "003"), ("800000000", "001")])) == {
        (DEMO_NIT, "001"), (DEMO_NIT, "003")}
    primary = repository.primary_ips_in("Valle del Cauca", "Cali")
    assert {(s.nit, s.sucursal) for s in primary} >= {(DEMO_NIT, "001"), (DEMO_NIT, "002")}
    assert all(s.ips_primaria and s.municipio == "Cali" for s in primary)


def test_a_novedad_survives_an_older_extract_and_yields_to_a_newer_one(demo_loaded, demo_files, repository):
    records, _ = validated("afiliados", demo_files["afiliados"])
    who = [demo.COTIZANTE.identity, demo.MENOR_1.identity]
    repository_dated(date(2026, 3, 1)).put_affiliates(records)
    at = datetime(2026, 3, 5, 15, 30, tzinfo=UTC)
    novedad = repository.record(who, Contact(celular="3001112233", barrio="EL LIDO"), at=at, channel="portal")
    assert novedad
    for identity in who:
        shown = repository.find(identity).contact
        assert (shown.celular, shown.barrio) == ("3001112233", "EL LIDO")
    assert repository.find(demo.CONYUGE.identity).contact.celular == demo.CONYUGE.celular

    repository_dated(date(2026, 3, 4)).put_affiliates(records)  # an extract cut before the edit, loaded after it
    assert repository.many(who)[demo.COTIZANTE.identity].contact.celular == "3001112233"
    assert repository.pending_for(who) == {identity: [(at, Contact(celular="3001112233", barrio="EL LIDO"))]
                                           for identity in who}

    exported = sorted(repository.every_pending(), key=lambda n: n.identity)
    assert [(n.novedad_id, n.identity, n.at, n.channel, n.contact.barrio) for n in exported] == [
        (novedad, identity, at, "portal", "EL LIDO") for identity in sorted(who)]

    repository_dated(date(2026, 3, 6)).put_affiliates(records)  # dated after the edit: the EPS has it now
    assert repository.find(demo.COTIZANTE.identity).contact.celular == demo.COTIZANTE.celular
    assert repository.pending_for(who) == {}
    assert list(repository.every_pending()) == []


def test_later_novedades_win_field_by_field(demo_loaded, repository):
    identity = demo.COTIZANTE.identity
    now = clock.utcnow()  # the demo extract was loaded today
    repository.record([identity], Contact(celular="3209998877"), at=now + timedelta(minutes=2), channel="portal")
    repository.record([identity], Contact(celular="3001112233", barrio="EL LIDO"), at=now + timedelta(minutes=1),
                      channel="portal")
    shown = repository.find(identity).contact
    assert (shown.celular, shown.barrio) == ("3209998877", "EL LIDO")
    assert len(repository.pending_for([identity])[identity]) == 2


def test_the_ref_is_opaque_and_stable(demo_loaded, demo_files, repository):
    first = {p.identity: repository.find(p.identity).ref for p in demo.FAMILY}
    for person in demo.FAMILY:
        ref = first[person.identity]
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", ref)
        assert person.doc_number not in ref and not re.search(r"\d{5,}", ref)
    assert len(set(first.values())) == len(first)
    records, _ = validated("afiliados", demo_files["afiliados"])
    repository_dated(date(2026, 4, 1)).put_affiliates(records)
    assert {p.identity: repository.find(p.identity).ref for p in demo.FAMILY} == first


def _family_rows(size: int) -> tuple[list[dict], list[str]]:
    rows = [{"Tipo documento": "CC", "Número documento": str(70_000_000 + n), "Primer nombre": "PERSONA",
             "Primer apellido": f"NÚMERO {n}", "Fecha nacimiento": "1990-01-01", "Género": "F",
             "Régimen": "CONTRIBUTIVO", "Tipo afiliado": "BENEFICIARIO", "Estado afiliación": "ACTIVO"}
            for n in range(size)]
    return rows, [f"CC#{70_000_000 + n}" for n in range(size)]


def _requests_of(work) -> Counter:
    """DynamoDB requests the affiliates' models send while `work` runs (PynamoDB's botocore clients)."""
    counted: Counter = Counter()

    def count(event_name: str, **_kwargs) -> None:
        counted[event_name.rsplit(".", 1)[-1]] += 1

    clients = [model._get_connection().connection.client for model in (AffiliateRecord, NovedadesRecord)]
    for client in clients:
        client.meta.events.register("before-call.dynamodb", count)
    try:
        work()
    finally:
        for client in clients:
            client.meta.events.unregister("before-call.dynamodb", count)
    return counted


def test_many_reads_a_family_in_the_same_requests_whatever_its_size(aws, repository):
    rows, identities = _family_rows(60)
    records, _ = validated("afiliados", csv_of("afiliados", rows))
    repository.put_affiliates(records)
    repository.record(identities[:3], Contact(barrio="CENTRO"), at=clock.utcnow(), channel="portal")
    small = _requests_of(lambda: repository.many(identities[:3]))
    large = _requests_of(lambda: repository.many(identities))
    assert small == large == Counter({"BatchGetItem": 2})
    assert len(repository.many(identities)) == 60 and repository.many([]) == {}
    assert repository.many(identities[:3])[identities[0]].contact.barrio == "CENTRO"


def test_the_wiring_hands_out_the_repository(demo_loaded):
    from chalicelib import wiring
    from chalicelib.affiliates.ports import AffiliateDirectory, Novedades

    directory: AffiliateDirectory = wiring.affiliate_directory()
    novedades: Novedades = directory
    assert directory.find(demo.COTIZANTE.identity).doc_number == demo.COTIZANTE.doc_number
    assert novedades.pending_for([demo.COTIZANTE.identity]) == {}


def test_the_export_reads_every_pending_novedad_page_by_page(aws, repository):
    rows, identities = _family_rows(230)
    records, _ = validated("afiliados", csv_of("afiliados", rows))
    repository_dated(date(2026, 3, 1)).put_affiliates(records)
    for start in range(0, 120, 60):  # a transaction holds at most 100 people (a family is far fewer)
        repository.record(identities[start:start + 60], Contact(barrio="CENTRO"),
                          at=datetime(2026, 3, 5, tzinfo=UTC), channel="portal")
    for start in range(100, 230, 65):  # older than the extract: the EPS has it already
        repository.record(identities[start:start + 65], Contact(celular="3001112233"),
                          at=datetime(2026, 2, 1, tzinfo=UTC), channel="portal")
    exported = list(repository.every_pending())
    assert sorted(n.identity for n in exported) == sorted(identities[:120])
    assert {n.contact for n in exported} == {Contact(barrio="CENTRO")}

"""Cambio de IPS (seed 003 §4.1.3): consulta, IPS actual, prefilled form, IPS deseada among the primary IPS of
the municipio; one request in process per person; operators approve or reject with a reason, mailed."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.affiliates.schemas import IpsChangeDecisionBody, IpsChangeForm
from chalicelib.common.errors import Conflict, InvalidInput, NotFound
from chalicelib.common.validation import parse_body
from tests.affiliates.micuenta.fakes import OPERATOR, beneficiary, caller

FORM = {"telefono_residencia": "6023456789", "telefono_fijo_alternativo": "6029876543", "celular": "3104567890",
        "direccion_residencia": "CALLE 5 # 38-25", "departamento_residencia": "Valle del Cauca",
        "municipio_residencia": "Cali", "motivo": "Cambio de residencia", "ips_deseada": "800111222-010"}


def form(person, **values) -> IpsChangeForm:
    return parse_body(IpsChangeForm, {**FORM, "ref": person.ref, **values})


def test_the_page_verifies_the_current_ips_and_prefills_the_form(family):
    page = family.ips_change.page(caller(family.people["me"]))
    me, sofia = page.personas[0], page.personas[1]
    assert [p.nombre.split()[0] for p in page.personas] == ["LUIS", "SOFIA", "TOMAS"]
    assert me.ips_actual.nombre == "COMFANDI EL PRADO" and sofia.ips_actual.nombre == "COMFANDI SAN NICOLAS"
    assert me.formulario.celular == "3104567890" and me.formulario.municipio_residencia == "Cali"
    # primary IPS of Cali only: not the current one, not an administrative site, not Palmira's
    assert {i.nombre for i in me.ips_disponibles} == {"COMFANDI SAN NICOLAS", "IPS NORTE"}
    assert "Cambio de residencia" in page.motivos and me.solicitud_en_tramite is None


def test_the_page_reads_the_primary_ips_once_per_municipio(family):
    def requests_of_the_page() -> int:
        family.directory.requests = 0
        family.ips_change.page(caller(family.people["me"]))
        return family.directory.requests

    three_people = requests_of_the_page()
    for n in range(4):  # four more minors in the same municipio
        child = family.directory.add(beneficiary("RC", f"11080000{n}", date(2020, 1, 1), f"NENA{n}"))
        family.directory.link(family.people["me"], child)
    assert len(family.ips_change.page(caller(family.people["me"])).personas) == 7
    assert requests_of_the_page() == three_people


def test_a_request_is_sent_mailed_and_shown_in_process(family):
    me, tomas = family.people["me"], family.people["tomas"]
    sent = family.ips_change.request(caller(me), form(tomas))
    request = family.requests.ips_changes[sent.solicitud]
    assert (request.affiliate, request.requested_by, request.desired_name) == (tomas.identity, me.identity,
                                                                                "IPS NORTE")
    [email] = family.mailer.sent
    assert email.to == me.contact.correo and "TOMAS GÓMEZ RUIZ" in email.text and "IPS NORTE" in email.text
    shown = family.ips_change.page(caller(me)).personas[2].solicitud_en_tramite
    assert shown.solicitud == sent.solicitud and shown.estado == "EN_TRAMITE"


def test_one_open_request_per_person_until_an_operator_decides(family):
    me, tomas = family.people["me"], family.people["tomas"]
    first = family.ips_change.request(caller(me), form(tomas))
    with pytest.raises(Conflict):
        family.ips_change.request(caller(me), form(tomas, motivo="Otro"))
    family.ips_change.request(caller(me), form(me))  # another person is free
    family.ips_queue.decide(OPERATOR, first.solicitud,
                            IpsChangeDecisionBody(decision="RECHAZAR", motivo="Sin cupo en la IPS"), "10.0.0.1")
    decided = family.mailer.sent[-1]
    assert "RECHAZADA" in decided.text and "Sin cupo en la IPS" in decided.text and decided.to == me.contact.correo
    family.ips_change.request(caller(me), form(tomas))


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"ips_deseada": "800333444-001"}, "ips_deseada", "Elija una IPS primaria del municipio de residencia"),
    ({"ips_deseada": "800111222-099"}, "ips_deseada", "Elija una IPS primaria del municipio de residencia"),
    ({"ips_deseada": "900123456-001"}, "ips_deseada", "Esa ya es la IPS primaria actual"),
    ({"municipio_residencia": "Medellín"}, "municipio_residencia", "El municipio no pertenece a Valle del Cauca"),
])
def test_the_ips_deseada_must_be_a_primary_ips_of_the_municipio(family, values, field, message):
    me = family.people["me"]
    with pytest.raises(InvalidInput) as refused:
        family.ips_change.request(caller(me), form(me, **values))
    assert refused.value.details == [{"campo": field, "mensaje": message}]


def test_moving_to_palmira_offers_palmiras_ips(family):
    me = family.people["me"]
    family.ips_change.request(caller(me), form(me, municipio_residencia="Palmira", ips_deseada="800333444-001"))


@pytest.mark.parametrize("who", ["adult", "spouse"])
def test_an_adult_or_the_spouse_is_404(family, who):
    with pytest.raises(NotFound):
        family.ips_change.request(caller(family.people["me"]), form(family.people[who]))


@pytest.mark.parametrize(("values", "field"), [
    ({"celular": "123"}, "celular"), ({"motivo": "Porque sí"}, "motivo"),
    ({"telefono_residencia": ""}, "telefono_residencia"), ({"ips_deseada": "cualquiera"}, "ips_deseada")])
def test_the_form_refuses_each_field_in_spanish(family, values, field):
    with pytest.raises(InvalidInput) as refused:
        form(family.people["me"], **values)
    assert [d["campo"] for d in refused.value.details] == [field]

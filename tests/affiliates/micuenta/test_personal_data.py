"""Datos personales (seed 003 §4.1.1): self and own minors, several at once; a new email confirmed at its address;
adults, the spouse and strangers are 404; a child leaves the cotizante's hands on their 18th birthday."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from chalicelib.affiliates.personal_data import INDIVIDUAL_UPDATE
from chalicelib.affiliates.schemas import PersonalDataUpdate
from chalicelib.affiliates.types import Contact
from chalicelib.common.errors import InvalidInput, NotFound
from chalicelib.common.validation import parse_body
from tests.affiliates.micuenta.fakes import caller

FORM = {"departamento_residencia": "valle del cauca", "ciudad_residencia": "CALI",
        "direccion_residencia": "CARRERA 80 # 12-40", "barrio": "CAPRI", "telefono_residencia": "6023456789"}


def update(**values) -> PersonalDataUpdate:
    return parse_body(PersonalDataUpdate, {**FORM, **values})


def test_the_page_lists_self_and_own_minors_with_the_ley_1581_notice(family):
    page = family.personal_data.page(caller(family.people["me"]))
    assert [p.nombre.split()[0] for p in page.personas] == ["LUIS", "SOFIA", "TOMAS"]
    assert page.personas[0].titular and not page.personas[1].titular
    assert "Ley 1581 de 2012" in page.aviso and "1712" not in page.aviso
    assert page.obligatorios == ["departamento_residencia", "ciudad_residencia", "direccion_residencia"]


def test_self_and_two_minors_are_updated_at_once_with_the_same_values(family):
    me, sofia, tomas = (family.people[k] for k in ("me", "sofia", "tomas"))
    result = family.personal_data.update(caller(me), update(personas=[me.ref, sofia.ref, tomas.ref]))
    [novedad] = family.directory.recorded
    assert result.novedad == novedad["id"]
    assert novedad["identities"] == [me.identity, sofia.identity, tomas.identity]
    assert novedad["contact"] == Contact(direccion_residencia="CARRERA 80 # 12-40", barrio="CAPRI",
                                         telefono_residencia="6023456789")  # unchanged dep./ciudad are not sent
    assert novedad["channel"] == "PORTAL_AFILIADOS"
    assert family.home.home(caller(me)).grupo_familiar[1].novedades_pendientes[0].campos["barrio"] == "CAPRI"


def test_places_are_kept_by_their_divipola_names(family):
    me = family.people["me"]
    family.personal_data.update(caller(me), update(personas=[me.ref], departamento_residencia="Antioquia",
                                                   ciudad_residencia="medellin"))
    contact = family.directory.recorded[0]["contact"]
    assert (contact.departamento_residencia, contact.ciudad_residencia) == ("Antioquia", "Medellín")


def test_a_city_of_another_departamento_is_refused_on_its_field(family):
    me = family.people["me"]
    with pytest.raises(InvalidInput) as refused:
        family.personal_data.update(caller(me), update(personas=[me.ref], ciudad_residencia="Medellín"))
    assert refused.value.details == [{"campo": "ciudad_residencia",
                                      "mensaje": "La ciudad no pertenece a Valle del Cauca"}]
    assert family.directory.recorded == []


@pytest.mark.parametrize("who", ["adult", "spouse"])
def test_an_adult_beneficiary_or_the_spouse_is_404(family, who):
    me = family.people["me"]
    with pytest.raises(NotFound):
        family.personal_data.update(caller(me), update(personas=[me.ref, family.people[who].ref]))
    assert family.directory.recorded == []


def test_a_strangers_ref_is_the_same_404(family):
    from tests.affiliates.fakes import affiliate

    stranger = family.directory.add(affiliate("CC", "80123456"))
    with pytest.raises(NotFound) as refused:
        family.personal_data.update(caller(family.people["me"]), update(personas=[stranger.ref]))
    with pytest.raises(NotFound) as unknown:
        family.personal_data.update(caller(family.people["me"]), update(personas=["no-such-ref"]))
    assert refused.value.message == unknown.value.message


def test_access_ends_on_the_18th_birthday_in_bogota(family):
    me, sofia = family.people["me"], family.people["sofia"]
    minor = family.people["sofia"].fecha_nacimiento
    # 04:59 UTC on the 18th birthday is still the day before in Bogotá (UTC-5)
    family.now = datetime(minor.year + 18, minor.month, minor.day, 4, 59, tzinfo=UTC)
    family.personal_data.update(caller(me), update(personas=[sofia.ref]))
    family.now = datetime(minor.year + 18, minor.month, minor.day, 5, 0, tzinfo=UTC)
    with pytest.raises(NotFound):
        family.personal_data.update(caller(me), update(personas=[sofia.ref]))
    assert sofia.ref not in {p.ref for p in family.personal_data.page(caller(me)).personas}


def test_people_with_different_celular_must_be_updated_one_by_one(family):
    me, sofia = family.people["me"], family.people["sofia"]
    family.directory.record([sofia.identity], Contact(celular="3009998877"), at=family.now, channel="PORTAL")
    with pytest.raises(InvalidInput) as refused:
        family.personal_data.update(caller(me), update(personas=[me.ref, sofia.ref]))
    assert refused.value.message == INDIVIDUAL_UPDATE
    assert "realizar la actualización de forma individual" in refused.value.message


def test_a_new_email_is_a_novedad_only_once_confirmed_from_its_address(family):
    me, tomas = family.people["me"], family.people["tomas"]
    result = family.personal_data.update(caller(me), update(personas=[me.ref, tomas.ref],
                                                            correo="Nuevo.Correo@Ejemplo.co",
                                                            correo_confirmacion="nuevo.correo@ejemplo.co"))
    assert result.correo_por_confirmar == "nu***@ejemplo.co"
    assert all(n["contact"].correo is None for n in family.directory.recorded)
    [email] = family.mailer.sent
    assert email.to == "nuevo.correo@ejemplo.co"
    assert me.primer_nombre not in email.text and me.doc_number not in email.text  # the address is unconfirmed
    link = re.search(r"https://\S+", email.text).group(0)
    assert link == "https://oficina.example.co/portal/#/afiliados/correo/confirmar/code-1"  # code in the fragment
    family.personal_data.confirm_email(caller(me), "code-1")
    confirmed = family.directory.recorded[-1]
    assert confirmed["identities"] == [me.identity, tomas.identity]
    assert confirmed["contact"] == Contact(correo="nuevo.correo@ejemplo.co")
    with pytest.raises(NotFound):  # a link works once
        family.personal_data.confirm_email(caller(me), "code-1")


def test_another_affiliate_cannot_confirm_the_email(family):
    me = family.people["me"]
    family.personal_data.update(caller(me), update(personas=[me.ref], correo="otro@ejemplo.co",
                                                   correo_confirmacion="otro@ejemplo.co"))
    before = len(family.directory.recorded)
    with pytest.raises(NotFound):
        family.personal_data.confirm_email(caller(family.people["adult"]), "code-1")
    assert len(family.directory.recorded) == before


def test_an_expired_confirmation_is_refused(family):
    me = family.people["me"]
    family.personal_data.update(caller(me), update(personas=[me.ref], correo="otro@ejemplo.co",
                                                   correo_confirmacion="otro@ejemplo.co"))
    family.now = datetime(2026, 3, 11, 15, 0, 1, tzinfo=UTC)
    with pytest.raises(NotFound):
        family.personal_data.confirm_email(caller(me), "code-1")


def test_nothing_changed_records_nothing(family):
    me = family.people["me"]
    c = me.contact
    result = family.personal_data.update(caller(me), update(
        personas=[me.ref], direccion_residencia=c.direccion_residencia, barrio=c.barrio, telefono_residencia=None))
    assert family.directory.recorded == [] and result.novedad is None


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"direccion_residencia": ""}, "direccion_residencia", "Campo obligatorio"),
    ({"departamento_residencia": None}, "departamento_residencia", "Debe ser un texto"),
    ({"celular": "2101234567"}, "celular", "El celular debe tener 10 dígitos y empezar por 3"),
    ({"telefono_residencia": "12"}, "telefono_residencia", "El teléfono debe tener entre 7 y 10 dígitos"),
    ({"correo": "a@b.co", "correo_confirmacion": "c@b.co"}, "correo_confirmacion",
     "El correo electrónico y su confirmación no coinciden"),
    ({"correo": "no-es-correo"}, "correo", "Correo electrónico inválido"),
    ({"personas": []}, "personas", "Seleccione entre 1 y 20 personas"),
])
def test_each_field_is_refused_in_spanish(values, field, message):
    with pytest.raises(InvalidInput) as refused:
        update(**{"personas": ["r1"], **values})
    assert {d["campo"]: d["mensaje"] for d in refused.value.details}[field] == message

"""UserAdminService, InvitationService and RegistrationService on in-memory fakes."""

from __future__ import annotations

import re

import pytest

from chalicelib.accounts.consent import POLICY_VERSION
from chalicelib.accounts.permissions import Menu, Principal, Role
from chalicelib.accounts.schemas import RegistrationRequest
from chalicelib.accounts.user_schemas import DelegateForm
from chalicelib.audit.trail import AuditEvent
from chalicelib.common.errors import Conflict, NotFound, PermissionDenied
from chalicelib.common.identifiers import nit_check_digit
from tests.unit.accounts.fakes import membership, person, provider

DELEGATE = {
    "tipo_documento": "CC", "numero_documento": "79111222", "primer_nombre": "Jorge", "primer_apellido": "Pérez",
    "cargo": "Analista de glosas", "area": "Cuentas médicas", "departamento": "Valle del Cauca",
    "ciudad": "Palmira", "celular": "3157778899", "correo": "jorge.perez@clinica.example.co",
    "correo_confirmacion": "jorge.perez@clinica.example.co", "permisos": ["PAGOS", "GLOSAS"],
}


def as_principal(who, where, role=Role.ADMINISTRADOR) -> Principal:
    return Principal(person_id=who.person_id, provider_id=where.provider_id, role=role, menus=frozenset(),
                     session_id="s", must_change_password=False)


@pytest.fixture
def clinic(accounts):
    clinic, admin = provider(), person("1000000001")
    accounts.repo.add(clinic, admin, membership(admin, clinic))
    return clinic, as_principal(admin, clinic)


def test_a_new_delegate_gets_credentials_at_the_typed_address(accounts, clinic):
    _, admin = clinic
    view = accounts.users.create(admin, DelegateForm(**DELEGATE), "1.2.3.4")
    assert (view.estado, sorted(view.permisos)) == ("ACTIVA", ["GLOSAS", "PAGOS"])
    assert re.fullmatch(r"[A-Za-z0-9_-]{16}", view.usuario_id) and "79111222" not in view.usuario_id
    assert accounts.mailer.sent[-1].to == "jorge.perez@clinica.example.co"
    assert accounts.repo.queued == accounts.mailer.sent  # written with the new person, then handed over
    assert accounts.trail.of(AuditEvent.USER_CREATED)[0].provider_id == clinic[0].provider_id
    with pytest.raises(Conflict):
        accounts.users.create(admin, DelegateForm(**DELEGATE), "1.2.3.4")


def test_an_existing_person_is_only_invited_at_their_own_address(accounts, clinic):
    _, admin = clinic
    elsewhere, jorge = provider("800200300", "Clínica B"), person("79111222")
    accounts.repo.add(elsewhere, jorge, membership(jorge, elsewhere))
    view = accounts.users.create(admin, DelegateForm(**DELEGATE), "1.2.3.4")
    assert view.estado == "PENDIENTE"
    assert [m.to for m in accounts.mailer.sent] == [jorge.correo]  # never the typed address
    with pytest.raises(Conflict):
        accounts.users.set_state(admin, view.usuario_id, "ACTIVA", "1.2.3.4")
    accounts.invitations.accept(as_principal(jorge, elsewhere, Role.DELEGADO), clinic[0].provider_id, "5.6.7.8")
    assert accounts.repo.get_membership(jorge.person_id, clinic[0].provider_id).state == "ACTIVA"
    with pytest.raises(NotFound):  # answered once
        accounts.invitations.decline(as_principal(jorge, elsewhere, Role.DELEGADO), clinic[0].provider_id, "5.6.7.8")


def test_operators_never_accept_a_providers_invitation(accounts, clinic):
    olga = person("52000222")
    accounts.repo.add(olga, membership(olga, clinic[0], state="PENDIENTE"))
    with pytest.raises(PermissionDenied):
        accounts.invitations.accept(Principal(person_id=olga.person_id, provider_id="EPS", role=Role.OPERADOR,
                                              menus=frozenset(), session_id="s", must_change_password=False),
                                    clinic[0].provider_id, "1.2.3.4")


def test_inactivation_closes_the_providers_sessions_and_users_are_found_only_in_their_provider(accounts, clinic):
    _, admin = clinic
    view = accounts.users.create(admin, DelegateForm(**DELEGATE), "1.2.3.4")
    accounts.users.set_state(admin, view.usuario_id, "INACTIVA", "1.2.3.4")
    assert int(accounts.repo.get_membership("CC#79111222", clinic[0].provider_id).session_version) == 2
    with pytest.raises(Conflict):
        accounts.users.set_state(admin, accounts.repo.get_membership(admin.person_id, admin.provider_id).user_id,
                                 "INACTIVA", "1.2.3.4")
    other = provider("800200300", "Clínica B")
    other_admin = person("1000000002")
    accounts.repo.add(other, other_admin, membership(other_admin, other))
    with pytest.raises(NotFound):
        accounts.users.get(as_principal(other_admin, other), view.usuario_id)
    assert [u.numero_documento for u in accounts.users.list(admin, limit=10, cursor=None).usuarios] == [
        "1000000001", "79111222"]
    assert Menu.PAGOS.value in view.permisos


def registration_form():
    return RegistrationRequest.model_validate({
        "prestador": {"tipo_documento": "NI", "numero_documento": f"900123456-{nit_check_digit('900123456')}"},
        "solicitante": {**{k: v for k, v in DELEGATE.items() if k != "permisos"}, "numero_documento": "1032456789"},
        "acepta_terminos": True})


def test_registration_is_confirmed_through_the_registry_address_and_keeps_the_consent(accounts):
    clinic = provider()
    accounts.repo.add(clinic)
    accounts.registration.apply(registration_form(), "190.25.1.2")
    application_mail = accounts.mailer.sent[-1]
    assert application_mail.to == clinic.notification_email
    code = re.search(r"Código de confirmación: (\S+)", application_mail.text).group(1)
    outcome = accounts.registration.confirm(code, "190.25.1.3")
    assert outcome.username == "1032456789"
    assert accounts.mailer.sent[-1].to == "jorge.perez@clinica.example.co"
    consent = accounts.repo.get_person("CC#1032456789").consent
    assert (consent["version"], consent["canal"], consent["ip"]) == (POLICY_VERSION, "REGISTRO", "190.25.1.2")
    with pytest.raises(NotFound):
        accounts.registration.confirm(code, "190.25.1.3")

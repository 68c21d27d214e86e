"""Issue 8, defect 1: a known person joins another provider only by accepting, operators never do, and a
provider's audit trail holds only what happened in that provider's context."""

from __future__ import annotations

import pytest

from chalicelib.accounts.models import MembershipRecord
from chalicelib.common.identifiers import DocumentType
from chalicelib.operations.accounts import OperatorConflict, create_operator
from tests import factories
from tests.api.client import call
from tests.api.test_users import DELEGATE, session, uid

A, B = "NI#900123456", "NI#800200300"


@pytest.fixture
def two_providers(aws):
    a, b = factories.provider("900123456", "Clínica A"), factories.provider("800200300", "Clínica B")
    factories.membership(factories.person("1000000001"), a)
    factories.membership(factories.person("1000000002"), b)
    return a, b


def invite(client, token, doc):
    return call(client, "POST", "/usuarios", {**DELEGATE, "numero_documento": doc}, token=token)


def events_of(client, token):
    return call(client, "GET", "/cuenta/auditoria?limite=100", token=token)[1]["eventos"]


def test_a_known_person_is_invited_not_linked(client, two_providers, mailbox):
    token_a = session(client, "1000000001")
    status, user = invite(client, token_a, "1000000002")
    assert (status, user["estado"]) == (201, "PENDIENTE")
    invitation = mailbox()[-1]
    assert invitation.destinations["ToAddresses"] == ["u1000000002@clinica.example.co"]  # their own address
    assert "Clínica A" in invitation.body and "Contraseña" not in invitation.body
    # Not a member until they accept: no login into A, and the administrator cannot activate it.
    status, body = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "1000000002",
                                                    "contrasena": factories.PASSWORD, "prestador_id": A})
    assert (status, body["code"]) == (403, "PROVIDER_NOT_ALLOWED")
    invited = uid(client, token_a, "1000000002")
    status, body = call(client, "PUT", f"/usuarios/{invited}/estado", {"estado": "ACTIVA"}, token=token_a)
    assert (status, body["code"]) == (409, "INVITATION_PENDING")

    token_b = session(client, "1000000002")
    status, pending = call(client, "GET", "/cuenta/invitaciones", token=token_b)
    assert status == 200 and [p["prestador_id"] for p in pending["invitaciones"]] == [A]
    status, accepted = call(client, "POST", "/cuenta/invitaciones/aceptar", {"prestador_id": A}, token=token_b)
    assert status == 200, accepted
    assert session(client, "1000000002", provider_id=A)
    assert MembershipRecord.get("CC#1000000002", A).state == "ACTIVA"
    assert call(client, "GET", "/cuenta/invitaciones", token=token_b)[1]["invitaciones"] == []
    assert "INVITACION_ACEPTADA" in [e["evento"] for e in events_of(client, token_a)]


def test_an_invitation_can_be_declined_and_not_accepted_by_others(client, two_providers):
    token_a = session(client, "1000000001")
    invite(client, token_a, "1000000002")
    status, body = call(client, "POST", "/cuenta/invitaciones/aceptar", {"prestador_id": B}, token=token_a)
    assert (status, body["code"]) == (404, "INVITATION_NOT_FOUND")
    token_b = session(client, "1000000002")
    assert call(client, "POST", "/cuenta/invitaciones/rechazar", {"prestador_id": A}, token=token_b)[0] == 200
    assert MembershipRecord.get("CC#1000000002", A).state == "RECHAZADA"
    status, body = call(client, "POST", "/cuenta/invitaciones/aceptar", {"prestador_id": A}, token=token_b)
    assert (status, body["code"]) == (404, "INVITATION_NOT_FOUND")
    assert call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "1000000002",
                                            "contrasena": factories.PASSWORD, "prestador_id": A})[0] == 403


def test_another_providers_trail_never_shows_a_linked_persons_logins_or_resets(client, two_providers):
    token_a = session(client, "1000000001")
    invite(client, token_a, "1000000002")
    token_b = session(client, "1000000002")
    call(client, "POST", "/cuenta/invitaciones/aceptar", {"prestador_id": A}, token=token_b)
    call(client, "PUT", f"/usuarios/{uid(client, token_a, '1000000002')}/estado", {"estado": "INACTIVA"}, token=token_a)
    # B's person fails a login and asks for a reset, neither naming provider A.
    call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "1000000002", "contrasena": "mala"})
    call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "1000000002", "contrasena": "mala",
                                     "prestador_id": B})
    call(client, "POST", "/cuenta/recuperar-contrasena", {"tipo_documento": "CC", "numero_documento": "1000000002"})
    seen_by_a = [(e["evento"], e["afectado"]) for e in events_of(client, token_a)]
    assert ("INGRESO_FALLIDO", "CC#1000000002") not in seen_by_a
    assert ("CONTRASENA_SOLICITADA", "CC#1000000002") not in seen_by_a
    # The failure that named provider B is B's event.
    seen_by_b = [(e["evento"], e["afectado"]) for e in events_of(client, session(client, "1000000002"))]
    assert ("INGRESO_FALLIDO", "CC#1000000002") in seen_by_b


def test_an_operator_is_never_a_provider_member(client, two_providers):
    create_operator(DocumentType.CC, "52000222", primer_nombre="Olga", primer_apellido="Ruiz",
                    correo="olga@eps.example.co", password="Operadora2024x", must_change_password=False)
    token_a = session(client, "1000000001")
    status, user = invite(client, token_a, "52000222")  # the same answer as for any known person
    assert (status, user["estado"]) == (201, "PENDIENTE")
    token_op = session(client, "52000222", "Operadora2024x")
    status, body = call(client, "POST", "/cuenta/invitaciones/aceptar", {"prestador_id": A}, token=token_op)
    assert (status, body["code"]) == (403, "OPERATOR_NOT_MEMBER")
    # A membership left over from before cannot open a provider session for an operator either.
    MembershipRecord.get("CC#52000222", A).update(actions=[MembershipRecord.state.set("ACTIVA")])
    status, body = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "52000222",
                                                    "contrasena": "Operadora2024x", "prestador_id": A})
    assert (status, body["code"]) == (403, "PROVIDER_NOT_ALLOWED")
    status, body = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": "52000222",
                                                    "contrasena": "Operadora2024x"})
    assert status == 200 and [p["prestador_id"] for p in body["prestadores"]] == ["EPS#OPERACIONES"]
    # And a provider member cannot be made an operator.
    with pytest.raises(OperatorConflict):
        create_operator(DocumentType.CC, "1000000001", primer_nombre="Ana", primer_apellido="Gómez",
                        correo="ana@eps.example.co")

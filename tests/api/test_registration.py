"""Seed 002 §2: Valida → Registra → Finaliza, and every way it can go wrong."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.api.client import call


def form(**overrides):
    applicant = {
        "tipo_documento": "CC", "numero_documento": "1032456789", "primer_nombre": "Ana",
        "segundo_nombre": "María", "primer_apellido": "Gómez", "segundo_apellido": "Ruiz",
        "cargo": "Coordinadora de cartera", "area": "Financiera", "departamento": "Valle del Cauca",
        "ciudad": "Cali", "telefono": "6024898686", "extension": "123", "celular": "3001234567",
        "correo": "ana.gomez@clinica.example.co", "correo_confirmacion": "ana.gomez@clinica.example.co",
    }
    applicant.update(overrides.pop("solicitante", {}))
    body = {"prestador": {"tipo_documento": "NI", "numero_documento": factories.nit_with_dv("900123456")},
            "solicitante": applicant, "acepta_terminos": True}
    body.update(overrides)
    return body


@pytest.fixture
def provider(aws):
    return factories.provider()


def test_validate_returns_the_provider_name(client, provider):
    status, body = call(client, "POST", "/registro/validar",
                        {"tipo_documento": "NI", "numero_documento": factories.nit_with_dv("900123456")})
    assert status == 200
    assert body["prestador"]["razon_social"] == "Clínica Demo del Valle S.A.S."
    assert body["prestador"]["numero_documento"] == factories.nit_with_dv("900123456")


def test_validate_unknown_provider(client, provider):
    status, body = call(client, "POST", "/registro/validar",
                        {"tipo_documento": "NI", "numero_documento": factories.nit_with_dv("800999111")})
    assert status == 404
    assert body["code"] == "PROVIDER_NOT_FOUND"
    assert "no está registrado como prestador" in body["message"]


def test_validate_bad_nit_check_digit(client, provider):
    status, body = call(client, "POST", "/registro/validar",
                        {"tipo_documento": "NI", "numero_documento": "900123456-0"})
    assert status == 422
    assert body["errores"] == [{"campo": "numero_documento",
                                "mensaje": "El dígito de verificación del NIT no es válido"}]


def register(client, mailbox, body):
    """Apply, then confirm with the code mailed to the provider's registry address."""
    status, answer = call(client, "POST", "/registro", body)
    if status != 202:
        return status, answer
    code = re.search(r"Código de confirmación: (\S+)", mailbox()[-1].body).group(1)
    return call(client, "POST", "/registro/confirmar", {"codigo": code})


def test_register_sends_both_emails_and_the_password_logs_in(client, provider, mailbox):
    status, body = register(client, mailbox, form())
    assert status == 201, body
    assert body["usuario"] == "1032456789"
    sent = mailbox()
    assert [m.subject for m in sent] == ["Nuevo usuario administrador Oficina Virtual SOS EPS",
                                         "Respuesta solicitud de registro"]
    assert sent[0].destinations["ToAddresses"] == [factories.registry_email("900123456")]
    assert sent[1].destinations["ToAddresses"] == ["ana.gomez@clinica.example.co"]
    password = re.search(r"Contraseña: (\S+)", sent[1].body).group(1)
    assert re.search(r"[A-Z]", password) and re.search(r"[a-z]", password) and re.search(r"\d", password)
    assert "Usuario: 1032456789" in sent[1].body

    status, session = call(client, "POST", "/sesion",
                           {"tipo_documento": "CC", "numero_documento": "1032456789", "contrasena": password})
    assert status == 200, session
    assert session["rol"] == "ADMINISTRADOR"
    assert session["prestador_actual"]["prestador_id"] == "NI#900123456"
    assert session["debe_cambiar_contrasena"] is True


def test_register_twice_is_refused(client, provider, mailbox):
    assert register(client, mailbox, form())[0] == 201
    status, body = call(client, "POST", "/registro", form(solicitante={"numero_documento": "55555555"}))
    assert (status, body["code"]) == (409, "PROVIDER_ALREADY_REGISTERED")


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"solicitante": {"correo_confirmacion": "otro@clinica.example.co"}}, "solicitante.correo_confirmacion",
     "El correo electrónico y su verificación no coinciden"),
    ({"solicitante": {"correo": "no-es-correo", "correo_confirmacion": "no-es-correo"}}, "solicitante.correo",
     "Correo electrónico inválido"),
    ({"acepta_terminos": False}, "acepta_terminos", "Debe aceptar el contrato de términos y condiciones"),
    ({"solicitante": {"primer_nombre": ""}}, "solicitante.primer_nombre", "Campo obligatorio"),
    ({"solicitante": {"cargo": "   "}}, "solicitante.cargo", "Campo obligatorio"),
    ({"solicitante": {"celular": "30012abc"}}, "solicitante.celular", "Formato inválido"),
    ({"solicitante": {"tipo_documento": "NI"}}, "solicitante.tipo_documento",
     "El tipo de documento de una persona no puede ser NIT"),
    ({"solicitante": {"tipo_documento": "XX"}}, "solicitante.tipo_documento",
     "Valor no permitido. Valores válidos: CC, CE, TI, RC, PA, PE, PT, CD, SC, NI"),
    ({"solicitante": {"departamento": "Atlantida"}}, "solicitante.departamento", "Departamento no válido"),
    ({"solicitante": {"ciudad": "Medellín"}}, "solicitante.ciudad",
     "La ciudad no pertenece al departamento Valle del Cauca"),
    ({"solicitante": {"numero_documento": "12AB"}}, "solicitante.numero_documento",
     "El número de documento debe contener solo números"),
    ({"solicitante": {"rol": "ADMIN"}}, "solicitante.rol", "Campo no permitido"),
])
def test_every_form_error_is_explained(client, provider, mailbox, change, field, message):
    status, body = call(client, "POST", "/registro", form(**change))
    assert status == 422, body
    assert {"campo": field, "mensaje": message} in body["errores"]
    assert mailbox() == []


def test_missing_required_fields_are_all_listed(client, provider):
    status, body = call(client, "POST", "/registro", {"prestador": {}, "solicitante": {}})
    assert status == 422
    fields = {e["campo"] for e in body["errores"]}
    assert {"prestador.tipo_documento", "prestador.numero_documento", "solicitante.primer_nombre",
            "solicitante.correo", "solicitante.celular", "acepta_terminos"} <= fields


@pytest.mark.parametrize("raw", ["{no es json", "[1, 2]", '"texto"'])
def test_malformed_body_is_a_400(client, provider, raw):
    status, body = call(client, "POST", "/registro", raw)
    assert status == 400
    assert body["code"] == "MALFORMED_REQUEST"


def test_geo_catalogues(client):
    status, body = call(client, "GET", "/catalogos/departamentos")
    assert status == 200 and len(body["items"]) == 33
    status, body = call(client, "GET", "/catalogos/departamentos/76/ciudades")
    assert {"codigo": "76001", "nombre": "Cali"} in body["items"]
    assert call(client, "GET", "/catalogos/departamentos/00/ciudades")[0] == 404


def test_registration_is_rate_limited_per_network(client, provider):
    from chalicelib.accounts.registration import VALIDATIONS_PER_IP_PER_HOUR

    ref = {"tipo_documento": "NI", "numero_documento": factories.nit_with_dv("800999111")}
    answers = [call(client, "POST", "/registro/validar", ref)[0] for _ in range(VALIDATIONS_PER_IP_PER_HOUR + 1)]
    assert answers[:-1] == [404] * VALIDATIONS_PER_IP_PER_HOUR
    status, body = call(client, "POST", "/registro/validar", ref)
    assert (status, body["code"]) == (429, "REGISTRATION_THROTTLED")

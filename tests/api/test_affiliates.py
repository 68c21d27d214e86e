"""Issue 23's home and Mi cuenta through the API (chalice.test.Client, embedded AWS), end to end: the demo
extracts loaded through ingestion's own steps into the real affiliates' repository, the demo cotizante's account
as `make run` creates it, his session from the login route. Whom a cotizante sees (himself and his minors, up to
their 18th birthday on Bogotá's date), novedades, supports, IPS changes, the two kinds of session, the access log
and the emails."""

from __future__ import annotations

import base64
import inspect
import json
import re
from datetime import date, datetime, time, timedelta

import pytest

from chalicelib import wiring
from chalicelib.access_log.models import AccessLogRecord
from chalicelib.affiliate_accounts.principal import AFFILIATES_TENANT
from chalicelib.affiliates import demo, emails
from chalicelib.affiliates.household import PERSON_NOT_FOUND
from chalicelib.affiliates.ips_change import ALREADY_OPEN
from chalicelib.affiliates.personal_data import INDIVIDUAL_UPDATE
from chalicelib.affiliates.supports import MAX_SUPPORT_BYTES, NOT_ALLOWED, SUPPORTS_PREFIX, TOO_LARGE
from chalicelib.common.aws import client as aws_client
from chalicelib.common.clock import BOGOTA
from chalicelib.config import get_settings
from chalicelib.notifications import templates
from chalicelib.notifications.mailer import Email
from devstack.demo import DEMO_AFFILIATE, load_affiliate_account
from devstack.demodata import generate
from tests import factories
from tests.affiliates.conftest import load
from tests.api.client import call, login

TODAY = date(2026, 3, 10)
OPENING = datetime.combine(TODAY, time(9, 0), BOGOTA)
EXTRACTS = ("providers", "afiliados", "grupo_familiar", "planes_pac", "documentos_pendientes")
READ_ROUTES = ("/afiliados/inicio", "/afiliados/datos", "/afiliados/documentos", "/afiliados/cambio-ips")
STRANGER = demo.UNREGISTERED[0]


@pytest.fixture
def extracts(tmp_path) -> dict[str, bytes]:
    generate(tmp_path, providers=2, invoices_per_provider=0, seed=5, today=TODAY)
    return {path.stem: path.read_bytes() for path in tmp_path.glob("*.csv")}


@pytest.fixture
def family(aws, clock_at, extracts) -> dict:
    """The demo people as the repository answers them (refs, contact), keyed by demo person."""
    clock_at(OPENING.timestamp())
    for entity in EXTRACTS:
        assert load(entity, extracts[entity]).rejected == [], entity
    load_affiliate_account()
    directory = wiring.affiliate_directory()
    return {person: directory.find(person.identity) for person in (*demo.FAMILY, STRANGER)}


def affiliate_token(client) -> str:
    status, session = call(client, "POST", "/afiliados/sesion", DEMO_AFFILIATE)
    assert status == 200 and session["debe_cambiar_contrasena"] is False
    return session["token"]


def places(**extra) -> dict:
    return {"departamento_residencia": "Valle del Cauca", "ciudad_residencia": "Cali",
            "direccion_residencia": "CALLE 5 # 38-21", **extra}


def update(client, token: str, people, **fields):
    return call(client, "PUT", "/afiliados/datos", {"personas": [p.ref for p in people], **places(**fields)},
                token=token)


def managed_refs(client, token: str) -> list[str]:
    status, page = call(client, "GET", "/afiliados/datos", token=token)
    assert status == 200
    return [p["ref"] for p in page["personas"]]


def pdf(size: int) -> str:
    return base64.b64encode(b"%PDF-1.7\n" + b"0" * (size - 9)).decode()


def support(person, tipo: str, content: str, name: str = "soporte.pdf") -> dict:
    return {"archivos": [{"ref": person.ref, "tipo_soporte": tipo, "nombre_archivo": name, "contenido": content}]}


def test_home_shows_the_group_with_minors_in_full_and_adults_masked(client, family):
    status, home = call(client, "GET", "/afiliados/inicio", token=affiliate_token(client))
    assert status == 200
    me = family[demo.COTIZANTE]
    assert (home["datos_personales"]["ref"], home["datos_personales"]["numero_documento"]) == (me.ref, me.doc_number)
    assert home["pbs"]["ips_primaria"]["nit"] == me.ips_primaria_nit and home["pbs"]["estado_afiliacion"] == "ACTIVO"
    assert [(p["plan"], p["contrato"]) for p in home["pac"]] == [(demo.PAC_PLAN, demo.PAC_CONTRACT)]
    group = {m["nombre"]: m for m in home["grupo_familiar"]}
    assert set(group) == {family[p].full_name for p in demo.BENEFICIARIES}
    for minor in (demo.MENOR_1, demo.MENOR_2):
        shown = group[family[minor].full_name]
        assert (shown["ref"], shown["numero_documento"], shown["menor_de_edad"]) == (family[minor].ref,
                                                                                   minor.doc_number, True)
    for adult in (demo.CONYUGE, demo.HIJO_MAYOR):
        shown = group[family[adult].full_name]
        assert (shown["ref"], shown["menor_de_edad"]) == (None, False)
        assert shown["numero_documento"] == "*" * (len(adult.doc_number) - 4) + adult.doc_number[-4:]
        assert adult.doc_number not in json.dumps(home) and family[adult].ref not in json.dumps(home)


def test_self_and_two_minors_updated_at_once_once_they_share_celular_and_correo(client, family, mailbox):
    token = affiliate_token(client)
    me, first, second = (family[p] for p in (demo.COTIZANTE, demo.MENOR_1, demo.MENOR_2))
    refs = managed_refs(client, token)
    assert refs[0] == me.ref and sorted(refs[1:]) == sorted([first.ref, second.ref])  # the titular first, no adult

    status, refused = update(client, token, [me, first], barrio="EL LIDO")  # the minors have no celular
    assert (status, refused["message"]) == (422, INDIVIDUAL_UPDATE)
    assert "realizar la actualización de forma individual" in refused["message"]

    # The two minors (same celular and correo: none) at once take their father's celular and correo; the correo
    # counts once confirmed from the link mailed to it.
    status, sent = update(client, token, [first, second], celular=me.contact.celular, correo=me.contact.correo,
                          correo_confirmacion=me.contact.correo)
    assert status == 200 and sent["correo_por_confirmar"].endswith(me.contact.correo.partition("@")[2])
    link = mailbox()[-1]
    assert link.destinations["ToAddresses"] == [me.contact.correo]
    code = re.search(r"/afiliados/correo/confirmar/(\S+)", link.body).group(1)
    assert call(client, "POST", "/afiliados/correo/confirmar", {"codigo": code}, token=token)[0] == 200
    assert call(client, "POST", "/afiliados/correo/confirmar", {"codigo": code}, token=token)[0] == 404  # once

    status, done = update(client, token, [me, first, second], barrio="EL LIDO")
    assert status == 200 and done["novedad"]
    status, page = call(client, "GET", "/afiliados/datos", token=token)
    for person in page["personas"]:
        assert (person["datos"]["barrio"], person["datos"]["celular"], person["datos"]["correo"]) == (
            "EL LIDO", me.contact.celular, me.contact.correo)
        assert person["novedades_pendientes"][-1]["campos"]["barrio"] == "EL LIDO"


def test_an_adult_beneficiary_a_spouse_or_a_stranger_is_404(client, family):
    token = affiliate_token(client)
    me = family[demo.COTIZANTE]
    ips = {"telefono_residencia": "6024898686", "telefono_fijo_alternativo": "6029876543", "celular": "3104567890",
           "direccion_residencia": "CALLE 5 # 38-21", "departamento_residencia": "Valle del Cauca",
           "municipio_residencia": "Cali", "motivo": "Otro", "ips_deseada": f"{me.ips_primaria_nit}-002"}
    answers = set()
    for other in (family[demo.HIJO_MAYOR], family[demo.CONYUGE], family[STRANGER]):
        for method, path, body in (("PUT", "/afiliados/datos", {"personas": [me.ref, other.ref], **places()}),
                                   ("POST", "/afiliados/documentos", support(other, "CERTIFICADO LABORAL", pdf(100))),
                                   ("POST", "/afiliados/cambio-ips", {"ref": other.ref, **ips})):
            status, refused = call(client, method, path, body, token=token)
            assert status == 404, (path, refused)
            answers.add(json.dumps(refused))
    assert answers == {json.dumps({"code": "PERSON_NOT_FOUND", "message": PERSON_NOT_FOUND})}


def test_access_to_a_minor_ends_on_the_18th_birthday_in_bogota(client, family, clock_at):
    child = family[demo.MENOR_1]
    born = child.fecha_nacimiento
    eighteenth = date(born.year + 18, born.month, born.day) if (born.month, born.day) != (2, 29) else date(
        born.year + 18, 3, 1)
    eve = datetime.combine(eighteenth - timedelta(days=1), time(23, 30), BOGOTA)  # already the 18th in UTC
    clock_at(eve.timestamp())
    token = affiliate_token(client)
    assert child.ref in managed_refs(client, token)
    assert update(client, token, [child])[0] == 200

    clock_at((eve + timedelta(hours=1)).timestamp())
    token = affiliate_token(client)
    assert child.ref not in managed_refs(client, token)
    assert update(client, token, [child])[0] == 404
    home = call(client, "GET", "/afiliados/inicio", token=token)[1]
    [shown] = [m for m in home["grupo_familiar"] if m["nombre"] == child.full_name]
    assert (shown["ref"], shown["menor_de_edad"], shown["numero_documento"][-4:]) == (None, False,
                                                                                     child.doc_number[-4:])
    assert child.doc_number not in json.dumps(home)


def test_a_novedad_shows_pending_and_survives_an_extract_of_its_day(client, family, extracts, clock_at):
    me = family[demo.COTIZANTE]
    token = affiliate_token(client)
    assert update(client, token, [me], barrio="EL LIDO")[0] == 200

    def shown() -> tuple[str, list]:
        home = call(client, "GET", "/afiliados/inicio", token=affiliate_token(client))[1]
        return home["datos_personales"]["barrio"], [n["campos"] for n in home["novedades_pendientes"]]

    edit = {"barrio": "EL LIDO", "direccion_residencia": "CALLE 5 # 38-21"}
    assert shown() == ("EL LIDO", [edit])
    clock_at((OPENING + timedelta(hours=8)).timestamp())  # the day's extract, cut before the edit, loaded after it
    load("afiliados", extracts["afiliados"])
    assert shown() == ("EL LIDO", [edit])
    clock_at((OPENING + timedelta(days=1)).timestamp())  # the next day's extract: the EPS has applied it
    load("afiliados", extracts["afiliados"])
    assert shown() == (me.contact.barrio, [])


def test_supports_of_2_mb_are_taken_one_byte_more_or_a_renamed_file_refused(client, family, mailbox):
    token = affiliate_token(client)
    first, second = family[demo.MENOR_1], family[demo.MENOR_2]
    status, page = call(client, "GET", "/afiliados/documentos", token=token)
    assert status == 200 and page["tamano_maximo_bytes"] == MAX_SUPPORT_BYTES == 2 * 1024 * 1024
    assert {(d["ref"], d["tipo_soporte"], d["estado"]) for d in page["documentos"]} == {
        (family[p].ref, tipo, "PENDIENTE") for p, tipo in demo.PENDING_DOCUMENTS}

    too_large = call(client, "POST", "/afiliados/documentos",
                     support(first, "TARJETA DE IDENTIDAD", pdf(MAX_SUPPORT_BYTES + 1)), token=token)
    renamed = call(client, "POST", "/afiliados/documentos", support(
        second, "REGISTRO CIVIL DE NACIMIENTO", base64.b64encode(b"PK\x03\x04" + b"1" * 400).decode(),
        "registro.pdf"), token=token)
    for (status, refused), message in ((too_large, TOO_LARGE), (renamed, NOT_ALLOWED)):
        assert (status, refused["errores"]) == (422, [{"campo": "archivos.0.contenido", "mensaje": message}])
    assert TOO_LARGE == "El archivo supera el tamaño máximo de 2 MB"

    status, sent = call(client, "POST", "/afiliados/documentos",
                        support(first, "TARJETA DE IDENTIDAD", pdf(MAX_SUPPORT_BYTES)), token=token)
    assert status == 201 and sent["envio"]
    listed = aws_client("s3").list_objects_v2(Bucket=get_settings().data_bucket, Prefix=SUPPORTS_PREFIX)
    assert [o["Size"] for o in listed["Contents"]] == [MAX_SUPPORT_BYTES]
    states = {(d["ref"], d["tipo_soporte"]): d["estado"] for d in
              call(client, "GET", "/afiliados/documentos", token=token)[1]["documentos"]}
    assert (states[(first.ref, "TARJETA DE IDENTIDAD")], states[(second.ref, "REGISTRO CIVIL DE NACIMIENTO")]) == (
        "RECIBIDO", "PENDIENTE")
    assert mailbox()[-1].subject == "Documentos recibidos - Oficina Virtual Afiliados"


def test_one_open_ips_change_per_person(client, family):
    token = affiliate_token(client)
    status, page = call(client, "GET", "/afiliados/cambio-ips", token=token)
    assert status == 200
    me, child = page["personas"][0], page["personas"][1]
    desired = me["ips_disponibles"][0]
    assert (desired["nit"], desired["sucursal"]) != (me["ips_actual"]["nit"], me["ips_actual"]["sucursal"])
    form = {**{k: v for k, v in me["formulario"].items() if v}, "telefono_fijo_alternativo": "6029876543",
            "ref": me["ref"], "motivo": "Cambio de residencia",
            "ips_deseada": f"{desired['nit']}-{desired['sucursal']}"}
    assert call(client, "POST", "/afiliados/cambio-ips", form, token=token)[0] == 201
    status, refused = call(client, "POST", "/afiliados/cambio-ips", form, token=token)
    assert (status, refused["code"], refused["message"]) == (409, "IPS_CHANGE_IN_PROCESS", ALREADY_OPEN)
    assert call(client, "POST", "/afiliados/cambio-ips", {**form, "ref": child["ref"]}, token=token)[0] == 201
    page = call(client, "GET", "/afiliados/cambio-ips", token=token)[1]
    assert all(p["solicitud_en_tramite"]["estado"] == "EN_TRAMITE" for p in page["personas"][:2])


def _sessioned_routes():
    from app import app

    for path, methods in app.routes.items():
        for method, entry in methods.items():
            if entry.authorizer is not None:
                yield method, re.sub(r"\{[^}]+\}", "x", path), entry.view_function.route_doc.access.affiliate


def test_each_kind_of_session_is_refused_on_the_other_kinds_routes(client, family):
    factories.membership(factories.person("1000000001"), factories.provider())
    provider_token, affiliate = login(client, "1000000001"), affiliate_token(client)
    routes = list(_sessioned_routes())
    assert sum(own for *_, own in routes) >= 10 and sum(not own for *_, own in routes) >= 40
    for method, path, affiliate_route in routes:
        token, code = (provider_token, "PROVIDER_SESSION_REFUSED") if affiliate_route else (
            affiliate, "AFFILIATE_SESSION_REFUSED")
        status, refused = call(client, method, path, token=token)
        assert (status, refused["code"]) == (403, code), (method, path)
    assert call(client, "GET", "/afiliados/inicio", token=affiliate)[0] == 200


def test_every_read_is_in_the_access_log_without_document_numbers(client, family):
    token = affiliate_token(client)
    for path in READ_ROUTES:
        assert call(client, "GET", path, token=token)[0] == 200
    entries = list(AccessLogRecord.query(AFFILIATES_TENANT))
    assert sorted(e.route for e in entries) == sorted(READ_ROUTES)
    assert all(e.person_id == demo.COTIZANTE.identity and e.status == 200 and e.records >= 1 for e in entries)
    logged = json.dumps([[e.route, e.params.as_dict()] for e in entries])
    assert not any(p.doc_number in logged for p in (*demo.FAMILY, STRANGER))


# --- emails: a password only in "Registro usuario" and the recovery's temporary one -------------------------------
SECRET = "Clave-Unica-4821"
CREDENTIALS = {templates.affiliate_registration, templates.affiliate_new_password}


def _affiliate_templates() -> list:
    mine = [f for f in vars(emails).values() if inspect.isfunction(f) and f.__module__ == emails.__name__
            and inspect.signature(f).return_annotation in (Email, "Email")]
    return mine + [f for name, f in vars(templates).items() if name.startswith("affiliate_")]


def _renderings(template) -> list[Email]:
    """The template with a value for each parameter (both outcomes of a yes/no one)."""
    params = inspect.signature(template).parameters
    flags = [name for name, p in params.items() if p.annotation in ("bool", bool)]
    base = {name: SECRET if name == "password" else 24 if p.annotation in ("int", int) else
            [("SOFÍA GÓMEZ", "TARJETA DE IDENTIDAD")] if "Iterable" in str(p.annotation) else f"valor {name}"
            for name, p in params.items() if name not in flags}
    return [template(**base, **dict.fromkeys(flags, outcome)) for outcome in ((True, False) if flags else (True,))]


def test_no_affiliate_email_carries_a_password_but_the_credentials():
    found = _affiliate_templates()
    assert len(found) >= 10 and CREDENTIALS <= set(found)
    carrying = {t for t in found for email in _renderings(t) if SECRET in email.text or "Contraseña:" in email.text}
    assert carrying == CREDENTIALS

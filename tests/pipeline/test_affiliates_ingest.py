"""The affiliates' extracts end to end (upload → S3 event → Step Functions → tables, job and report): good rows
load, each bad row is rejected with its Spanish reason; provider files with or without the IPS network columns."""

from __future__ import annotations

import csv
import io

from chalicelib import wiring
from chalicelib.providers.models import ProviderRecord
from chalicelib.providers.primary_network import PrimaryIpsStore
from tests.affiliates.conftest import csv_of
from tests.pipeline.helpers import load, read

NIT = "900123456-8"

PERSON = {"Tipo documento": "CC", "Número documento": "1032456789", "Primer nombre": "LUIS",
          "Segundo nombre": "FERNANDO", "Primer apellido": "GÓMEZ", "Segundo apellido": "RUIZ",
          "Fecha nacimiento": "23/01/1977", "Género": "M", "Régimen": "CONTRIBUTIVO", "Tipo afiliado": "COTIZANTE",
          "Tipo cotizante": "DEPENDIENTE", "Estado afiliación": "activo", "NIT IPS primaria": NIT,
          "Sucursal IPS primaria": "1", "Celular": "3104567890", "Departamento residencia": "76",
          "Ciudad residencia": "cali", "Dirección residencia": "CALLE 5 # 38-25"}


def rejections(job) -> dict[int, str]:
    report = read(job.report_key).decode("utf-8-sig")
    return {int(r["Fila"]): r["Motivo del rechazo"] for r in csv.DictReader(io.StringIO(report), delimiter=";")}


def test_afiliados_good_rows_load_and_bad_rows_say_why(pipelines):
    rows = [
        PERSON,
        {**PERSON, "Número documento": "10.324.567"},  # the number loses its dots: "10324567"
        {**PERSON, "Tipo documento": "NI", "Número documento": "900123456"},
        {**PERSON, "Número documento": "12AB34"},
        {**PERSON, "Número documento": "1032456789"},
        {**PERSON, "Número documento": "555001", "Fecha nacimiento": "1977-23-01"},
        {**PERSON, "Número documento": "555002", "Departamento residencia": "Atlántida"},
        {**PERSON, "Número documento": "555003", "Ciudad residencia": "Medellín"},
        {**PERSON, "Número documento": "555004", "Celular": "6024898686"},
        {**PERSON, "Número documento": "555005", "Tipo cotizante": ""},
        {**PERSON, "Número documento": "555006", "Tipo afiliado": "BENEFICIARIO"},
        {**PERSON, "Número documento": "555007", "Sucursal IPS primaria": ""},
        {**PERSON, "Número documento": "555008", "Primer nombre": ""},
        {**PERSON, "Número documento": "555009", "Género": "X"},
    ]
    job = load("ingest/afiliados/afiliados-marzo.csv", csv_of("afiliados", rows))
    assert (job.status, job.total_rows, job.accepted_rows) == ("FINALIZADO_CON_RECHAZOS", 14, 2)
    reasons = rejections(job)
    assert set(reasons) == set(range(4, 16))
    assert "el NIT no es un documento de persona" in reasons[4]
    assert "solo números" in reasons[5]
    assert "duplicado" in reasons[6].lower()
    assert "fecha inválida" in reasons[7]
    assert '"Atlántida" no es un departamento de Colombia' in reasons[8]
    assert '"Medellín" no es un municipio de Valle del Cauca' in reasons[9]
    assert "10 dígitos y empezar por 3" in reasons[10]
    assert '"Tipo cotizante" es obligatorio para un cotizante' in reasons[11]
    assert '"Tipo cotizante" debe ir vacío para un beneficiario' in reasons[12]
    assert "van juntos" in reasons[13]
    assert 'Campo obligatorio "Primer nombre" vacío' in reasons[14]
    assert "valor no permitido" in reasons[15]
    person = wiring.affiliate_directory().find("CC#1032456789")
    assert (person.estado_afiliacion, person.ips_primaria_sucursal) == ("ACTIVO", "001")
    assert (person.contact.departamento_residencia, person.contact.ciudad_residencia) == ("Valle del Cauca", "Cali")
    assert str(person.fecha_nacimiento) == "1977-01-23"
    assert wiring.affiliate_directory().find("CC#10324567")


def test_grupo_familiar_planes_pac_and_documentos_pendientes_reject_bad_rows(pipelines):
    link = {"Tipo documento cotizante": "CC", "Número documento cotizante": "1032456789",
            "Tipo documento beneficiario": "TI", "Número documento beneficiario": "1107123456",
            "Parentesco": "Hijo(a)", "Fecha inicio": "01/02/2020", "Fecha fin": ""}
    job = load("ingest/grupo_familiar/grupo.csv", csv_of("grupo_familiar", [
        link,
        {**link, "Tipo documento beneficiario": "CC", "Número documento beneficiario": "1032456789"},
        {**link, "Número documento beneficiario": "1107000001", "Fecha fin": "2019-12-31"},
        {**link, "Número documento beneficiario": "1107000002", "Parentesco": "VECINO"},
    ]))
    assert (job.status, job.accepted_rows) == ("FINALIZADO_CON_RECHAZOS", 1)
    reasons = rejections(job)
    assert "El beneficiario es el mismo cotizante" in reasons[3]
    assert '"Fecha fin" es anterior a "Fecha inicio"' in reasons[4]
    assert "valor no permitido" in reasons[5]
    [stored] = wiring.affiliate_directory().family_of("CC#1032456789")
    assert (stored.beneficiario, stored.parentesco, str(stored.fecha_inicio)) == ("TI#1107123456", "HIJO",
                                                                                  "2020-02-01")

    plan = {"Tipo documento": "CC", "Número documento": "1032456789", "Plan": "PAC Bienestar",
            "Contrato": "PAC-1", "Tipo documento titular": "CC", "Número documento titular": "1032456789",
            "Vigencia desde": "2024-01-01", "Vigencia hasta": "", "Estado": "Activo"}
    job = load("ingest/planes_pac/pac.csv", csv_of("planes_pac", [
        plan, {**plan, "Contrato": "PAC-2", "Vigencia hasta": "2023-01-01"}, {**plan, "Contrato": ""}]))
    reasons = rejections(job)
    assert job.accepted_rows == 1 and '"Vigencia hasta" es anterior a "Vigencia desde"' in reasons[3]
    assert 'Campo obligatorio "Contrato" vacío' in reasons[4]

    document = {"Tipo documento": "TI", "Número documento": "1107123456", "Tipo de soporte": "TARJETA DE IDENTIDAD",
                "Fecha": "2026-02-01"}
    job = load("ingest/documentos_pendientes/pendientes.csv", csv_of("documentos_pendientes", [
        document, {**document, "Tipo de soporte": "REGISTRO CIVIL"}, document, {**document, "Fecha": "ayer"}]))
    reasons = rejections(job)
    assert job.accepted_rows == 2 and "duplicado" in reasons[4].lower() and "fecha inválida" in reasons[5]
    pending = wiring.affiliate_directory().pending_documents_of(["TI#1107123456"])
    assert sorted(d.tipo_soporte for d in pending) == ["REGISTRO CIVIL", "TARJETA DE IDENTIDAD"]


def test_provider_files_load_with_or_without_the_ips_network_columns(pipelines):
    old = ("NIT,Razón social,Código sucursal,Nombre sucursal,Departamento,Ciudad\n"
           f"{NIT},Clínica Demo del Valle S.A.S.,001,Sede Norte,Valle del Cauca,Cali\n").encode()
    assert load("ingest/providers/antes.csv", old).status == "FINALIZADO"
    [sucursal] = ProviderRecord.get("NI#900123456").sucursales
    assert (sucursal.ciudad, sucursal.direccion, sucursal.ips_primaria) == ("Cali", None, False)
    assert PrimaryIpsStore().get() == {}  # the load's derive built the primary IPS view: none yet

    new = ("NIT,Razón social,Código sucursal,Nombre sucursal,Departamento,Municipio,Dirección,Teléfono,IPS primaria\n"
           f"{NIT},Clínica Demo del Valle S.A.S.,001,Sede Norte,Valle del Cauca,Cali,CALLE 1 # 2-3,6024898686,S\n"
           f"{NIT},Clínica Demo del Valle S.A.S.,002,Sede Sur,Valle del Cauca,Cali,,,no\n"
           f"{NIT},Clínica Demo del Valle S.A.S.,003,Sede Este,Valle del Cauca,Cali,,,quizás\n").encode()
    job = load("ingest/providers/red.csv", new)
    assert (job.status, job.accepted_rows) == ("FINALIZADO_CON_RECHAZOS", 2)
    assert '"IPS primaria"' in rejections(job)[4]
    directory = wiring.affiliate_directory()
    site = directory.ips_site("900123456", "001")
    assert (site.direccion, site.telefono, site.municipio, site.ips_primaria) == ("CALLE 1 # 2-3", "6024898686",
                                                                                  "Cali", True)
    assert [s.sucursal for s in directory.primary_ips_in("Valle del Cauca", "Cali")] == ["001"]
    assert PrimaryIpsStore().get() == {"Valle del Cauca": {"Cali": [  # the newer load's view replaced the older one
        ["900123456", "001", "Clínica Demo del Valle S.A.S.", "Sede Norte", "CALLE 1 # 2-3", "6024898686"]]}}

"""Home (seed 003 §4): DATOS PERSONALES, PBS, MI GRUPO FAMILIAR, PAC; pending novedades shown as pending."""

from __future__ import annotations

from datetime import UTC, date, datetime

from chalicelib.affiliates.types import Contact, PacPlan
from tests.affiliates.fakes import affiliate, ips_site
from tests.affiliates.micuenta.fakes import MiCuenta, beneficiary, caller


def test_home_shows_the_callers_data_pbs_and_ips(family):
    home = family.home.home(caller(family.people["me"]))
    assert home.datos_personales.nombre == "LUIS FERNANDO GÓMEZ RUIZ"
    assert home.datos_personales.ciudad_residencia == "Cali"
    assert home.pbs.estado_afiliacion == "ACTIVO"
    assert home.pbs.ips_primaria.nombre == "COMFANDI EL PRADO"
    assert home.pbs.ips_primaria.telefono == "6024898686"
    assert home.pac == []


def test_the_group_summary_masks_adults_and_names_only_minors_by_ref(family):
    group = {m.nombre.split()[0]: m for m in family.home.home(caller(family.people["me"])).grupo_familiar}
    assert set(group) == {"MARTA", "SOFIA", "TOMAS", "ANDRES"}
    assert group["SOFIA"].numero_documento == "1107000111" and group["SOFIA"].ref == family.people["sofia"].ref
    assert group["SOFIA"].ips_primaria == "COMFANDI SAN NICOLAS"
    assert group["ANDRES"].numero_documento == "******0333" and group["ANDRES"].ref is None
    assert group["MARTA"].numero_documento == "****0111" and group["MARTA"].parentesco == "CONYUGE"
    assert group["MARTA"].estado_afiliacion == "VIGENTE"


def test_pac_plans_show_when_present(family):
    me = family.people["me"]
    family.directory.add_plan(PacPlan(me.identity, "PLAN ORO", "C-778", me.identity, date(2024, 1, 1), None,
                                      "ACTIVO"))
    assert [(p.plan, p.estado) for p in family.home.home(caller(me)).pac] == [("PLAN ORO", "ACTIVO")]


def test_a_novedad_is_shown_as_pending(family):
    me = family.people["me"]
    at = datetime(2026, 3, 9, 20, tzinfo=UTC)
    family.directory.record([me.identity], Contact(celular="3157778899"), at=at, channel="PORTAL_AFILIADOS")
    home = family.home.home(caller(me))
    assert home.datos_personales.celular == "3157778899"
    assert [(p.fecha, p.campos) for p in home.novedades_pendientes] == [(at, {"celular": "3157778899"})]


def test_a_beneficiary_sees_no_group(family):
    home = family.home.home(caller(family.people["adult"]))
    assert home.datos_personales.nombre.startswith("ANDRES") and home.grupo_familiar == []


def test_a_link_that_ended_is_not_in_the_group(family):
    me = family.people["me"]
    gone = family.directory.add(beneficiary("TI", "1107000999", date(2013, 1, 1), "LUCIA"))
    family.directory.link(me, gone, "HIJO", fecha_fin=date(2025, 12, 31))
    assert "LUCIA" not in {m.nombre.split()[0] for m in family.home.home(caller(me)).grupo_familiar}


def _requests_for_family_of(size: int) -> int:
    mc = MiCuenta()
    mc.directory.add_site(ips_site(), *(ips_site(sucursal=f"1{n:02d}") for n in range(size)))
    me = mc.directory.add(affiliate("CC", "1032456789"))
    for n in range(size):
        child = mc.directory.add(beneficiary("TI", f"11070{n:05d}", date(2012, 1, 1), f"HIJO{n}",
                                             ips_primaria_sucursal=f"1{n:02d}"))
        mc.directory.link(me, child)
        mc.directory.record([child.identity], Contact(barrio="CENTRO"), at=mc.now, channel="PORTAL_AFILIADOS")
    mc.directory.requests = 0
    assert len(mc.home.home(caller(me)).grupo_familiar) == size
    return mc.directory.requests


def test_the_home_pages_requests_do_not_grow_with_the_family():
    assert _requests_for_family_of(1) == _requests_for_family_of(9) == _requests_for_family_of(60)

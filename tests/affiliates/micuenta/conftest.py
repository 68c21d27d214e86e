"""Mi cuenta's services on in-memory fakes: no moto, no AWS (a request through botocore fails the test)."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.affiliates.types import Contact
from tests.affiliates.fakes import affiliate, ips_site
from tests.affiliates.micuenta.fakes import MiCuenta, beneficiary


@pytest.fixture
def no_aws(monkeypatch):
    import botocore.endpoint

    def refuse(*args, **kwargs):
        raise AssertionError("an affiliate service unit test reached AWS")

    monkeypatch.setattr(botocore.endpoint.Endpoint, "make_request", refuse)


@pytest.fixture
def family(no_aws):
    """The demo family: a cotizante with a spouse, two minors and an adult child, in Cali."""
    mc = MiCuenta()
    d = mc.directory
    d.add_site(ips_site(), ips_site(sucursal="002", name="COMFANDI SAN NICOLAS", telefono="6023334444"),
               ips_site(nit="800111222", sucursal="010", name="IPS NORTE"),
               ips_site(nit="800111222", sucursal="099", name="SEDE ADMINISTRATIVA", ips_primaria=False),
               ips_site(nit="800333444", sucursal="001", name="IPS PALMIRA", municipio="Palmira"))
    me = d.add(affiliate("CC", "1032456789"))
    spouse = d.add(beneficiary("CC", "66900111", date(1980, 4, 2), "MARTA",
                               contact=Contact(correo="marta@correo.example.co", celular="3001234567")))
    sofia = d.add(beneficiary("TI", "1107000111", date(2012, 5, 2), "SOFIA", ips_primaria_sucursal="002"))
    tomas = d.add(beneficiary("RC", "1107000222", date(2016, 9, 30), "TOMAS"))
    adult = d.add(beneficiary("CC", "1107000333", date(2004, 1, 15), "ANDRES"))
    d.link(me, spouse, "CONYUGE")
    for child in (sofia, tomas, adult):
        d.link(me, child, "HIJO")
    mc.people = {"me": me, "spouse": spouse, "sofia": sofia, "tomas": tomas, "adult": adult}
    return mc

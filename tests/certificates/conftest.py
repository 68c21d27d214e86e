"""The certificates' services on in-memory fakes: no moto, no AWS (a request through botocore fails the test)."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.affiliates.types import PacPlan, TipoCotizante
from tests.affiliates.fakes import affiliate, ips_site
from tests.affiliates.micuenta.fakes import beneficiary
from tests.certificates.fakes import Certificates


@pytest.fixture
def no_aws(monkeypatch):
    import botocore.endpoint

    def refuse(*args, **kwargs):
        raise AssertionError("a certificates unit test reached AWS")

    monkeypatch.setattr(botocore.endpoint.Endpoint, "make_request", refuse)


@pytest.fixture
def certs(no_aws) -> Certificates:
    """An independiente cotizante with PAC, his spouse (adult), a minor and an adult son; and a stranger."""
    c = Certificates()
    d = c.directory
    d.add_site(ips_site())
    me = d.add(affiliate("CC", "1032456789", tipo_cotizante=TipoCotizante.INDEPENDIENTE,
                         fecha_afiliacion=date(2024, 2, 1)))
    spouse = d.add(beneficiary("CC", "66900111", date(1980, 4, 2), "MARTA"))
    sofia = d.add(beneficiary("TI", "1107000111", date(2012, 5, 2), "SOFIA"))
    adult = d.add(beneficiary("CC", "1107000333", date(2004, 1, 15), "ANDRES"))
    d.link(me, spouse, "CONYUGE")
    d.link(me, sofia, "HIJO")
    d.link(me, adult, "HIJO")
    d.add_plan(PacPlan(me.identity, "PAC Bienestar", "PAC-2024-00017", me.identity, date(2024, 6, 1), None, "ACTIVO"))
    stranger = d.add(affiliate("CC", "52123456", primer_nombre="ANA", segundo_nombre=None))
    c.people = {"me": me, "spouse": spouse, "sofia": sofia, "adult": adult, "stranger": stranger}
    return c

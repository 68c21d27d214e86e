from __future__ import annotations

from datetime import date

import pytest

from chalicelib.affiliates.types import PacPlan
from tests.affiliates.micuenta.conftest import family, no_aws  # noqa: F401 (fixtures)
from tests.presolicitudes.fakes import Presolicitudes


@pytest.fixture
def office(family):  # noqa: F811 (the fixture imported above)
    """The demo family (a cotizante, a spouse, two minors, an adult child) with a PAC plan for the cotizante."""
    me = family.people["me"]
    family.directory.add_plan(PacPlan(me.identity, "PAC Bienestar", "PAC-1", me.identity, date(2024, 1, 1), None,
                                      "ACTIVO"))
    family.directory.add_plan(PacPlan(me.identity, "PAC Antiguo", "PAC-0", me.identity, date(2020, 1, 1),
                                      date(2023, 12, 31), "INACTIVO"))
    office = Presolicitudes(family.directory)
    office.people = family.people
    return office

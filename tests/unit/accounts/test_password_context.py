"""Issue 20 (low): a password made of the account's own context (names, provider, city, the EPS) is refused."""

from __future__ import annotations

import pytest

from chalicelib.accounts.password_policy import CONTEXTUAL, context_words, policy_violations
from chalicelib.common.errors import InvalidInput
from tests.unit.accounts.test_my_account import ana, change, principal  # noqa: F401 (fixture)

CONTEXT = ("Ana", None, "Gómez", "Ruiz", "ana.gomez", "Clínica Demo del Valle S.A.S.", "Cali", "Valle del Cauca")


@pytest.mark.parametrize("password", [
    "Cali2024*", "Cali.2025", "AnaGomez1990", "G0mez-Ruiz2024", "Clinica2024!", "DemoValle2024", "ValleDelCauca9",
    "OficinaVirtual2024", "Prestador2024*", "Gómez#2024x", "CaliValle#2024",
])
def test_passwords_of_the_accounts_context_are_refused(password):
    assert CONTEXTUAL in policy_violations(password, doc_number="1032456789", personal=CONTEXT), password


@pytest.mark.parametrize("password", ["Nueva2024Clave", "Tornillo-Azul-Marea7", "q8Vd!2mLz#Rk"])
def test_passwords_unrelated_to_the_account_are_kept(password):
    assert policy_violations(password, doc_number="1032456789", personal=CONTEXT) == []


def test_context_words_skip_legal_forms_and_short_words_but_keep_the_portals():
    words = context_words("Clínica Demo del Valle S.A.S.", "Cali")
    assert {"clinica", "demo", "valle", "cali", "eps", "oficina"} <= set(words)
    assert not {"del", "s", "sas", "a"} & set(words)


@pytest.mark.parametrize("password", ["Cali2024*", "ClinicaDemo2024", "Ana.Gomez2024", "ValleDelCauca1"])
def test_the_password_change_uses_the_sessions_provider_and_city(accounts, ana, password):  # noqa: F811
    with pytest.raises(InvalidInput) as refused:
        change(accounts, principal(accounts), new=password)
    assert {"campo": "contrasena_nueva", "mensaje": CONTEXTUAL} in refused.value.details

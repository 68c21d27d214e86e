import pytest

from chalicelib.accounts.password_policy import policy_violations
from chalicelib.security.passwords import generate_password, hash_password, verify_password


@pytest.mark.parametrize(("password", "expected"), [
    ("Zx9vQ2mLpk", []),
    ("corta1A", ["Debe tener al menos 8 caracteres"]),
    ("sinmayuscula1", ["Debe tener al menos una letra mayúscula"]),
    ("SINMINUSCULA1", ["Debe tener al menos una letra minúscula"]),
    ("SinNumeroAqui", ["Debe tener al menos un número"]),
    ("Password1", ["Es una contraseña muy común, elija otra"]),
    ("Colombia2024!", ["Es una contraseña muy común, elija otra"]),
    ("Contraseña123", ["Es una contraseña muy común, elija otra"]),
    ("Xy1032456789", ["No debe contener su número de documento"]),
])
def test_policy(password, expected):
    assert policy_violations(password, doc_number="1032456789") == expected


@pytest.mark.parametrize("password", ["Aaaaaaaa1", "Abcdefgh1234", "Poiuytrewq9", "12345678Aa"])
def test_trivial_patterns_are_refused(password):
    """Issue 8, defect 6: repeats, sequences and keyboard walks (zxcvbn)."""
    problems = policy_violations(password, doc_number="1032456789", personal=("Ana", "Gómez"))
    assert problems == ["Es una contraseña fácil de adivinar (repeticiones, secuencias o datos suyos); elija otra"]


def test_the_persons_own_name_is_named_as_the_reason():
    """The person's data is refused directly with its own message (issue 20), before zxcvbn's generic one."""
    problems = policy_violations("Ana1032Gomez", doc_number="1032456789", personal=("Ana", "Gómez"))
    assert problems[0].startswith("No debe contener su nombre")


def test_generated_passwords_meet_the_policy_and_differ():
    passwords = {generate_password() for _ in range(200)}
    assert len(passwords) == 200
    assert all(policy_violations(p, doc_number="1") == [] for p in list(passwords)[:50])


def test_hash_is_argon2id_and_verifies():
    stored = hash_password("Zx9vQ2mLpk")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify_password(stored, "Zx9vQ2mLpk")
    assert not verify_password(stored, "zx9vQ2mLpk")
    assert not verify_password(None, "Zx9vQ2mLpk")

"""Password rules (seed 002 §4.2 plus refusals of common, guessable and personal passwords)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from zxcvbn import zxcvbn

from chalicelib.common.text import strip_accents
from chalicelib.security.passwords import verify_password

MIN_LENGTH = 8
MAX_LENGTH = 128
# zxcvbn's estimate of the guesses an attacker who knows the usual patterns needs; 10^9 refuses repeats,
# sequences, keyboard walks and dictionary words with a year, and keeps passphrases and random passwords.
MIN_GUESSES_LOG10 = 9
# zxcvbn refuses longer input: its matching grows faster than linearly. A strong prefix is a strong password.
ESTIMATED_PREFIX = 72
GUESSABLE = "Es una contraseña fácil de adivinar (repeticiones, secuencias o datos suyos); elija otra"
CONTEXTUAL = "No debe contener su nombre, su correo, el nombre o la ciudad del prestador ni el nombre de la EPS"
# An affiliate's context is their own: names, email, where they live (affiliate_accounts/account.py).
AFFILIATE_CONTEXTUAL = "No debe contener su nombre, su correo, su ciudad o barrio de residencia ni el nombre de la EPS"
# Words everyone using this portal knows: the EPS, the portal, the trade.
PORTAL_WORDS = ("eps", "sos", "oficina", "virtual", "prestador", "prestadores", "salud", "clinica", "hospital")
# Shorter words (de, la, sas…) would refuse half the dictionary; the portal's own words above are kept whole.
MIN_CONTEXT_WORD = 4
_LEGAL_FORMS = frozenset({"sas", "ltda", "sa", "ips", "esp", "ese", "cia", "y", "de", "del", "la", "las", "los"})


def _fold(text: str) -> str:
    return strip_accents(text.lower())


@cache
def _common() -> frozenset[str]:
    raw = resources.files("chalicelib.accounts").joinpath("data/common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(_fold(line.strip()) for line in raw.splitlines() if line.strip() and not line.startswith("#"))


def context_words(*texts: str | None) -> list[str]:
    """The words of the account's context (names, email user, razón social, cities…) an attacker would try:
    folded, split on anything that is not a letter or digit, legal forms dropped, plus the portal's words."""
    words = {w for t in texts if t for w in re.split(r"[^a-z0-9]+", _fold(t))
             if w not in _LEGAL_FORMS and (len(w) >= MIN_CONTEXT_WORD or w.isdigit())}
    return sorted(words | set(PORTAL_WORDS))


def policy_violations(password: str, *, doc_number: str, personal: tuple[str | None, ...] = (),
                      contextual: str = CONTEXTUAL) -> list[str]:
    """Every rule the password breaks, in Spanish; empty when it is acceptable. `personal`: the account's
    context (person's names, email, provider's razón social and cities); see `context_words`. `contextual`:
    the refusal of a context word, naming that context (CONTEXTUAL for providers' users, AFFILIATE_CONTEXTUAL)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Debe tener al menos {MIN_LENGTH} caracteres")
    if len(password) > MAX_LENGTH:
        problems.append(f"Debe tener máximo {MAX_LENGTH} caracteres")
    if not re.search(r"[A-ZÁÉÍÓÚÑ]", password):
        problems.append("Debe tener al menos una letra mayúscula")
    if not re.search(r"[a-záéíóúñ]", password):
        problems.append("Debe tener al menos una letra minúscula")
    if not re.search(r"\d", password):
        problems.append("Debe tener al menos un número")
    folded = _fold(password)
    base = re.sub(r"[\d\W_]+$", "", folded)
    if folded in _common() or base in _common():
        problems.append("Es una contraseña muy común, elija otra")
    if doc_number and doc_number.lower() in folded:
        problems.append("No debe contener su número de documento")
    context = context_words(*personal)
    letters = re.sub(r"[^a-z]", "", folded)
    if any(w in letters for w in context if w.isalpha() and len(w) >= MIN_CONTEXT_WORD):
        problems.append(contextual)  # direct: zxcvbn alone lets "Cali2024*" or a name with symbols through
    if not problems and _guessable(password, [doc_number, *context]):
        problems.append(GUESSABLE)
    return problems


def new_password_problems(new: str, current: str, *, emailed_hash: str | None, doc_number: str,
                          personal: tuple[str | None, ...], contextual: str = CONTEXTUAL) -> list[str]:
    """Why `new` cannot replace `current` (the policy, and never the same one nor one the portal emailed)."""
    problems = policy_violations(new, doc_number=doc_number, personal=personal, contextual=contextual)
    if new == current:
        problems.append("La nueva contraseña debe ser diferente de la actual")
    elif verify_password(emailed_hash, new):
        problems.append("No puede usar una contraseña que le enviamos por correo")
    return problems


def _guessable(password: str, personal: list[str]) -> bool:
    hints = personal + [_fold(p) for p in personal]
    estimate = zxcvbn(password[:ESTIMATED_PREFIX], user_inputs=hints, max_length=ESTIMATED_PREFIX)
    return estimate["guesses_log10"] < MIN_GUESSES_LOG10

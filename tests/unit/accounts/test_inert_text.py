"""The registry email shows a stranger's typed text inert, and the applicant sees the registry address masked."""

from __future__ import annotations

import pytest

from chalicelib.accounts.registration import mask_email
from chalicelib.notifications.templates import inert


@pytest.mark.parametrize(("typed", "shown"), [
    ("Ana María", "Ana María"),
    ("https://evil.example.com/x", "https[:]//evil[.]example[.]com/x"),
    ("www.evil.co", "www[.]evil[.]co"),
    ("<a href=x>Clic</a>", "‹a href=x›Clic‹/a›"),
    ("javascript:alert(1)", "javascript[:]alert(1)"),
    ("Ana\r\nConfirme ya\u2028aquí", "Ana Confirme ya aquí"),
    ("x@evil.co", "x@evil[.]co"),
    ("Área: Cartera", "Área: Cartera"),
])
def test_typed_text_is_one_line_without_links_or_markup(typed, shown):
    assert inert(typed) == shown


def test_the_registry_address_is_masked_but_recognisable():
    assert mask_email("notificaciones@prestador.example.co") == "no•••••@pr•••••.example.co"
    assert mask_email("a@b.co") == "a•••••@b•••••.co"

"""Session tokens age with the app's clock (chalicelib/common/clock), not with PyJWT's reading of the system's: a
test or a replay moved in time sees the same expiry the services compute."""

from __future__ import annotations

import pytest

from chalicelib.security.tokens import InvalidToken, TokenService

KEY = b"k" * 32
ISSUED = 1_900_000_000  # years away from the system's clock either way the test runs


def tokens(now: list[int]) -> TokenService:
    return TokenService(lambda: KEY, issuer="test", audience="test", ttl_seconds=900, clock=lambda: now[0])


def test_a_token_is_valid_from_its_issue_until_its_expiry_on_the_apps_clock():
    now = [ISSUED]
    service = tokens(now)
    token, claims = service.issue(person_id="CC#1", provider_id="NI#9", token_version=1, membership_version=0,
                                  now=ISSUED)
    assert service.verify(token) == claims
    now[0] = ISSUED + 899
    assert service.verify(token).session_id == claims.session_id
    for moment in (ISSUED + 900, ISSUED - 1):  # expired; not valid yet
        now[0] = moment
        with pytest.raises(InvalidToken):
            service.verify(token)

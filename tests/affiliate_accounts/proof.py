"""What the portal's browser does for "No soy un robot": find the nonce of a proof-of-work challenge."""

from __future__ import annotations

import itertools

from chalicelib.affiliate_accounts.challenge import solves


def solve(challenge: str, bits: int) -> str:
    return next(str(n) for n in itertools.count() if solves(challenge, str(n), bits))

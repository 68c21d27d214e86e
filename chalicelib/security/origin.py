"""Which address a request comes from (docs/security.md § Client address).

Deployed, the API sits behind the portal's CloudFront distribution: API Gateway's `sourceIp` is then an edge
server's address, shared by every viewer of that edge. CloudFront's viewer-request function sets
`x-viewer-ip` to the address of the viewer's own connection (overwriting whatever the client sent under that
name), and the origin adds `x-origin-verify` with the origin secret (infra/resources.yml, OriginSecret).
`x-viewer-ip` is believed only next to a matching secret; anything else — a request that reached execute-api
directly, the local stack, the tests — is answered with the connection's own address, so a typed header
never picks the address a throttle counts or the audit records.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Mapping

from chalicelib.config import get_settings
from chalicelib.security import keys

ORIGIN_HEADER = "x-origin-verify"
VIEWER_HEADER = "x-viewer-ip"
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 (recorded, never bound)


def came_through_distribution(headers: Mapping[str, str]) -> bool:
    """The request carries the origin secret (current, or the one before the last rotation)."""
    presented = (headers.get(ORIGIN_HEADER) or "").encode()
    if not presented:
        return False
    return any(hmac.compare_digest(presented, keys.secret(name)) for name in get_settings().origin_secrets)


def client_address(headers: Mapping[str, str], source_ip: str | None) -> str:
    """The viewer's address behind the distribution; the connection's address otherwise."""
    viewer = _address(headers.get(VIEWER_HEADER))
    if viewer and came_through_distribution(headers):
        return viewer
    return _address(source_ip) or UNKNOWN_ADDRESS


def _address(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None

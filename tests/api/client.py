"""Helpers for driving the API through chalice.test.Client."""

from __future__ import annotations

import json
from typing import Any


def call(client, method: str, path: str, body: Any = None, token: str | None = None, headers=None):
    request_headers = {"Content-Type": "application/json", **(headers or {})}
    if token:
        request_headers["Authorization"] = f"Bearer {token}"
    payload = json.dumps(body) if body is not None and not isinstance(body, str) else body
    response = client.http.request(method, path, headers=request_headers, body=payload or b"")
    parsed = json.loads(response.body) if response.body else None
    return response.status_code, parsed


def login(client, doc: str, password: str | None = None) -> str:
    """A session token for a CC holder (the factories' password unless given)."""
    from tests.factories import PASSWORD

    status, session = call(client, "POST", "/sesion", {"tipo_documento": "CC", "numero_documento": doc,
                                                        "contrasena": password or PASSWORD})
    assert status == 200
    return session["token"]

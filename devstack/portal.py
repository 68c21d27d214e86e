"""The built portal (web/dist) on the API's own origin, under /portal/, as CloudFront serves it in AWS."""

from __future__ import annotations

import mimetypes
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "web" / "dist"
PREFIX = "/portal/"


def security_headers(aws_url: str) -> dict[str, str]:
    """The same policy the CloudFront response headers policy sets (infra/resources.yml): scripts and styles from
    this origin only; fetches to the API (same origin) and the presigned S3 uploads."""
    return {
        "Content-Security-Policy": (f"default-src 'self'; connect-src 'self' {aws_url}; img-src 'self' data:; "
                                    "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
                                    f"form-action 'self'; frame-ancestors 'none'"),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
    }


def resolve(path: str) -> Path | None:
    """The file a GET of `path` serves, or None (also for anything escaping web/dist)."""
    relative = path.split("?")[0][len(PREFIX):] or "index.html"
    target = (ROOT / relative).resolve()
    if not target.is_relative_to(ROOT.resolve()) or not target.is_file():
        return None
    return target


def serve(handler, aws_url: str) -> bool:
    """Answers a GET under /portal/ (or `/`, redirected there); False when the path is the API's."""
    path = handler.path.split("?")[0]
    if path in ("/", PREFIX.rstrip("/")):
        handler.send_response(302)
        handler.send_header("Location", PREFIX)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return True
    if not path.startswith(PREFIX):
        return False
    target = resolve(path)
    if target is None:
        body, status, content_type = b"No encontrado", 404, "text/plain; charset=utf-8"
    else:
        body, status = target.read_bytes(), 200
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith("javascript"):
            content_type += "; charset=utf-8"
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    # Hashed assets never change; index.html must be re-read so a new build is picked up.
    immutable = target is not None and "/assets/" in path
    handler.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache")
    for name, value in security_headers(aws_url).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)
    return True

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


ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # preference order, as CloudFront picks


def accepted(header: str | None) -> set[str]:
    """Codings an `Accept-Encoding` header allows (`q=0` refuses one)."""
    out = set()
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            if name.strip() and float(q) > 0:
                out.add(name.strip().lower())
        except ValueError:
            continue
    return out


def negotiate(target: Path, accept_encoding: str | None) -> tuple[Path, str | None]:
    """The precompressed copy of `target` the client accepts (the build writes .br and .gz beside text files),
    or `target` itself."""
    allowed = accepted(accept_encoding)
    for coding, suffix in ENCODINGS:
        copy = target.with_name(target.name + suffix)
        if coding in allowed and copy.is_file():
            return copy, coding
    return target, None


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
    coding = None
    if target is None:
        body, status, content_type = b"No encontrado", 404, "text/plain; charset=utf-8"
    else:
        sent, coding = negotiate(target, handler.headers.get("Accept-Encoding"))
        body, status = sent.read_bytes(), 200
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith("javascript"):
            content_type += "; charset=utf-8"
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    if coding:
        handler.send_header("Content-Encoding", coding)
    if target is not None:
        handler.send_header("Vary", "Accept-Encoding")
    # Hashed assets never change; index.html must be re-read so a new build is picked up.
    immutable = target is not None and "/assets/" in path
    handler.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache")
    for name, value in security_headers(aws_url).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)
    return True

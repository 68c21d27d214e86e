"""`make api-fuzz`: schemathesis against the local stack's own `/openapi.json`, with real sessions.

Starts the whole local stack (demo data loaded through the pipeline) on free ports, logs in as the demo
provider administrator and the demo operator, and runs schemathesis twice — the administrator on every
route outside /operaciones, the operator on /operaciones — failing on any 5xx or any answer that breaks the
documented schema. Bounded: a fixed number of examples per operation, a fixed seed and a time budget.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

from devstack.embedded_aws import free_port

CHECKS = "not_a_server_error,response_schema_conformance"
# The operator's routes, and those that would end the very session the run uses (logout, provider
# switch, password change, renewal: it revokes the token it renews).
PROVIDER_SIDE = "^/(operaciones/.*|sesion|sesion/prestador|sesion/renovar|cuenta/contrasena)$"


def _login(base: str, credentials: dict) -> str:
    # The local stack, http://127.0.0.1 (S310 is about file: or custom schemes).
    request = urllib.request.Request(f"{base}/sesion", data=json.dumps(credentials).encode(),  # noqa: S310
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return json.load(answer)["token"]


def _known_identifiers() -> dict[str, list[str]]:
    """Path parameters that exist in the demo data, so detail routes answer 200 too (and their schema is
    checked), not only 404: schemathesis uses them half of the time and generates the other half."""
    from chalicelib.accounts.models import MembershipRecord
    from chalicelib.glosas.models import GlosaDetail
    from chalicelib.jobs.models import JobRecord
    from chalicelib.payments.models import Payment
    from devstack.demodata import DEMO_NIT

    provider = f"NI#{DEMO_NIT}"
    return {
        "numero_pago": [p.payment_number for p in Payment.query(provider, limit=5)],
        "conciliacion": sorted({d.detail_key.split("#")[0] for d in GlosaDetail.query(provider, limit=50)})[:5],
        "user_id": [m.user_id for m in MembershipRecord.by_provider.query(provider, limit=5)],
        "job_id": [j.job_id for j in JobRecord.by_pipeline.query("ingest", limit=5)],
        "code": ["05", "11", "76"],
    }


def _config_file(report_dir: Path) -> Path:
    known = _known_identifiers()
    lines = []
    for name, values in known.items():
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}", ""]
    lines.append("[parameters]")
    lines += [f'"path.{name}" = {{ dictionary = "{name}", probability = 0.5 }}' for name in known]
    path = report_dir / "schemathesis.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _runs(base: str) -> list[tuple[str, str, list[str]]]:
    from devstack.demo import DEMO_ADMIN, DEMO_OPERATOR

    return [
        ("administrador del prestador", _login(base, DEMO_ADMIN),
         ["--exclude-path-regex", PROVIDER_SIDE]),  # one regex: a repeated option keeps only the last
        ("operador EPS", _login(base, DEMO_OPERATOR), ["--include-path-regex", "^/operaciones/"]),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--max-time", type=int, default=90, help="seconds per run (two runs)")
    parser.add_argument("--report-dir", default="build/api-fuzz")
    args = parser.parse_args(argv)

    from http.server import BaseHTTPRequestHandler

    from devstack.server import start

    answered: Counter[str] = Counter()  # status classes the local API answered, counted instead of logged

    def count(handler, code="-", size="-") -> None:
        answered[f"{str(getattr(code, 'value', code))[0]}xx"] += 1

    BaseHTTPRequestHandler.log_request = count
    BaseHTTPRequestHandler.log_message = lambda *_: None
    port = free_port()
    server, aws = start(port, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    schemathesis = str(Path(sys.executable).with_name("schemathesis"))
    report_dir = Path(args.report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    failed = False
    config = _config_file(report_dir)
    try:
        for n, (who, token, filters) in enumerate(_runs(base)):
            ndjson = report_dir / f"run-{n}.ndjson"
            answered.clear()
            started = time.monotonic()
            result = subprocess.run([  # noqa: S603 (our venv's schemathesis, arguments built here)
                schemathesis, "--config-file", str(config), "run", f"{base}/openapi.json", "--url", base,
                "--header", f"Authorization: Bearer {token}", "--checks", CHECKS,
                "--max-examples", str(args.max_examples), "--max-time", str(args.max_time), "--seed", "15",
                "--workers", "1", "--phases", "examples,coverage,fuzzing", "--suppress-health-check", "all",
                "--request-timeout", "30", "--report", "ndjson", "--report-ndjson-path", str(ndjson),
                "--output-sanitize", "true", *filters], check=False)
            classes = ", ".join(f"{k}: {v}" for k, v in sorted(answered.items()))
            print(f"api-fuzz [{who}]: exit {result.returncode}, {sum(answered.values())} requests in "
                  f"{time.monotonic() - started:.0f} s ({classes}); report {ndjson}", flush=True)
            failed = failed or result.returncode != 0
    finally:
        server.shutdown()
        aws.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

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
from pathlib import Path

from devstack.embedded_aws import free_port

CHECKS = "not_a_server_error,response_schema_conformance"
# The operator's routes, and those that would end the very session the run uses (logout, provider
# switch, password change).
PROVIDER_SIDE = "^/(operaciones/.*|sesion|sesion/prestador|cuenta/contrasena)$"


def _login(base: str, credentials: dict) -> str:
    # The local stack, http://127.0.0.1 (S310 is about file: or custom schemes).
    request = urllib.request.Request(f"{base}/sesion", data=json.dumps(credentials).encode(),  # noqa: S310
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return json.load(answer)["token"]


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

    BaseHTTPRequestHandler.log_message = lambda *_: None  # one line per fuzzed request would drown the report
    port = free_port()
    server, aws = start(port, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    schemathesis = str(Path(sys.executable).with_name("schemathesis"))
    report_dir = Path(args.report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    failed = False
    try:
        for n, (who, token, filters) in enumerate(_runs(base)):
            ndjson = report_dir / f"run-{n}.ndjson"
            started = time.monotonic()
            result = subprocess.run([  # noqa: S603 (our venv's schemathesis, arguments built here)
                schemathesis, "run", f"{base}/openapi.json", "--url", base,
                "--header", f"Authorization: Bearer {token}", "--checks", CHECKS,
                "--max-examples", str(args.max_examples), "--max-time", str(args.max_time), "--seed", "15",
                "--workers", "1", "--phases", "examples,coverage,fuzzing", "--suppress-health-check", "all",
                "--request-timeout", "30", "--report", "ndjson", "--report-ndjson-path", str(ndjson),
                "--output-sanitize", "true", *filters], check=False)
            print(f"api-fuzz [{who}]: exit {result.returncode} in {time.monotonic() - started:.0f} s "
                  f"(report {ndjson})", flush=True)
            failed = failed or result.returncode != 0
    finally:
        server.shutdown()
        aws.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

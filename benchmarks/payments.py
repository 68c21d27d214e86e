"""Benchmark: Consulta Pagos for a provider with 100,000 payments, on the embedded AWS.

    make bench-payments
    python -m benchmarks.payments --payments 20000 --lines 5000 --repeat 5

1. The first page of a one-year range through the handler (chalice.test.Client: authorizer, permission
   rule, route, service, DynamoDB, access log entry, JSON), repeated: wall time, time inside boto calls
   (the emulator plus botocore's (de)serialisation) and the rest, the project's own work.
2. The detail CSV of a payment with 20,000 lines (and one with a tenth of them, to compare): time and
   peak memory (tracemalloc, in a second run, since tracing slows the code), answered inline or, past
   the inline limit, streamed to S3 behind a link.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
import tracemalloc
from datetime import date, timedelta

from devstack.environment import stage_environment

os.environ.update(stage_environment("test"))

import boto3  # noqa: E402
import botocore.client  # noqa: E402
from moto import mock_aws  # noqa: E402

from chalicelib.payments.service import PaymentQueryService  # noqa: E402

PROVIDER = "NI#900123456"
boto_seconds = [0.0]
boto_calls = [0]


def _time_boto_calls() -> None:
    original = botocore.client.BaseClient._make_api_call

    def timed(self, operation, params):
        started = time.perf_counter()
        try:
            return original(self, operation, params)
        finally:
            boto_seconds[0] += time.perf_counter() - started
            boto_calls[0] += 1

    botocore.client.BaseClient._make_api_call = timed


def _measure(action) -> tuple[float, float, int]:
    """(wall s, s inside boto calls, boto calls) of one action."""
    boto_seconds[0], boto_calls[0] = 0.0, 0
    started = time.perf_counter()
    action()
    return time.perf_counter() - started, boto_seconds[0], boto_calls[0]


def _load(payments: int, lines: int, years: int, seed: int) -> tuple[str, str]:
    from chalicelib.payments.models import Payment, PaymentLine
    from tests.payments_data import line, payment

    rng = random.Random(seed)
    first_day = date(2025, 12, 31) - timedelta(days=365 * years - 1)
    started = time.perf_counter()
    with Payment.batch_write() as batch:
        for i in range(payments):
            day = first_day + timedelta(days=rng.randrange(365 * years))
            batch.save(payment(str(2_000_000_000 + i), day.isoformat(), valor=rng.randrange(100_000, 900_000_000)))
    big, small = payment("9000000001", "2025-06-30"), payment("9000000002", "2025-06-30")
    big.save()
    small.save()
    with PaymentLine.batch_write() as batch:
        for pay, count in ((big, lines), (small, lines // 10)):
            for i in range(count):
                batch.save(line(pay, "FE", str(1_000_000 + i), applied=rng.randrange(10_000, 5_000_000),
                                compania="SOS EPS" if i % 50 else "=Compañía con fórmula"))
    print(f"Loaded {payments:,} payments over {years} years and {lines + lines // 10:,} lines "
          f"in {time.perf_counter() - started:.1f} s")
    return big.payment_number, small.payment_number


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=5, help="payments spread evenly over this many years")
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    with mock_aws():
        from chalice.test import Client

        from app import app
        from chalicelib import wiring
        from chalicelib.config import get_settings
        from devstack.provision import provision
        from tests import factories

        wiring.bind()
        provision(boto3.Session(), "test", region=get_settings().region)
        factories.membership(factories.person("79000001"), factories.provider(), role="DELEGADO", menus={"PAGOS"})
        big, small = _load(args.payments, args.lines, args.years, args.seed)
        _time_boto_calls()

        with Client(app) as client:
            login = client.http.post("/sesion", headers={"Content-Type": "application/json"},
                                     body=b'{"tipo_documento": "CC", "numero_documento": "79000001", '
                                          b'"contrasena": "' + factories.PASSWORD.encode() + b'"}')
            token = __import__("json").loads(login.body)["token"]
            headers = {"Authorization": f"Bearer {token}"}
            path = "/pagos?fecha_inicio=2025-01-01&fecha_fin=2025-12-31"
            result = {}

            def first_page():
                response = client.http.get(path, headers=headers)
                assert response.status_code == 200, response.body
                result["body"] = __import__("json").loads(response.body)

            first_page()  # warm: cold-start work (bindings, clients, keys) is not the steady state
            runs = [_measure(first_page) for _ in range(args.repeat)]
            walls, botos = [r[0] * 1000 for r in runs], [r[1] * 1000 for r in runs]
            own = [w - b for w, b in zip(walls, botos, strict=True)]
            print(f"\nFirst page of a one-year range ({result['body']['total_registros']:,} payments in range, "
                  f"page of {len(result['body']['pagos'])}), {args.repeat} runs through the handler:")
            print(f"  wall            median {statistics.median(walls):8.1f} ms   max {max(walls):8.1f} ms")
            print(f"  in boto calls   median {statistics.median(botos):8.1f} ms   ({runs[0][2]} calls per request: "
                  "session checks, page query, totals query pages, access log put)")
            print(f"  project's own   median {statistics.median(own):8.1f} ms   max {max(own):8.1f} ms")

        service = wiring.payments()
        print(f"\nDetail CSV through the service on the emulator (inline up to {service._inline_limit:,} bytes):")
        for number, count in ((small, args.lines // 10), (big, args.lines)):
            outcome = {}
            wall, boto, calls = _measure(lambda n=number, o=outcome: o.update(r=service.detail_file(PROVIDER, n)))
            peak = _traced_peak(lambda n=number: service.detail_file(PROVIDER, n))
            print(f"  {count:>7,} lines {wall:7.1f} s wall, {boto:7.1f} s in {calls} boto calls, "
                  f"own {wall - boto:5.2f} s; peak traced {peak:6.1f} MB (emulator included) → {_kind(outcome['r'])}")

    print("\nDetail CSV, the project's own work alone (lines generated lazily in memory, no emulator):")
    for count in (args.lines // 10, args.lines, args.lines * 10):
        for label, limit in (("inline", 4_000_000), ("S3 link", 1_000)):
            service = PaymentQueryService(_GeneratedLines(count), _Discard(), inline_limit=limit)
            outcome = {}
            started = time.perf_counter()
            outcome["r"] = service.detail_file(PROVIDER, "1")
            wall = time.perf_counter() - started
            peak = _traced_peak(lambda s=service: s.detail_file(PROVIDER, "1"))
            print(f"  {count:>9,} lines {label:<8} {wall:6.2f} s; peak traced {peak:6.1f} MB → {_kind(outcome['r'])}")


def _traced_peak(action) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _kind(result) -> str:
    body = getattr(result, "body", None)
    return f"inline {len(body) / 1e6:.1f} MB" if body is not None else "link"


class _GeneratedLines:
    """A store whose payment has `count` lines, made one at a time (nothing kept)."""

    def __init__(self, count: int):
        self._count = count

    def get_payment(self, provider_id, number):
        from tests.payments_data import payment

        return payment(number, "2025-06-30")

    def lines_of_payment(self, provider_id, number):
        from tests.payments_data import line, payment

        pay = payment(number, "2025-06-30")
        return (line(pay, "FE", str(1_000_000 + i), compania="SOS EPS") for i in range(self._count))


class _Discard:
    expires_seconds = 900

    def publish(self, key, file, filename, content_type):
        while file.read(1 << 20):
            pass
        return "https://example.invalid/" + key


if __name__ == "__main__":
    main()

"""CPU accounting for benchmarks that run the emulator (moto) in their own process.

A Lambda pays for botocore serialising its requests and parsing the answers; it does not pay for the server.
So a run's **own** CPU is its thread's CPU minus the emulator's server-side work (moto's `BotocoreStubber`,
which answers in place of HTTP); botocore's share (inside `_make_api_call`, outside the stubber) stays in own
work and is reported apart.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import botocore.client
from moto.core.botocore_stubber import BotocoreStubber


@dataclass(frozen=True)
class Cpu:
    """One measured run, in CPU seconds of the running thread (and wall seconds)."""

    wall: float
    total: float
    botocore: float  # inside _make_api_call, without the emulator: serialisation, validation, parsing
    emulator: float  # moto answering the requests (not counted)
    requests: int

    @property
    def own(self) -> float:
        return self.total - self.emulator


class CpuMeter:
    """Installs two timers once (botocore's API call and moto's stubber) and measures callables."""

    def __init__(self) -> None:
        self._inside_call = 0.0
        self._inside_emulator = 0.0
        self._requests = 0
        self._depth = 0
        call, stub = botocore.client.BaseClient._make_api_call, BotocoreStubber.__call__

        def timed_call(client, operation, params):
            self._requests += 1
            self._depth += 1
            started = time.thread_time()
            try:
                return call(client, operation, params)
            finally:
                self._depth -= 1
                if not self._depth:  # a paginator's or waiter's nested call is counted once
                    self._inside_call += time.thread_time() - started

        def timed_stub(stubber, event_name, request, **kwargs):
            started = time.thread_time()
            try:
                return stub(stubber, event_name, request, **kwargs)
            finally:
                self._inside_emulator += time.thread_time() - started

        botocore.client.BaseClient._make_api_call = timed_call
        BotocoreStubber.__call__ = timed_stub

    def measure(self, run: Callable[[], object]) -> Cpu:
        call, emulator, requests = self._inside_call, self._inside_emulator, self._requests
        started, cpu_started = time.perf_counter(), time.thread_time()
        run()
        total = time.thread_time() - cpu_started
        wall = time.perf_counter() - started
        emulator = self._inside_emulator - emulator
        return Cpu(wall, total, self._inside_call - call - emulator, emulator, self._requests - requests)


def alternating_pairs(meter: CpuMeter, floor: Callable[[], object], own: Callable[[], object], pairs: int = 5,
                      before_each: Callable[[], object] = lambda: None,
                      report: Callable[[int, Cpu, Cpu], object] = lambda n, floor, own: None) -> list[tuple[Cpu, Cpu]]:
    """`pairs` × (floor, then own), `before_each` (untimed) ahead of every run: drift hits both sides alike;
    `report` sees each pair as soon as it is measured."""
    measured = []
    for _ in range(pairs):
        before_each()
        floor_cpu = meter.measure(floor)
        before_each()
        measured.append((floor_cpu, meter.measure(own)))
        report(len(measured), *measured[-1])
    return measured


def median_ratio(measured: list[tuple[Cpu, Cpu]]) -> tuple[float, float, float]:
    """Own CPU / floor CPU per pair: (median, min, max)."""
    ratios = [own.own / floor.own for floor, own in measured]
    return statistics.median(ratios), min(ratios), max(ratios)

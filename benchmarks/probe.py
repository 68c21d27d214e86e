"""What the pipeline benchmarks measure, per stage of a pipeline service: wall time, AWS requests by operation, and
CPU time split three ways (benchmarks/measure.py): the emulator's (moto answering the requests: reported apart),
botocore's (serialising and parsing: own work, also reported apart) and the rest of the stage's own work.

CPU is the stage thread's (plus the forked XLSX parse's, see work_cpu): in this process the stage shares the
interpreter with the emulator's threads and the benchmark's polling (a Lambda runs alone), so its wall time includes
their turns at the GIL and its thread's CPU time does not."""

from __future__ import annotations

import resource
import threading
import time
from collections import Counter

import botocore.client

from benchmarks.measure import BotoSplit


def work_cpu() -> float:
    """CPU seconds of this thread plus those of reaped child processes: the reader parses an XLSX in a forked
    child (chalicelib/spreadsheets/isolated.py), whose work thread_time() alone would not see."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.thread_time() + children.ru_utime + children.ru_stime


class StageProbe:
    def __init__(self, stages: tuple[str, ...]):
        self.stages = stages
        self.requests: Counter = Counter()  # (stage, "service:Operation") → calls
        self.inside: Counter = Counter()  # stage → wall seconds inside botocore calls (any thread)
        self.split = BotoSplit()  # the stage thread's CPU inside botocore, and inside the emulator
        self.spans: dict[str, float] = {}
        self.spans_cpu: Counter = Counter()
        self._stage = threading.local()
        self._active: str | None = None  # the stage running now (one pipeline at a time in a benchmark)

    def instrument(self, *service_classes) -> None:
        """Count every AWS call by the stage running, and time each stage method (found on the first of
        `service_classes` that has it)."""
        self.split.install()
        original = botocore.client.BaseClient._make_api_call
        probe = self

        def counted(client, operation, params):
            stage = getattr(probe._stage, "name", None) or probe._helper_stage()
            probe.requests[(stage, f"{client.meta.service_model.service_name}:{operation}")] += 1
            started = time.perf_counter()
            try:
                return original(client, operation, params)
            finally:
                probe.inside[stage] += time.perf_counter() - started

        botocore.client.BaseClient._make_api_call = counted
        for name in self.stages:
            service_cls = next(cls for cls in service_classes if hasattr(cls, name))
            method = getattr(service_cls, name)

            def timed(service, *args, _method=method, _name=name, **kwargs):
                with self.stage(_name):
                    return _method(service, *args, **kwargs)

            setattr(service_cls, name, timed)

    def _helper_stage(self) -> str:
        """A call from a thread without a stage: a helper of the active stage (s3transfer's workers download and
        upload files for it) unless it comes from the main thread, where the benchmark polls."""
        if self._active and threading.current_thread() is not threading.main_thread():
            return self._active
        return "other"

    def stage(self, name: str):
        probe = self

        class _Span:
            def __enter__(self):
                probe._stage.name = probe._active = name
                probe.split.set_label(name)
                self.started, self.started_cpu = time.perf_counter(), work_cpu()

            def __exit__(self, *exc):
                probe.spans[name] = probe.spans.get(name, 0.0) + time.perf_counter() - self.started
                probe.spans_cpu[name] += work_cpu() - self.started_cpu
                probe._stage.name = probe._active = None
                probe.split.set_label(None)

        return _Span()

    def own_cpu(self, name: str) -> float:
        """The stage's CPU without the emulator's: botocore's serialisation and parsing stay in."""
        return max(self.spans_cpu[name] - self.split.emulator[name], 0.0)

    def report(self, rows: int, names: tuple[str, ...]) -> None:
        """Print one line per stage."""
        for name in names:
            wall = self.spans.get(name, 0.0)
            calls = {op: n for (stage, op), n in self.requests.items() if stage == name}
            listed = ", ".join(f"{op} {n:,}" for op, n in sorted(calls.items(), key=lambda kv: -kv[1])[:5])
            print(f"  {name:<10} {wall:6.2f} s wall ({self.inside.get(name, 0.0):6.2f} s in AWS calls)  CPU: own "
                  f"{self.own_cpu(name):5.2f} s (of which botocore {self.split.botocore(name):5.2f} s), emulator "
                  f"{self.split.emulator[name]:6.2f} s  {rows / max(wall, 1e-3):9,.0f} rows/s  "
                  f"requests {sum(calls.values()):,}: {listed}")

"""What the pipeline benchmarks measure, per stage of a pipeline service: wall time, AWS requests by
operation, time inside the emulator (moto runs in this process: time spent in botocore calls), peak memory.

Own work is a stage's time outside the emulator, as wall time and as the CPU time of the stage's thread (plus
the forked XLSX parse's, see work_cpu): in this
process the stage shares the interpreter with the emulator's threads and the benchmark's polling (a Lambda runs
alone), so its wall time includes their turns at the GIL and its thread's CPU time does not."""

from __future__ import annotations

import resource
import threading
import time
from collections import Counter
from pathlib import Path

import botocore.client


def work_cpu() -> float:
    """CPU seconds of this thread plus those of reaped child processes: the reader parses an XLSX in a forked
    child (chalicelib/spreadsheets/isolated.py), whose work thread_time() alone would not see."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.thread_time() + children.ru_utime + children.ru_stime


def peak_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


class StageProbe:
    def __init__(self, stages: tuple[str, ...]):
        self.stages = stages
        self.requests: Counter = Counter()  # (stage, "service:Operation") → calls
        self.inside: Counter = Counter()  # stage → seconds inside botocore calls
        self.inside_cpu: Counter = Counter()  # stage → CPU seconds of the stage's thread inside botocore calls
        self.spans: dict[str, float] = {}
        self.spans_cpu: Counter = Counter()
        self._stage = threading.local()
        self._active: str | None = None  # the stage running now (one pipeline at a time in a benchmark)

    def instrument(self, service_cls) -> None:
        """Count every AWS call by the stage running, and time each stage method of `service_cls`."""
        original = botocore.client.BaseClient._make_api_call
        probe = self

        def counted(client, operation, params):
            own = getattr(probe._stage, "name", None)
            stage = own or probe._helper_stage()
            probe.requests[(stage, f"{client.meta.service_model.service_name}:{operation}")] += 1
            started, started_cpu = time.perf_counter(), time.thread_time()
            try:
                return original(client, operation, params)
            finally:
                probe.inside[stage] += time.perf_counter() - started
                if own:  # a helper thread's CPU is not the stage thread's
                    probe.inside_cpu[stage] += time.thread_time() - started_cpu

        botocore.client.BaseClient._make_api_call = counted
        for name in self.stages:
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
                self.started, self.started_cpu = time.perf_counter(), work_cpu()

            def __exit__(self, *exc):
                probe.spans[name] = probe.spans.get(name, 0.0) + time.perf_counter() - self.started
                probe.spans_cpu[name] += work_cpu() - self.started_cpu
                probe._stage.name = probe._active = None

        return _Span()

    def own_cpu(self, name: str) -> float:
        return max(self.spans_cpu[name] - self.inside_cpu[name], 0.0)

    def report(self, rows: int, names: tuple[str, ...], own_stages: tuple[str, ...]) -> float:
        """Print one line per stage; the own work (wall minus emulator) of `own_stages`, summed."""
        own_total = 0.0
        for name in names:
            wall = self.spans.get(name, 0.0)
            calls = {op: n for (stage, op), n in self.requests.items() if stage == name}
            emulator = self.inside.get(name, 0.0)
            own = max(wall - emulator, 0.0)
            if name in own_stages:
                own_total += own
            listed = ", ".join(f"{op} {n:,}" for op, n in sorted(calls.items(), key=lambda kv: -kv[1])[:5])
            print(f"  {name:<10} {wall:6.2f} s (emulator {emulator:6.2f} s, own work {own:6.2f} s, CPU "
                  f"{self.own_cpu(name):5.2f} s)  {rows / max(wall, 1e-3):9,.0f} rows/s  "
                  f"requests {sum(calls.values()):,}: {listed}")
        return own_total

"""The measuring pieces the cartera and glosa benchmarks share (docs/benchmarks.md, "Method").

- CPU time, not wall time: the machine is shared, so a run's wall time says more about its neighbours than about
  the work. `cpu()` is this process's CPU (every thread) plus that of its reaped children (the XLSX parse runs in a
  forked child, chalicelib/spreadsheets/isolated.py).
- The floor: read the same input file (python-calamine) and write the same output cells with the writer the
  pipeline uses (rust_xlsxwriter through rustpy-xlsxwriter, one dict per row as that binding takes them), in the
  same process as the own work.
- Alternating pairs: floor, own, floor, own, … — neighbours share the machine's state of the moment, so the median
  of their ratios is steadier than a ratio of two runs minutes apart. The verdict's pairs run on one CPU, as the
  floor does; the same pairs on every CPU are reported beside them.
- Time inside botocore is split: the emulator's part (moto answering the request) is reported apart; botocore's
  own part (serialising the request, parsing the answer: what a Lambda pays against DynamoDB too) is own work.
- `Replay` answers a client's requests with answers recorded from the emulator, so a child process repeats the
  pipeline's reads through botocore's real serialisation and parsing without the emulator.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import resource
import statistics
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import botocore.client
import rustpy_xlsxwriter as rx
from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import BotocoreStubber, MockRawResponse
from python_calamine import CalamineWorkbook


def cpu() -> float:
    """CPU seconds of this process (all threads) and of its reaped children."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def peak_mb() -> float:
    """Peak resident memory of this process: VmHWM, which Linux resets at exec — ru_maxrss does not, so in a child
    started by a large benchmark process it would report the parent's peak."""
    status = Path("/proc/self/status")
    if status.exists():
        return int(next(line.split()[1] for line in status.read_text().splitlines()
                        if line.startswith("VmHWM:"))) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_cpu(work: Callable[[], object]) -> float:
    gc.collect()  # neither side pays for the other's garbage
    started = cpu()
    work()
    return cpu() - started


# --- the floor ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FloorSheet:
    """One sheet of the floor's output: the same titles, formats and cells as the pipeline's result sheet."""

    name: str
    titles: Sequence[str]
    number_formats: Sequence[str | None]  # per column, e.g. "#,##0", "dd/mm/yyyy", or None
    widths: Sequence[float]
    rows: Sequence[Sequence[object]]


_EXCEL_EPOCH = date(1899, 12, 30)


def floor_sheets(result: bytes, columns: dict[str, Sequence]) -> list[FloorSheet]:
    """The cells of the pipeline's result file, sheet by sheet, as the floor writes them: dates back to their serial
    numbers, whole numbers as ints; `columns` (sheet → its xlsx_tables.TableColumn list) gives formats and widths."""
    formats = {"money": "#,##0", "date": "dd/mm/yyyy"}
    book = CalamineWorkbook.from_filelike(io.BytesIO(result))
    sheets = []
    for name in book.sheet_names:
        header, *rows = book.get_sheet_by_name(name).to_python()
        table = columns[name]
        sheets.append(FloorSheet(name, [str(t) for t in header], [formats.get(c.kind) for c in table],
                                 [c.width for c in table],
                                 [[*map(_cell, row), *[None] * (len(header) - len(row))] for row in rows]))
    return sheets


def _cell(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return (value - _EXCEL_EPOCH).days
    return None if value == "" else value


def floor_work(body: bytes, sheets: Sequence[FloorSheet], out: str) -> None:
    """Read `body` with calamine (every sheet's cells, as Python values) and write `sheets` with rust_xlsxwriter:
    the least any program that reads this file and writes this result can do with these libraries."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(body))
    for name in book.sheet_names:  # row by row: the library's quickest way to every cell (to_python costs ~25 % more)
        for _row in book.get_sheet_by_name(name).iter_rows():
            pass
    writer = rx.FastExcel(out).freeze(row=1)
    header = rx.Format().set_bold().set_background_color("#DDEBF7").set_border("thin")
    for sheet in sheets:
        formats = [rx.Format().set_num_format(f) if f else None for f in sheet.number_formats]
        writer.sheet(sheet.name, _records(sheet), column_widths=list(sheet.widths), column_formats=formats,
                     header_format=header, autofilter=True)
    writer.save()


def _records(sheet: FloorSheet) -> Iterator[dict]:
    titles = list(sheet.titles)
    for row in sheet.rows or [[None] * len(titles)]:  # a sheet without rows still shows its header
        yield dict(zip(titles, row, strict=True))


# --- alternating pairs -------------------------------------------------------------------------------------------

@dataclass
class Pairs:
    floor: list[float] = field(default_factory=list)
    own: list[float] = field(default_factory=list)
    both_cpus: Pairs | None = None  # the same pairs with the machine's every CPU allowed (reported, not the verdict)

    @property
    def ratios(self) -> list[float]:
        return [o / f for o, f in zip(self.own, self.floor, strict=True)]

    def report(self, rows: int, target: float = 2.0) -> str:
        ratios = sorted(self.ratios)
        own, floor = statistics.median(self.own), statistics.median(self.floor)
        verdict = "met" if statistics.median(ratios) <= target else "NOT met"
        line = (f"  {len(ratios)} pairs on one CPU: own work median {own:.2f} s CPU ({rows / own:,.0f} rows/s), floor "
                f"median {floor:.2f} s CPU ({rows / floor:,.0f} rows/s); own / floor median "
                f"**{statistics.median(ratios):.2f}×** ({ratios[0]:.2f}–{ratios[-1]:.2f}×), target ≤ {target:g}×: "
                f"{verdict}")
        if self.both_cpus is not None:
            both = sorted(self.both_cpus.ratios)
            own, floor = statistics.median(self.both_cpus.own), statistics.median(self.both_cpus.floor)
            line += (f"\n  {len(both)} pairs on every CPU (the parse's child beside its parent): own work median "
                     f"{own:.2f} s CPU, floor {floor:.2f} s; own / floor median {statistics.median(both):.2f}× "
                     f"({both[0]:.2f}–{both[-1]:.2f}×)")
        return line


def alternating_pairs(own: Callable[[], object], floor: Callable[[], object], pairs: int) -> Pairs:
    """floor, own, floor, own, … in CPU seconds, `pairs` of each, printed as they come: first with the process (and
    the children it forks) on one CPU, as the floor always runs; then with every CPU allowed, where the XLSX parse's
    child runs beside its parent and both pay for sharing the machine's caches (the glosa file's parse: 1.49 s CPU on
    one CPU, 1.64 s on two, measured side by side)."""
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})
    try:
        measured = _pairs(own, floor, pairs, "one CPU")
    finally:
        os.sched_setaffinity(0, allowed)
    if len(allowed) > 1:
        measured.both_cpus = _pairs(own, floor, pairs, "every CPU")
    return measured


def _pairs(own: Callable[[], object], floor: Callable[[], object], pairs: int, where: str) -> Pairs:
    measured = Pairs()
    for _ in range(pairs):
        measured.floor.append(timed_cpu(floor))
        measured.own.append(timed_cpu(own))
        print(f"  pair ({where}): floor {measured.floor[-1]:.2f} s, own {measured.own[-1]:.2f} s CPU: "
              f"{measured.own[-1] / measured.floor[-1]:.2f}×", flush=True)
    return measured


# --- botocore vs the emulator ------------------------------------------------------------------------------------

class BotoSplit:
    """CPU seconds (of the calling thread) inside botocore calls and, of those, inside the emulator — by a label
    the caller sets per thread (a pipeline stage). Optionally records the emulator's answers for `Replay`."""

    def __init__(self):
        self.inside: Counter = Counter()  # label → CPU inside botocore's _make_api_call (emulator included)
        self.emulator: Counter = Counter()  # label → CPU inside moto's request processing
        self.recorded: dict[str, dict[bytes, list]] = {}  # label → request digest → answers
        self.record_labels: set[str] = set()
        self.operations: defaultdict[str, Counter] = defaultdict(Counter)  # label → operation → calls
        self._local = threading.local()

    def label(self) -> str | None:
        return getattr(self._local, "label", None)

    def set_label(self, label: str | None) -> None:
        self._local.label = label

    def botocore(self, label: str) -> float:
        """botocore's own part: serialising, signing, parsing (own work that a Lambda pays too)."""
        return max(self.inside[label] - self.emulator[label], 0.0)

    def install(self) -> None:
        split = self
        original_call = botocore.client.BaseClient._make_api_call
        original_process = BotocoreStubber.process_request

        def call(client, operation, params):
            label, started = split.label(), time.thread_time()
            if label:
                split.operations[label][operation] += 1
            try:
                return original_call(client, operation, params)
            finally:
                if label:
                    split.inside[label] += time.thread_time() - started

        def process(stubber, request):
            label, started = split.label(), time.thread_time()
            answer = original_process(stubber, request)
            if label:
                split.emulator[label] += time.thread_time() - started
                if label in split.record_labels and answer is not None:
                    status, headers, body = answer
                    split.recorded.setdefault(label, {}).setdefault(_digest(request), []).append(
                        (status, dict(headers), body if isinstance(body, bytes) else str(body).encode()))
            return answer

        botocore.client.BaseClient._make_api_call = call
        BotocoreStubber.process_request = process

    def save(self, label: str, path: str | Path) -> None:
        Path(path).write_bytes(pickle.dumps(self.recorded.get(label, {})))


def _digest(request) -> bytes:
    body = request.body or b""
    body = body if isinstance(body, bytes) else body.encode() if isinstance(body, str) else body.read()
    target = request.headers.get("X-Amz-Target", b"")  # the operation, for JSON protocols like DynamoDB's
    target = target if isinstance(target, bytes) else target.encode()
    if not target:  # REST protocols like S3's: the method and URL name the operation and the object
        target = f"{request.method} {request.url}".encode()
    return hashlib.sha256(target + b"\0" + body).digest()


class Replay:
    """A `before-send` handler answering each request with the emulator's recorded answer to the same request."""

    def __init__(self, path: str | Path):
        self._answers: dict[bytes, list] = pickle.loads(Path(path).read_bytes())
        self._served: Counter = Counter()

    def attach(self, client) -> None:
        client.meta.events.register_first("before-send", self)

    def __call__(self, request, **_kwargs) -> AWSResponse:
        key = _digest(request)
        answers = self._answers.get(key)
        if answers is None:
            raise LookupError(f"no recorded answer to {request.headers.get('X-Amz-Target')}: {request.body[:300]!r}")
        status, headers, body = answers[self._served[key] % len(answers)]
        self._served[key] += 1
        return AWSResponse(request.url, status, headers, MockRawResponse(body))

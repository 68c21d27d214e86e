"""The second wall: python-calamine parses the sheet in a forked child whose address space is capped.

The guard bounds what the library allocates; if it ever misjudges a file, the library's allocation fails
and Rust aborts the process that made it. Here that process is a child forked for this one parse, not the
Lambda function or the local stack: the reader sees the child die and refuses the file in Spanish.

Why fork and not a fresh interpreter: a fork costs milliseconds and the library is already loaded; the child
only parses, converts cells to text and streams rows back through a pipe in marshal frames (strings only,
the fastest serialisation of the standard library), a batch of rows as its columns, each column one string, so the
parent validates rows while the child is still reading the next ones. Columns, because a column's cells share a type:
only the few columns holding numbers or dates are converted, and the parent makes its rows with C-level calls. The
child never returns into the parent's code: it ends with os._exit.
"""

from __future__ import annotations

import faulthandler
import marshal
import os
import resource
import signal
import struct
from collections.abc import Callable, Iterator, Sequence
from itertools import zip_longest
from typing import BinaryIO

from python_calamine import CalamineWorkbook

from chalicelib.spreadsheets.limits import FileRejected

# (line number of the batch's first row, the batch's columns: one list of cell texts each, all of the same length)
Batches = Iterator[tuple[int, list[list[str]]]]
_BATCH = 1_000  # rows per frame
_HEADER = struct.Struct("<Q")
_END = 0  # a frame length of zero: every row was sent
# A column travels as one string, its cells joined by this control character (unmarshalling one string and splitting
# it costs a third less than unmarshalling a list); a column with the character in a cell travels as a list.
_SEPARATOR = "\x1f"
_DAMAGED_EXIT = 3

DAMAGED = "No se pudo leer el libro de Excel: el archivo está dañado; ábralo y guárdelo de nuevo como .xlsx"
ABORTED = ("No se pudo leer el libro de Excel dentro de los límites de memoria del proceso: el archivo tiene una "
           "estructura anómala. Ábralo y guárdelo de nuevo con Excel; si persiste, divídalo en varios archivos")


def sheet_records(path: str, allowance: int, text_of: Callable[[object], str],
                  texts_of: Callable[[Sequence[object]], list[str]] | None = None) -> Batches:
    """The first sheet of the XLSX at `path` in batches of consecutive rows (the first row's line number, the cell
    texts a column at a time, shorter rows padded with ""), parsed in a child that may use `allowance` more bytes of
    address space than this process has now. A column not all strings goes through `texts_of` (a column's cells to
    their texts) when given, else through `text_of` cell by cell."""
    limit = _address_space() + allowance
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # pragma: no cover - runs in the child, which reports through the pipe and its exit code
        os.close(read_end)
        _child(path, limit, write_end, texts_of or (lambda cells: list(map(text_of, cells))))
    os.close(write_end)
    reaped = False
    size: int | None = None
    try:
        with os.fdopen(read_end, "rb") as source:
            while header := source.read(_HEADER.size):
                size = _HEADER.unpack(header)[0] if len(header) == _HEADER.size else None
                if size == _END:
                    break
                payload = source.read(size) if size else b""
                if size is None or len(payload) != size:
                    break
                first_line, columns = marshal.loads(payload)  # noqa: S302 - written by our own child: strings only
                yield first_line, [c.split(_SEPARATOR) if c.__class__ is str else c for c in columns]
            else:
                size = None  # the pipe closed before the last frame
        status = _reap(pid)
        reaped = True
        if size == _END and (status is None or os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
            return
        if status is None:
            raise FileRejected(ABORTED)
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == _DAMAGED_EXIT:
            raise FileRejected(DAMAGED)
        raise FileRejected(ABORTED)  # the guard let through what the cap stopped (a cell naming two references)
    finally:
        if not reaped:
            _end(pid)


def _child(path: str, limit: int, write_end: int, texts_of: Callable[[Sequence[object]], list[str]]) -> None:
    code = 1
    try:
        faulthandler.disable()  # an abort here is the wall working: no interpreter traceback for it
        # other threads' pipes and sockets are not this child's to hold open (their readers wait for EOF)
        os.closerange(3, write_end)
        os.closerange(write_end + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
        _cap_address_space(limit)
        out = os.fdopen(write_end, "wb", buffering=1 << 20)
        try:
            sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
        except Exception:  # noqa: BLE001 - the library's errors of a damaged file, whatever their type
            code = _DAMAGED_EXIT
            return
        line = sheet.start[0] + 1 if sheet.start else 1
        batch: list[list] = []
        for cells in sheet.iter_rows():
            batch.append(cells)
            if len(batch) == _BATCH:
                _send(out, line, _columns(batch, texts_of))
                line += len(batch)
                batch = []
        if batch:
            _send(out, line, _columns(batch, texts_of))
        out.write(_HEADER.pack(_END))
        out.flush()
        code = 0
    except BaseException:  # noqa: BLE001 - MemoryError, a closed pipe: the parent reads the exit code
        code = 1
    finally:
        os._exit(code)


def _columns(rows: list[list], texts_of: Callable[[Sequence[object]], list[str]]) -> list[str | list[str]]:
    """The rows' cells a column at a time, as texts: a column of strings as it came, any other through `texts_of`;
    each column joined by _SEPARATOR unless a cell holds it."""
    columns: list[str | list[str]] = []
    for cells in zip_longest(*rows, fillvalue=""):
        try:
            joined = _SEPARATOR.join(cells)
        except TypeError:  # a cell that is not a string
            cells = texts_of(cells)
            joined = _SEPARATOR.join(cells)
        columns.append(joined if joined.count(_SEPARATOR) == len(cells) - 1 else list(cells))
    return columns


def _send(out: BinaryIO, first_line: int, columns: list[str | list[str]]) -> None:
    payload = marshal.dumps((first_line, columns))
    out.write(_HEADER.pack(len(payload)))
    out.write(payload)


def _end(pid: int) -> None:
    """The reader stopped early (a refused row count, a consumer that gave up): stop and reap the child."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reap(pid)


def _reap(pid: int) -> int | None:
    """The child's wait status; None when it was reaped elsewhere (a process that ignores SIGCHLD)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None


def _address_space() -> int:
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _cap_address_space(limit: int) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))

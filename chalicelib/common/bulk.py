"""Work on tens of thousands of rows at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Build large acyclic structures (rows as lists, dicts and tuples) without the cyclic garbage collector
    walking them again and again: it starts a pass every 700 new containers and a full pass each time the live
    set grows by a quarter, a fifth of the CPU of a 50,000-row cartera file (docs/benchmarks.md). Reference
    counting still frees everything; the collector resumes, and collects any cycle made meanwhile, at the end."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()

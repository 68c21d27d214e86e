"""DynamoDB's isolation for the embedded AWS: moto runs each request on its own thread with no isolation
between them. Its TransactWriteItems checks conditions and applies the writes one at a time, and on a failed
condition puts back a copy of the whole table taken before — undoing whatever another request wrote meanwhile.
Two tabs answering the survey at once then both pass the "not answered yet" condition, or a cancelled
transaction erases the counter the accepted one added.

DynamoDB serialises a transaction against every other write to its items and never lets a read see it half
done. This WSGI layer in front of moto gives the local stack those guarantees the simple way: a DynamoDB
write (a transaction, a batch or a single conditional item write) runs alone; reads run together, never
during a write. Other services pass untouched."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager

_TARGET_PREFIX = "DynamoDB_20120810."
WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems",
                    "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction"})


class ReadWriteLock:
    """Many readers or one writer; a waiting writer holds back new readers, so writes are not starved."""

    def __init__(self) -> None:
        self._state = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self):
        with self._state:
            self._state.wait_for(lambda: not self._writing and not self._writers_waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._state:
                self._readers -= 1
                self._state.notify_all()

    @contextmanager
    def writing(self):
        with self._state:
            self._writers_waiting += 1
            self._state.wait_for(lambda: not self._writing and not self._readers)
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._state:
                self._writing = False
                self._state.notify_all()


def operation(environ: dict) -> str | None:
    """The DynamoDB operation of a request ("TransactWriteItems"…), None for any other service."""
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    return target[len(_TARGET_PREFIX):] if target.startswith(_TARGET_PREFIX) else None


class IsolatedDynamoDB:
    """WSGI middleware: the wrapped application answers DynamoDB requests under the read/write lock."""

    def __init__(self, app: Callable, lock: ReadWriteLock | None = None):
        self._app = app
        self._lock = lock or ReadWriteLock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        name = operation(environ)
        if name is None:
            return self._app(environ, start_response)
        with self._lock.writing() if name in WRITES else self._lock.reading():
            # moto builds the whole answer while handling the request; reading it here keeps the lock
            # around the work and not around the network send.
            answer = self._app(environ, start_response)
            try:
                return list(answer)
            finally:
                if hasattr(answer, "close"):
                    answer.close()

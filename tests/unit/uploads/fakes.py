"""In-memory stand-ins for what an upload pipeline is handed (chalicelib/uploads/ports.py), with the same
conditional semantics as the DynamoDB-backed ones, and a builder of a whole pipeline on them."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict, NotFound
from chalicelib.common.pagination import Page
from chalicelib.jobs.channels import require
from chalicelib.jobs.executions import ExecutionAlreadyStarted
from chalicelib.jobs.leases import Taken
from chalicelib.jobs.repository import JobAlreadyExists
from chalicelib.jobs.types import Job
from chalicelib.uploads.pipeline import UploadKit
from chalicelib.uploads.presigned import UploadForm
from chalicelib.uploads.quota import QuotaExceeded
from chalicelib.uploads.requests import UploadRequests


class FakeJobs:
    def __init__(self):
        self.items: dict[str, Job] = {}

    def create(self, job: Job) -> None:
        assert isinstance(job, Job)
        if job.job_id in self.items:  # as the repository's conditional put
            raise JobAlreadyExists(job.job_id)
        self.items[job.job_id] = job

    def get(self, job_id: str, channel: str | None = None) -> Job:
        if job_id not in self.items:
            raise NotFound("El proceso no existe", code="JOB_NOT_FOUND")
        job = self.items[job_id]
        return require(job, channel) if channel else job

    def _set(self, job_id: str, values: dict) -> None:
        self.items[job_id] = replace(self.items[job_id], **values)

    def update(self, job_id: str, **values) -> None:
        self._set(job_id, values)

    def transition(self, job_id: str, *, expected: tuple[str, ...], **values) -> bool:
        if self.items[job_id].status not in expected:
            return False
        self._set(job_id, values)
        return True

    def set_once(self, job_id: str, name: str, value) -> bool:
        given = value()
        if getattr(self.items[job_id], name) is not None:
            return False
        self._set(job_id, {name: given})
        return True

    def mark_quota_returned(self, job_id: str, when: float) -> bool:
        job = self.items[job_id]
        if job.quota_returned is not None or job.quota_day is None:
            return False
        self._set(job_id, {"quota_returned": when})
        return True

    def restart(self, job_id: str, *, expected_status: str, **values) -> None:
        if self.items[job_id].status != expected_status:
            raise Conflict("El proceso cambió de estado; consulte de nuevo", code="JOB_STATE_CHANGED")
        self._set(job_id, {**values, "execution_arn": None, "finished_at": None, "error": None, "failure": None,
                           "result_key": None, "summary": None, "total_rows": 0})

    def record_written(self, job_id: str, chunk_name: str, items: int) -> None:
        written = {**self.items[job_id].written_by_chunk, chunk_name: items}
        self._set(job_id, {"written_by_chunk": written, "written_items": sum(written.values())})

    def unfinished_before(self, pipeline: str, job: Job, *, since: float, terminal: tuple[str, ...]) -> Job | None:
        since_key = datetime.fromtimestamp(since, tz=BOGOTA).isoformat()
        mine = job.upload_order or ""
        return next((other for other in self.items.values()
                     if other.pipeline == pipeline and other.entity == job.entity and other.started_key >= since_key
                     and other.job_id != job.job_id and other.status not in terminal
                     and (other.upload_order or "") < mine), None)

    def _of_owner(self, owner: str) -> list[Job]:
        return sorted((j for j in self.items.values() if j.owner == owner), key=lambda j: j.started_key)

    def jobs_of_owner(self, owner: str, *, limit: int, cursor: str | None) -> Page[Job]:
        return Page(list(reversed(self._of_owner(owner)))[:limit], None)

    def jobs_of_owner_since(self, owner: str, since_key: str) -> list[Job]:
        return [j for j in self._of_owner(owner) if j.started_key >= since_key]


class FakeLeases:
    def __init__(self):
        self.held: dict[str, tuple[str, float]] = {}
        self.newest: dict[str, tuple[str, str]] = {}  # key → (order, holder) of the newest load that took it

    def acquire(self, key: str, holder: str, *, now: float, seconds: int, order: str | None = None) -> Taken:
        current = self.held.get(key)
        newest = self.newest.get(key)
        if order is not None and newest and newest[0] > order:
            return Taken(False, superseded_by=newest[1])
        if current and current[0] != holder and current[1] >= now:
            return Taken(False)
        self.held[key] = (holder, now + seconds)
        if order is not None:
            self.newest[key] = (order, holder)
        return Taken(True)

    def renew(self, key: str, holder: str, *, now: float, seconds: int) -> bool:
        if self.held.get(key, ("",))[0] != holder:
            return False
        self.held[key] = (holder, now + seconds)
        return True

    def release(self, key: str, holder: str) -> bool:
        if self.held.get(key, ("",))[0] != holder:
            return False
        del self.held[key]
        return True

    def holder_of(self, key: str, *, now: float | None = None) -> str | None:
        current = self.held.get(key)
        if not current or (now is not None and current[1] < now):
            return None
        return current[0]


class FakeSequences:
    def __init__(self):
        self.last: Counter = Counter()
        self.newest: dict[str, str] = {}

    def next_number(self, name: str) -> int:
        self.last[name] += 1
        return self.last[name]

    def advance(self, name: str, mark: str) -> bool:
        if mark < self.newest.get(name, ""):
            return False
        self.newest[name] = mark
        return True


class FakeQuota:
    def __init__(self, purpose: str, *, limit: int, ceiling: int):
        self.purpose, self.limit, self.ceiling = purpose, limit, ceiling
        self.used_by: Counter = Counter()
        self.registered: Counter = Counter()

    def take(self, provider_id: str, now: datetime) -> tuple[str, int]:
        day = now.astimezone(BOGOTA).date()
        key = (provider_id, day.isoformat())
        if self.used_by[key] >= self.limit or self.registered[key] >= self.ceiling:
            raise QuotaExceeded(self.limit, datetime.combine(day + timedelta(days=1), time(0), BOGOTA))
        self.used_by[key] += 1
        self.registered[key] += 1
        return day.isoformat(), self.limit - self.used_by[key]

    def give_back(self, provider_id: str, day: str) -> None:
        if self.used_by[(provider_id, day)] > 0:
            self.used_by[(provider_id, day)] -= 1

    def used(self, provider_id: str, day: date) -> int:
        return self.used_by[(provider_id, day.isoformat())]


class FakeRecipients:
    def __init__(self, members: dict[tuple[str, str], tuple[str, str]]):
        self.members = members  # (person_id, provider_id) → (email, name)

    def recipient(self, person_id: str, provider_id: str) -> tuple[str, str] | None:
        return self.members.get((person_id, provider_id))


class FakeStorage:
    bucket = "datos"

    def __init__(self):
        self.objects: dict[str, bytes] = {}

    def download(self, key: str, version: str | None = None) -> str:
        handle, path = tempfile.mkstemp(suffix=".xlsx")
        with os.fdopen(handle, "wb") as out:
            out.write(self.objects[key])
        return path

    def put_chunk(self, key: str, records: list) -> None:
        self.objects[key] = json.dumps(records).encode()

    def read_chunk(self, key: str) -> list:
        return json.loads(self.objects[key])

    def iter_chunks(self, keys: list[str]):
        for key in keys:
            yield from self.read_chunk(key)

    def read_bytes(self, key: str, *, limit: int) -> bytes | None:
        body = self.objects[key]
        return body if len(body) <= limit else None

    def put_report_file(self, key: str, path: str, content_type: str) -> None:
        with open(path, "rb") as stored:
            self.objects[key] = stored.read()

    def download_link(self, key: str, filename: str, expires_seconds: int = 900) -> str:
        return f"https://s3.example/{key}?Expires={expires_seconds}"


class FakeUploads:
    def form(self, key: str, *, max_bytes: int, expires_seconds: int) -> UploadForm:
        return UploadForm("https://s3.example/datos", {"key": key}, expires_seconds, max_bytes)


class FakeExecutions:
    def __init__(self):
        self.started: list[tuple[str, str, dict]] = []

    def start(self, state_machine_arn: str, name: str, payload: str) -> str:
        if any(name == started[1] for started in self.started):
            raise ExecutionAlreadyStarted(name)
        self.started.append((state_machine_arn, name, json.loads(payload)))
        return self.arn_of(state_machine_arn, name)

    @staticmethod
    def arn_of(state_machine_arn: str, name: str) -> str:
        return f"{state_machine_arn}:{name}"


class FakeMailer:
    def __init__(self):
        self.sent = []

    def send(self, email) -> None:
        self.sent.append(email)

    @property
    def subjects(self) -> list[str]:
        return [e.subject for e in self.sent]


class Clock:
    def __init__(self, now: datetime):
        self.value = now

    def __call__(self) -> datetime:
        return self.value


def kit(channel: str, clock: Clock, executions: FakeExecutions, *, members: dict, max_bytes: int,
        upload_seconds: int = 900) -> UploadKit:
    """An upload kit on fakes: FakeJobs, FakeStorage, FakeMailer, the given executions and clock."""
    jobs, storage = FakeJobs(), FakeStorage()
    requests = UploadRequests(channel, storage, FakeUploads(), executions, f"arn:sm:{channel}", jobs=jobs,
                              recipients=FakeRecipients(members), max_bytes=max_bytes,
                              upload_seconds=upload_seconds, now=clock)
    return UploadKit(requests, jobs, storage, FakeMailer(), clock)

"""One pipeline for every provider upload channel (cartera, glosa responses, the affiliates' attachments next):
request → presigned POST → S3 event → Step Functions tasks → result → email.

What every channel shares lives here: registering a request (its job waits for the file), expiring forms
no file reached, receiving the S3 event (a repeated, late or foreign event starts nothing), starting the run,
dispatching its tasks, failing it (a refusal explained in Spanish, an error of ours, a stopped execution),
an operator's retry. What a channel does with its file is its `UploadProcessor` (its statuses, tasks and
emails), and how it admits uploads is its policy (chalicelib/uploads/policies.py: quota or turn).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from chalicelib.accounts.permissions import Principal
from chalicelib.common.bulk import collector_paused
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict
from chalicelib.common.files import XLSX_CONTENT_TYPE
from chalicelib.common.pagination import Page
from chalicelib.ingest.storage import S3Storage
from chalicelib.jobs import attempts, failures
from chalicelib.jobs.channels import WrongChannel
from chalicelib.jobs.types import Job
from chalicelib.notifications.mailer import Email, Mailer
from chalicelib.spreadsheets import FileRejected
from chalicelib.uploads.objects import UploadedObject
from chalicelib.uploads.policies import Open
from chalicelib.uploads.ports import Clock, Jobs
from chalicelib.uploads.presigned import UploadForm
from chalicelib.uploads.requests import ABANDON_GRACE_SECONDS, PAGE_LINK_SECONDS, UploadRequests

T = TypeVar("T")
Task = Callable[[Job], dict]


@dataclass(frozen=True, slots=True)
class Registered:
    job: Job
    form: UploadForm
    left_today: int | None = None  # what the channel's quota leaves the provider today (None: no quota)


@dataclass(frozen=True, slots=True)
class UploadKit:
    """What a channel's processor works with, built once in wiring.py: its requests, the jobs, files, mail and
    the clock."""

    requests: UploadRequests
    jobs: Jobs
    storage: S3Storage
    mailer: Mailer
    now: Clock

    def stamp(self) -> str:
        return self.now().astimezone(BOGOTA).isoformat(timespec="seconds")

    def email(self, job: Job, build: Callable[[str, str], Email]) -> None:
        """Send `build(address, name)` to whoever registered the upload, while still a member of its provider."""
        to = self.requests.recipient(job)
        if to:
            self.mailer.send(build(*to))

    def read_upload(self, job: Job, read: Callable[[str], T]) -> T:
        """`read(path)` of the uploaded file, in a local copy removed afterwards."""
        path = self.storage.download(job.source_key, job.source_version)
        try:
            return read(path)
        finally:
            os.remove(path)

    def put_result(self, key: str, write: Callable[[str], object]) -> int:
        """`write(path)` an XLSX locally and store it under `key`; its size in bytes."""
        handle, path = tempfile.mkstemp(prefix=f"{self.requests.pipeline}-", suffix=".xlsx")
        os.close(handle)
        try:
            write(path)
            self.storage.put_report_file(key, path, XLSX_CONTENT_TYPE)
            return os.path.getsize(path)
        finally:
            os.remove(path)


class UploadProcessor:
    """One channel's part of the pipeline. Subclasses set the class attributes and `tasks`."""

    channel: str
    Status: type  # WAITING_FILE, RUNNING, TERMINAL, DONE, FAILED and ABANDONED (a form no file reached)
    abandon_grace_seconds = ABANDON_GRACE_SECONDS
    abandoned_error: str
    not_found: tuple[str, str]  # (Spanish message, code) of another provider's or an unknown request
    bulk_tasks: frozenset[str] = frozenset()  # tasks that build tens of thousands of rows at once

    def __init__(self, kit: UploadKit, policy: Open, portal_url: str):
        self._kit = kit
        self._jobs = kit.jobs
        self.policy = policy
        self._portal_url = portal_url

    @property
    def tasks(self) -> Mapping[str, Task]:
        raise NotImplementedError

    def on_arrival(self, job: Job) -> None:
        """The file arrived and the run is about to start."""

    def failed_email(self, job: Job, to: str, name: str, reason: str) -> Email:
        raise NotImplementedError


class UploadPipeline:
    def __init__(self, processor: UploadProcessor, kit: UploadKit):
        self.processor = processor
        self.channel = processor.channel
        self.policy = processor.policy
        self._status = processor.Status
        self._kit = kit
        self._jobs = kit.jobs
        self._requests = kit.requests

    # --- requests (API) ------------------------------------------------------------------------------
    def register(self, principal: Principal, filename: str) -> Registered:
        """The form for a new file, as the channel's policy admits it. Forms whose file never came are closed
        first (checked when it matters: before the provider asks for another)."""
        provider_id = principal.provider_id
        self.policy.refuse_request(provider_id)
        for job in self._requests.expire_abandoned(provider_id, grace_seconds=self.processor.abandon_grace_seconds,
                                                   status=self._status.ABANDONED,
                                                   error=self.processor.abandoned_error):
            self.policy.given_back(job)
        admitted = self.policy.take_at_request(provider_id)
        job, form = self._requests.create(principal, filename, **admitted.fields)
        return Registered(job, form, admitted.left_today)

    def jobs_of(self, provider_id: str, *, limit: int, cursor: str | None) -> Page[Job]:
        return self._requests.of_provider(provider_id, limit=limit, cursor=cursor)

    def job_of(self, provider_id: str, job_id: str) -> Job:
        message, code = self.processor.not_found
        return self._requests.one_of_provider(provider_id, job_id, message=message, code=code)

    def result_link(self, job: Job, seconds: int = PAGE_LINK_SECONDS) -> str | None:
        return self._requests.link(job, seconds) if job.status == self._status.DONE else None

    # --- S3 event ------------------------------------------------------------------------------------
    def on_upload(self, obj: UploadedObject) -> str | None:
        """Start the request's run, or refuse its file; None for an unknown key, another channel's job, a
        repeated event or a late upload (its job is not waiting for this file)."""
        job = self._requests.receive(obj)
        if job is None:
            return None
        refusal = self._requests.too_large(obj) or self.policy.take_at_arrival(job)
        if refusal:
            self.fail(job.job_id, {"Error": FileRejected.__name__, "Cause": json.dumps({
                "errorType": FileRejected.__name__, "errorMessage": refusal})})
            return job.job_id
        self.processor.on_arrival(job)
        self._requests.start(self._jobs.get(job.job_id, self.channel))
        return job.job_id

    # --- Step Functions tasks --------------------------------------------------------------------------
    def run(self, event: dict) -> dict:
        """One task of the channel's state machine: {"task": name, "job_id": …} (+ "error" for fail)."""
        name, job_id = event["task"], event["job_id"]
        if name == "fail":
            return self.fail(job_id, event.get("error"))
        task = self.processor.tasks.get(name)
        if task is None:
            raise ValueError(f"unknown {self.channel} task {name!r}")
        job = self._jobs.get(job_id, self.channel)
        if name in self.processor.bulk_tasks:
            with collector_paused():
                return task(job)
        return task(job)

    def fail(self, job_id: str, error: dict | str | None) -> dict:
        """FALLIDO with the reason the provider reads (its own words for a refused file), the policy's turn freed
        and slot given back, and an email; nothing for a job already ended or of another channel."""
        try:
            job = self._jobs.get(job_id, self.channel)
        except WrongChannel:
            return {"status": None, "refused": False}
        failure, reason = failures.describe(error, (FileRejected.__name__,), failures.INTERNAL_FOR_PROVIDERS)
        refused = failure == failures.REFUSED
        moved = self._jobs.transition(job_id, expected=(*self._status.RUNNING, self._status.WAITING_FILE),
                                      status=self._status.FAILED, error=reason, failure=failure,
                                      finished_at=self._kit.stamp())
        self.policy.release(job)
        if not moved:
            return {"status": self._jobs.get(job_id).status, "refused": refused}
        self.policy.given_back(job)
        job = self._jobs.get(job_id)
        self._kit.email(job, lambda to, name: self.processor.failed_email(job, to, name, reason))
        return {"status": self._status.FAILED, "refused": refused}

    def execution_stopped(self, execution_name: str, status: str) -> dict:
        """An execution TIMED_OUT or ABORTED ends without its Catch: end its job the same way. An event of an
        earlier attempt (a late one, after a retry started the next) changes nothing."""
        try:
            job = self._jobs.get(attempts.job_of_execution(self.channel, execution_name), self.channel)
        except WrongChannel:
            return {"status": None, "refused": False}
        if job.execution_name != execution_name or job.status in self._status.TERMINAL:
            return {"status": job.status, "refused": False}
        return self.fail(job.job_id, failures.stopped(status))

    # --- an operator's retry (chalicelib/operations/retries.py) ------------------------------------------
    def retry_refusal(self, job: Job) -> Conflict | None:
        """Only a run that failed for a reason of ours (or was stopped) runs again: a refused file is the
        provider's to correct and upload again, and a request whose file never came has nothing to run."""
        if refusal := attempts.refusal(job):
            return refusal
        if not job.received_at:
            return Conflict("La carga no recibió su archivo: no hay nada que reintentar", code="JOB_NOT_RETRYABLE")
        if job.failure not in (failures.INTERNAL, failures.STOPPED):  # refused, or failed before kinds were kept
            return Conflict("El archivo fue rechazado por su contenido y el prestador ya fue informado; debe "
                            "corregirlo y cargarlo de nuevo desde el portal", code="JOB_NOT_RETRYABLE")
        return None

    def retry(self, job_id: str) -> Job:
        """The same file and the same provider and uploader, in this channel's own pipeline, admitted again by
        its policy."""
        job = self._jobs.get(job_id, self.channel)
        if refusal := self.retry_refusal(job):
            raise refusal
        self.policy.take_for_retry(job)
        try:
            job = attempts.restart(job, self._jobs)
        except Conflict:
            raise  # another retry moved the job first: the turn is its run's now
        except Exception:
            self.policy.release(job)
            raise
        try:
            self._requests.start(job)
        except Exception as exc:  # no run started: the job must not sit RECIBIDO holding the turn
            self.fail(job_id, {"Error": type(exc).__name__})
            raise
        return self._jobs.get(job_id)

"""A provider's upload as a job registered before its file exists (shared by cartera and glosa responses).

Registering creates the job (ESPERANDO_ARCHIVO) and a presigned POST for a key the server chose
(`cargas/<canal>/<job>.xlsx`). The S3 event of that key moves the job to RECIBIDO with a conditional
write and starts one execution named after the job, so a repeated event (or a second POST with the same
form) starts nothing. What differs between channels (quota, one load at a time) is the channel's policy
(chalicelib/uploads/policies.py).
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from pathlib import PurePosixPath

from chalicelib.accounts.permissions import Principal
from chalicelib.common import clock
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import NotFound
from chalicelib.common.pagination import Page
from chalicelib.ingest.storage import S3Storage
from chalicelib.jobs.channels import WrongChannel
from chalicelib.jobs.executions import ExecutionAlreadyStarted
from chalicelib.jobs.repository import owner_key
from chalicelib.jobs.types import Job
from chalicelib.uploads.objects import UploadedObject
from chalicelib.uploads.ports import Clock, Executions, Jobs, Recipients
from chalicelib.uploads.presigned import PresignedUploads, UploadForm

WAITING_FILE = "ESPERANDO_ARCHIVO"
RECEIVED = "RECIBIDO"
PAGE_LINK_SECONDS = 900
ABANDON_GRACE_SECONDS = 600  # an upload started just before its form expired may still be arriving


class MemberRecipients:
    """Who is emailed about an upload: the person who registered it, while still a member of its provider."""

    def __init__(self, accounts):
        self._accounts = accounts  # chalicelib/accounts/repository.AccountRepository

    def recipient(self, person_id: str, provider_id: str) -> tuple[str, str] | None:
        membership = self._accounts.get_membership(person_id, provider_id)
        return (membership.correo, membership.full_name) if membership else None


class UploadRequests:
    def __init__(self, pipeline: str, storage: S3Storage, uploads: PresignedUploads, executions: Executions,
                 state_machine_arn: str, *, jobs: Jobs, recipients: Recipients, max_bytes: int, upload_seconds: int,
                 now: Clock = clock.now):
        self.pipeline = pipeline
        self.jobs = jobs
        self._recipients = recipients
        self.prefix = f"cargas/{pipeline}/"
        self.max_bytes = max_bytes
        self.upload_seconds = upload_seconds
        self._storage = storage
        self._uploads = uploads
        self._executions = executions
        self._state_machine_arn = state_machine_arn
        self._now = now

    def owner(self, provider_id: str) -> str:
        return owner_key(self.pipeline, provider_id)

    @staticmethod
    def provider_of(job: Job) -> str:
        return job.owner.split("#", 1)[1]

    def create(self, principal: Principal, filename: str, *, job_id: str | None = None,
               **extra) -> tuple[Job, UploadForm]:
        """The job (waiting for its file) and the form that uploads it."""
        now = self._now()
        job_id = job_id or secrets.token_hex(16)
        key = f"{self.prefix}{job_id}.xlsx"
        started = now.astimezone(BOGOTA)
        job = Job(job_id, pipeline=self.pipeline, channel=self.pipeline,
                  started_key=f"{started.isoformat()}#{job_id}", entity=self.pipeline,
                  bucket=self._storage.bucket, source_key=key,
                  execution_name=f"{self.pipeline}-{job_id}", status=WAITING_FILE,
                  started_at=started.isoformat(timespec="seconds"), owner=self.owner(principal.provider_id),
                  requested_by=principal.person_id, filename=filename,
                  upload_deadline=int(now.timestamp()) + self.upload_seconds, **extra)
        self.jobs.create(job)
        return job, self._uploads.form(key, max_bytes=self.max_bytes, expires_seconds=self.upload_seconds)

    def receive(self, obj: UploadedObject, **values) -> Job | None:
        """The job the upload belongs to, moved to RECIBIDO; None for an unknown key, another channel's job, a
        repeated event or a late upload. A delivery whose StartExecution failed is retried by S3/Lambda: it gets
        the job again."""
        job_id = PurePosixPath(obj.key).stem
        if obj.key != f"{self.prefix}{job_id}.xlsx":
            return None
        try:
            self.jobs.get(job_id, self.pipeline)
        except (NotFound, WrongChannel):
            return None
        received = self._now().astimezone(BOGOTA).isoformat(timespec="seconds")
        if not self.jobs.transition(job_id, expected=(WAITING_FILE,), status=RECEIVED, source_version=obj.version,
                               source_size=obj.size, upload_order=obj.upload_order, received_at=received,
                               **values):
            job = self.jobs.get(job_id)
            if not (job.status == RECEIVED and not job.execution_arn and job.upload_order == obj.upload_order):
                return None
        return self.jobs.get(job_id)

    def expire_abandoned(self, provider_id: str, *, grace_seconds: int, status: str,
                         error: str) -> list[Job]:
        """The provider's requests whose form expired (+ grace) without a file, moved to `status`: no file can
        reach them any more (S3 refuses an expired form). Checked when it matters, before the provider asks
        again; only the requests this call moved are returned."""
        now = self._now()
        since = (now - timedelta(days=2)).astimezone(BOGOTA).isoformat()
        moved = []
        for job in self.jobs.jobs_of_owner_since(self.owner(provider_id), since):
            if job.status == WAITING_FILE and int(job.upload_deadline or 0) + grace_seconds < now.timestamp() and \
                    self.jobs.transition(job.job_id, expected=(WAITING_FILE,), status=status, error=error,
                                    finished_at=now.astimezone(BOGOTA).isoformat(timespec="seconds")):
                moved.append(job)
        return moved

    def too_large(self, obj: UploadedObject) -> str | None:
        return f"El archivo supera {self.max_bytes // 2**20} MB" if obj.size > self.max_bytes else None

    def start(self, job: Job) -> str:
        try:
            arn = self._executions.start(self._state_machine_arn, job.execution_name,
                                         json.dumps({"job_id": job.job_id}))
        except ExecutionAlreadyStarted:
            arn = self._executions.arn_of(self._state_machine_arn, job.execution_name)
        self.jobs.update(job.job_id, execution_arn=arn)
        return arn

    def of_provider(self, provider_id: str, *, limit: int, cursor: str | None) -> Page[Job]:
        return self.jobs.jobs_of_owner(self.owner(provider_id), limit=limit, cursor=cursor)

    def one_of_provider(self, provider_id: str, job_id: str, *, message: str, code: str) -> Job:
        """Another provider's job is "not found", never readable."""
        try:
            job = self.jobs.get(job_id) if len(job_id) == 32 and job_id.isalnum() else None
        except NotFound:
            job = None
        if job is None or job.owner != self.owner(provider_id):
            raise NotFound(message, code=code)
        return job

    def link(self, job: Job, seconds: int = PAGE_LINK_SECONDS) -> str | None:
        if not job.result_key:
            return None
        return self._storage.download_link(job.result_key, PurePosixPath(job.result_key).name, seconds)

    def recipient(self, job: Job) -> tuple[str, str] | None:
        """(email, name) of the person who registered the upload, while still a member of its provider."""
        return self._recipients.recipient(job.requested_by, self.provider_of(job))

    def result_key(self, job_id: str, name: str) -> str:
        return f"resultados/{self.pipeline}/{job_id}/{name}"

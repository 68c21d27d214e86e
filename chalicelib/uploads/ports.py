"""What an upload pipeline needs from persistence and the outside world, as small protocols.

wiring.py hands the real ones (chalicelib/jobs/repository.JobRepository, jobs/leases.LeaseTable,
jobs/sequences.SequenceTable, uploads/quota.DailyQuota, …); tests hand in-memory fakes (tests/fakes/uploads.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Protocol

from chalicelib.jobs.leases import Taken
from chalicelib.jobs.types import Job

Clock = Callable[[], datetime]


class Jobs(Protocol):
    def create(self, job: Job) -> None: ...

    def get(self, job_id: str, channel: str | None = None) -> Job: ...

    def update(self, job_id: str, **values) -> None: ...

    def transition(self, job_id: str, *, expected: tuple[str, ...], **values) -> bool: ...

    def set_once(self, job_id: str, name: str, value: Callable[[], object]) -> bool: ...

    def mark_quota_returned(self, job_id: str, when: float) -> bool: ...

    def restart(self, job_id: str, *, expected_status: str, **values) -> None: ...

    def jobs_of_owner(self, owner: str, *, limit: int, cursor: str | None): ...

    def jobs_of_owner_since(self, owner: str, since_key: str) -> list[Job]: ...


class Leases(Protocol):
    def acquire(self, key: str, holder: str, *, now: float, seconds: int, order: str | None = None) -> Taken: ...

    def release(self, key: str, holder: str) -> bool: ...

    def holder_of(self, key: str, *, now: float | None = None) -> str | None: ...


class Sequences(Protocol):
    def next_number(self, name: str) -> int: ...


class Quota(Protocol):
    limit: int
    ceiling: int

    def take(self, provider_id: str, now: datetime) -> tuple[str, int]: ...

    def give_back(self, provider_id: str, day: str) -> None: ...

    def used(self, provider_id: str, day: date) -> int: ...


class Recipients(Protocol):
    def recipient(self, person_id: str, provider_id: str) -> tuple[str, str] | None:
        """(email, name) of the person while still a member of the provider."""


class Executions(Protocol):
    def start(self, state_machine_arn: str, name: str, payload: str) -> str: ...

    def arn_of(self, state_machine_arn: str, name: str) -> str: ...

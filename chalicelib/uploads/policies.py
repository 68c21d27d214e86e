"""How a channel admits uploads: freely, by a daily quota (cartera), or one load at a time (glosa responses).

The upload pipeline (chalicelib/uploads/pipeline.py) asks its channel's policy at each step; a step a policy
does not care about is a no-op of `Open`.

| step | daily quota | one at a time |
|---|---|---|
| a form is asked for | a slot taken (429 when none is left) | refused (409) while a load runs |
| the form expired unused, or the run failed | the slot given back, once | — |
| the file arrives | — | the turn taken, or the file refused |
| each task | — | the turn renewed (TurnLost when another took it) |
| the load ends, whatever the outcome | — | the turn released |
| an operator's retry | — | the turn taken again (409 while another load runs) |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict, NotFound
from chalicelib.jobs.types import Job
from chalicelib.uploads.ports import Clock, Jobs, Leases, Quota
from chalicelib.uploads.quota import QuotaExceeded


def provider_of(job: Job) -> str:
    return job.owner.split("#", 1)[1]  # jobs.repository.owner_key


@dataclass(frozen=True, slots=True)
class Admitted:
    fields: dict = field(default_factory=dict)  # stored on the new job
    left_today: int | None = None


class Open:
    """No quota, no turn."""

    def refuse_request(self, provider_id: str) -> None:
        """Raise a DomainError to refuse the provider a new form."""

    def take_at_request(self, provider_id: str) -> Admitted:
        return Admitted()

    def given_back(self, job: Job) -> None:
        """The request ended without a result of its own (its form expired, or its run failed)."""

    def take_at_arrival(self, job: Job) -> str | None:
        """None to run the arrived file, or the reason it is refused."""
        return None

    def hold(self, job: Job) -> None:
        """Called by a task before it works."""

    def release(self, job: Job) -> None:
        """The run ended (finished, failed or stopped)."""

    def take_for_retry(self, job: Job) -> None:
        """Raise a DomainError when an operator's retry cannot run now."""


@dataclass(frozen=True)
class DailyQuotaPolicy(Open):
    """A slot of the provider's Bogotá day counts at request and is given back at most once (recorded on the job)."""

    quota: Quota
    jobs: Jobs
    now: Clock
    exceeded: Callable[[QuotaExceeded, float], Exception]  # the channel's refusal, given seconds until the reset

    @property
    def limit(self) -> int:
        return self.quota.limit

    def take_at_request(self, provider_id: str) -> Admitted:
        now = self.now()
        try:
            day, left = self.quota.take(provider_id, now)
        except QuotaExceeded as exc:
            raise self.exceeded(exc, (exc.resets_at - now).total_seconds()) from None
        return Admitted({"quota_day": day}, left)

    def given_back(self, job: Job) -> None:
        if self.jobs.mark_quota_returned(job.job_id, self.now().timestamp()):
            self.quota.give_back(provider_of(job), job.quota_day)

    def left_today(self, provider_id: str) -> int:
        """Requests the provider may still register today (shown before the upload, not only after it)."""
        return max(0, self.quota.limit - self.quota.used(provider_id, self.now().astimezone(BOGOTA).date()))


class TurnLost(Exception):
    """A run stalled past its lease and another load took the turn: our failure (retryable), not the file's."""


@dataclass(frozen=True, kw_only=True)
class OneAtATime(Open):
    """The provider's turn: a lease `<channel>#<provider>` taken when the file arrives (never for a form), renewed
    by each task, released by whatever ends the run; a crashed run blocks its provider for at most `seconds`."""

    channel: str
    leases: Leases
    jobs: Jobs
    now: Clock
    seconds: int
    running: tuple[str, ...]  # the statuses of a run that holds the turn
    busy: Callable[[], Conflict]  # the channel's refusal while another load runs

    def key(self, provider_id: str) -> str:
        return f"{self.channel}#{provider_id}"

    def refuse_request(self, provider_id: str) -> None:
        holder = self._job_or_none(self.leases.holder_of(self.key(provider_id), now=self.now().timestamp()))
        if holder is not None and holder.status in self.running:
            raise self.busy()

    def _job_or_none(self, job_id: str | None) -> Job | None:
        try:
            return self.jobs.get(job_id) if job_id else None
        except NotFound:  # a request between taking the turn and creating its job
            return None

    def _take(self, job: Job) -> bool:
        """The provider's turn for this job (already its own: a repeated event, or a task renewing it)."""
        return self.leases.acquire(self.key(provider_of(job)), job.job_id, now=self.now().timestamp(),
                                    seconds=self.seconds).acquired

    def take_at_arrival(self, job: Job) -> str | None:
        return None if self._take(job) else self.busy().message

    def hold(self, job: Job) -> None:
        if not self._take(job):
            raise TurnLost(job.job_id)

    def release(self, job: Job) -> None:
        self.leases.release(self.key(provider_of(job)), job.job_id)

    def take_for_retry(self, job: Job) -> None:
        if not self._take(job):
            raise self.busy()

"""The channel of a job: which pipeline owns it, with that pipeline's checks and owner.

Stored on the job by the code that creates it (`Job.channel`) and never inferred from the job's
entity or S3 key: a provider's glosa response file carries the entity `glosas` too, and must never reach
the EPS's ingestion. Every task and every retry asks for the job of its own channel (`jobs.get(id, channel)`).
"""

from __future__ import annotations

from chalicelib.jobs.types import Job

INGEST = "ingest"  # EPS extracts dropped by the EPS under ingest/<entidad>/; owner: the EPS
CARTERA = "cartera"  # a provider's consulta de cartera (cargas/cartera/); owner: the provider
GLOSA_RESPONSES = "glosas"  # a provider's glosa response file (cargas/glosas/); owner: the provider
ALL = (INGEST, CARTERA, GLOSA_RESPONSES)  # the loads operators list and retry
# A large conciliation's detail file, made in the background (glosas/detail_jobs.py); owner: the provider.
# Not a load: operators neither list nor retry it, a new request of the provider starts it again.
GLOSA_DETAIL_FILES = "glosas-detalle"


class WrongChannel(Exception):
    """A job handed to a pipeline that does not own it (never retried, never processed)."""


def channel_of(job: Job) -> str:
    """The job's channel. Jobs created before the attribute existed take it from `pipeline`, which the same
    creator has always set at creation (one value per pipeline), never from the entity or the key."""
    return job.channel or job.pipeline


def require(job: Job, channel: str) -> Job:
    if channel_of(job) != channel:
        raise WrongChannel(f"job {job.job_id} belongs to channel {channel_of(job)!r}, not {channel!r}")
    return job

"""The jobs repository hands out plain frozen `Job` values (maps as dicts) and takes one to create a job."""

from __future__ import annotations

import dataclasses

import pytest

from chalicelib.jobs.models import JobRecord
from chalicelib.jobs.repository import JobAlreadyExists, JobRepository
from chalicelib.jobs.types import Job


def _job(job_id: str, day: int = 2, status: str = "RECIBIDO", **values) -> Job:
    started = f"2026-01-{day:02d}T08:00:00-05:00"
    return Job(job_id, pipeline="ingest", channel="ingest", started_key=f"{started}#{job_id}", entity="invoices",
               bucket="b", source_key="ingest/invoices/a.csv", execution_name=f"ingest-{job_id}",
               status=status, started_at=started, **values)


def test_a_created_job_reads_back_as_the_same_value_with_plain_maps(aws):
    jobs = JobRepository()
    jobs.create(_job("j1", upload_order="000000000000001"))
    jobs.record_written("j1", "chunk-0", 40)
    jobs.record_written("j1", "chunk-1", 2)
    jobs.update("j1", summary={"filas": 3, "resultado": "Ejecutado"})

    job = jobs.get("j1")

    assert isinstance(job, Job) and not isinstance(job, JobRecord)
    assert job.written_by_chunk == {"chunk-0": 40, "chunk-1": 2} and type(job.written_by_chunk) is dict
    assert job.summary == {"filas": 3, "resultado": "Ejecutado"} and type(job.summary) is dict
    assert job == dataclasses.replace(_job("j1", upload_order="000000000000001"), written_items=42,
                                      written_by_chunk=job.written_by_chunk, summary=job.summary)
    with pytest.raises(dataclasses.FrozenInstanceError):
        job.status = "FINALIZADO"  # type: ignore[misc]


def test_a_job_is_created_once(aws):
    jobs = JobRepository()
    jobs.create(_job("j2"))
    with pytest.raises(JobAlreadyExists):
        jobs.create(_job("j2", status="FALLIDO"))
    assert jobs.get("j2").status == "RECIBIDO"


def test_pages_and_owner_reads_hand_out_jobs(aws):
    jobs = JobRepository()
    for n in range(3):
        jobs.create(_job(f"p{n}", day=n + 1, owner="cartera#NI#900123456"))
    first = jobs.list_jobs("ingest", limit=2, cursor=None)
    rest = jobs.list_jobs("ingest", limit=2, cursor=first.cursor)
    assert [j.job_id for j in first.items + rest.items] == ["p2", "p1", "p0"]
    assert all(isinstance(j, Job) for j in first.items + rest.items)
    mine = jobs.jobs_of_owner_since("cartera#NI#900123456", "2026-01-02")
    assert [j.job_id for j in mine] == ["p1", "p2"] and all(isinstance(j, Job) for j in mine)

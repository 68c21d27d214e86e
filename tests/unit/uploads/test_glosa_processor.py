"""The glosa response channel of the upload pipeline on in-memory fakes (no moto): one load at a time (the
turn), the process number, the refusal of a file that arrives while another load runs, retries."""

from __future__ import annotations

from datetime import datetime

import pytest

from chalicelib.accounts.permissions import Menu, Principal, Role
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict
from chalicelib.glosas import loads as glosas
from chalicelib.uploads.objects import UploadedObject
from chalicelib.uploads.pipeline import UploadPipeline
from chalicelib.uploads.policies import TurnLost
from tests.unit.uploads.fakes import Clock, FakeExecutions, FakeLeases, FakeSequences, kit

PROVIDER = "NI#900123456"
ADMIN = Principal("CC#1000000001", PROVIDER, Role.ADMINISTRADOR, frozenset(Menu), "s", False)


@pytest.fixture
def stack():
    clock, executions, leases = Clock(datetime(2024, 3, 12, 10, 0, tzinfo=BOGOTA)), FakeExecutions(), FakeLeases()
    tools = kit(glosas.PIPELINE, clock, executions, members={(ADMIN.person_id, PROVIDER): ("ana@ips.co", "Ana")},
                max_bytes=glosas.MAX_FILE_BYTES)
    processor = glosas.GlosaResponseProcessor(tools, glosas.turn_policy(leases, tools.jobs, clock), FakeSequences(),
                                              repository=None, portal_url="https://portal")
    return {"pipeline": UploadPipeline(processor, tools), "kit": tools, "leases": leases, "executions": executions}


def arrive(stack, job) -> str | None:
    return stack["pipeline"].on_upload(UploadedObject("datos", job.source_key, "v1", None, 10, "01"))


def test_a_load_takes_the_turn_and_a_process_number_when_its_file_arrives(stack):
    pipeline, jobs, leases = stack["pipeline"], stack["kit"].jobs, stack["leases"]
    first, second = (pipeline.register(ADMIN, "NI.xlsx").job for _ in range(2))  # forms take no turn
    assert leases.holder_of(glosas.lock_key(PROVIDER)) is None
    assert arrive(stack, first) == first.job_id
    assert leases.holder_of(glosas.lock_key(PROVIDER)) == first.job_id
    assert jobs.get(first.job_id).process_number == 1
    with pytest.raises(Conflict) as busy:
        pipeline.register(ADMIN, "NI.xlsx")
    assert (busy.value.code, busy.value.message) == ("CARGA_EN_PROCESO", glosas.BUSY)
    # A file arriving while another load runs is refused with the seed's message, and its job never held the turn.
    assert arrive(stack, second) == second.job_id
    refused = jobs.get(second.job_id)
    assert (refused.status, refused.error, refused.failure) == ("FALLIDO", glosas.BUSY, "RECHAZO")
    assert leases.holder_of(glosas.lock_key(PROVIDER)) == first.job_id
    assert stack["kit"].mailer.subjects == ["Resultado Proceso Cargar Respuestas Glosas - Nro proceso 0 - "
                                            "Ejecutado con Error"]
    assert [s[1] for s in stack["executions"].started] == [f"glosas-{first.job_id}"]


def test_a_task_that_lost_the_turn_stops_and_a_stop_frees_it(stack):
    pipeline, leases = stack["pipeline"], stack["leases"]
    job = pipeline.register(ADMIN, "NI.xlsx").job
    arrive(stack, job)
    leases.held[glosas.lock_key(PROVIDER)] = ("another", float("inf"))
    with pytest.raises(TurnLost):
        pipeline.run({"task": "process", "job_id": job.job_id})
    leases.held[glosas.lock_key(PROVIDER)] = (job.job_id, float("inf"))
    assert pipeline.execution_stopped(f"glosas-{job.job_id}-2", "ABORTED")["status"] == "RECIBIDO"  # not its run
    assert pipeline.execution_stopped(f"glosas-{job.job_id}", "ABORTED")["status"] == "FALLIDO"
    assert leases.holder_of(glosas.lock_key(PROVIDER)) is None


def test_a_retry_after_a_failure_of_ours_takes_the_turn_again_with_the_same_number(stack):
    pipeline, jobs, leases = stack["pipeline"], stack["kit"].jobs, stack["leases"]
    job = pipeline.register(ADMIN, "NI.xlsx").job
    arrive(stack, job)
    pipeline.fail(job.job_id, {"Error": "ConnectionError"})
    assert leases.holder_of(glosas.lock_key(PROVIDER)) is None and pipeline.retry_refusal(jobs.get(job.job_id)) is None
    leases.held[glosas.lock_key(PROVIDER)] = ("another", float("inf"))
    with pytest.raises(Conflict):
        pipeline.retry(job.job_id)
    del leases.held[glosas.lock_key(PROVIDER)]
    retried = pipeline.retry(job.job_id)
    assert (retried.status, retried.attempt, retried.process_number) == ("RECIBIDO", 2, 1)
    assert leases.holder_of(glosas.lock_key(PROVIDER)) == job.job_id
    assert stack["executions"].started[-1][1] == f"glosas-{job.job_id}-2"

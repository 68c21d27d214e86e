"""The cartera channel of the upload pipeline on in-memory fakes (no moto): the daily quota and its give-back
rules, one run per upload, the tasks and their emails."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest

from chalicelib.accounts.permissions import Menu, Principal, Role
from chalicelib.cartera import pipeline as cartera
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import TooManyRequests
from chalicelib.uploads.objects import UploadedObject
from chalicelib.uploads.pipeline import UploadPipeline
from chalicelib.uploads.policies import DailyQuotaPolicy
from tests.cartera.data import xlsx
from tests.unit.uploads.fakes import Clock, FakeExecutions, FakeQuota, kit

PROVIDER = "NI#900123456"
ADMIN = Principal("CC#1000000001", PROVIDER, Role.ADMINISTRADOR, frozenset(Menu), "s", False)
LATE_EVENING = datetime(2026, 12, 2, 23, 30, tzinfo=BOGOTA)


class EmptyEps:
    """The EPS knows none of the provider's invoices."""

    def __init__(self):
        self.requests = Counter({"Query": 1})

    def invoices(self, provider_id: str, keys: list[str]) -> dict:
        return {}


class BrokenEps(EmptyEps):
    def invoices(self, provider_id: str, keys: list[str]) -> dict:
        raise RuntimeError("DynamoDB no responde")


@pytest.fixture
def stack():
    clock, executions = Clock(LATE_EVENING), FakeExecutions()
    tools = kit(cartera.PIPELINE, clock, executions, members={(ADMIN.person_id, PROVIDER): ("ana@ips.co", "Ana")},
                max_bytes=cartera.MAX_FILE_BYTES, upload_seconds=cartera.UPLOAD_SECONDS)
    quota = FakeQuota(cartera.PIPELINE, limit=cartera.DAILY_LIMIT, ceiling=cartera.DAILY_CEILING)
    policy = DailyQuotaPolicy(quota, tools.jobs, clock, cartera.quota_exceeded)
    reads = {"eps": EmptyEps}
    processor = cartera.CarteraProcessor(tools, policy, lambda: reads["eps"](), "https://portal")
    return {"pipeline": UploadPipeline(processor, tools), "kit": tools, "quota": quota, "clock": clock,
            "executions": executions, "reads": reads}


def arrive(stack, job, body: bytes, sequencer: str = "01") -> str | None:
    stack["kit"].storage.objects[job.source_key] = body
    return stack["pipeline"].on_upload(UploadedObject("datos", job.source_key, "v1", None, len(body), sequencer))


def run(stack, job_id: str, *tasks: str) -> list[dict]:
    return [stack["pipeline"].run({"task": t, "job_id": job_id}) for t in tasks]


def test_three_requests_a_day_then_429_until_bogota_midnight(stack):
    pipeline = stack["pipeline"]
    assert [pipeline.register(ADMIN, "c.xlsx").left_today for _ in range(3)] == [2, 1, 0]
    with pytest.raises(TooManyRequests) as refused:
        pipeline.register(ADMIN, "c.xlsx")
    assert refused.value.code == "CUPO_DIARIO_AGOTADO" and "00:00 del 03/12/2026" in refused.value.message
    assert refused.value.retry_after_seconds == 30 * 60 + 1
    assert pipeline.policy.left_today(PROVIDER) == 0
    stack["clock"].value += timedelta(minutes=31)
    assert pipeline.register(ADMIN, "c.xlsx").left_today == 2


def test_forms_no_file_reached_give_their_slot_back_once_expired(stack):
    pipeline, jobs = stack["pipeline"], stack["kit"].jobs
    ids = [pipeline.register(ADMIN, "c.xlsx").job.job_id for _ in range(3)]
    stack["clock"].value += timedelta(seconds=cartera.UPLOAD_SECONDS + cartera.ABANDON_GRACE_SECONDS + 60)
    assert pipeline.register(ADMIN, "c.xlsx").left_today == 2
    assert {jobs.get(i).status for i in ids} == {"VENCIDA"} and all(jobs.get(i).quota_returned for i in ids)


def test_an_upload_runs_once_and_its_result_is_emailed(stack):
    pipeline, jobs, mailer = stack["pipeline"], stack["kit"].jobs, stack["kit"].mailer
    job = pipeline.register(ADMIN, "cartera-nov.xlsx").job
    body = xlsx([("F1", "FE", "1", "01/01/2024", 1000, 500), ("F1", "FE", "1", "01/01/2024", 1000, 500)])
    assert arrive(stack, job, body) == job.job_id
    assert arrive(stack, job, body) is None  # the same event again starts nothing
    assert [s[1] for s in stack["executions"].started] == [f"cartera-{job.job_id}"]
    receipt, processed, notified = run(stack, job.job_id, "receipt", "process", "notify")
    assert processed["rows"] == 2 and processed["requests"] == {"Query": 1} and notified == {"status": "FINALIZADO"}
    done = jobs.get(job.job_id)
    assert (done.status, done.accepted_rows, done.rejected_rows, done.quota_returned) == ("FINALIZADO", 1, 1, None)
    assert done.result_key in stack["kit"].storage.objects
    assert mailer.subjects == [f"Solicitud de consulta de cartera recibida - Nro {job.job_id}",
                               f"Resultado consulta de cartera - Nro {job.job_id} - Ejecutado Exitosamente"]
    assert pipeline.result_link(done).startswith("https://s3.example/resultados/cartera/")


def test_a_failure_of_ours_gives_the_slot_back_once_and_says_so(stack):
    pipeline, jobs = stack["pipeline"], stack["kit"].jobs
    stack["reads"]["eps"] = BrokenEps
    job = pipeline.register(ADMIN, "c.xlsx").job
    arrive(stack, job, xlsx([("F1", "FE", "1", "01/01/2024", 1, 1)]))
    with pytest.raises(RuntimeError):
        run(stack, job.job_id, "process")
    error = {"Error": "RuntimeError", "Cause": '{"errorType": "RuntimeError", "errorMessage": "DynamoDB no responde"}'}
    assert pipeline.run({"task": "fail", "job_id": job.job_id, "error": error}) == {"status": "FALLIDO",
                                                                                    "refused": False}
    failed = jobs.get(job.job_id)
    assert "error interno" in failed.error and "DynamoDB" not in failed.error and failed.failure == "INTERNO"
    assert stack["quota"].used(PROVIDER, LATE_EVENING.date()) == 0
    assert pipeline.fail(job.job_id, error)["status"] == "FALLIDO"  # a second failure changes nothing
    assert stack["quota"].used(PROVIDER, LATE_EVENING.date()) == 0
    assert stack["kit"].mailer.subjects[-1].endswith("con Error") and len(stack["kit"].mailer.sent) == 1


def test_a_file_over_the_size_limit_is_refused_on_arrival(stack):
    job = stack["pipeline"].register(ADMIN, "c.xlsx").job
    stack["kit"].storage.objects[job.source_key] = b"x"
    obj = UploadedObject("datos", job.source_key, "v1", None, cartera.MAX_FILE_BYTES + 1, "01")
    assert stack["pipeline"].on_upload(obj) == job.job_id
    refused = stack["kit"].jobs.get(job.job_id)
    assert (refused.status, refused.error, refused.failure) == ("FALLIDO", "El archivo supera 20 MB", "RECHAZO")
    assert stack["executions"].started == []


def test_a_stopped_execution_ends_the_request_and_an_unknown_task_is_an_error(stack):
    job = stack["pipeline"].register(ADMIN, "c.xlsx").job
    arrive(stack, job, xlsx([("F1", "FE", "1", "01/01/2024", 1, 1)]))
    with pytest.raises(ValueError, match="unknown cartera task"):
        run(stack, job.job_id, "apply")
    assert stack["pipeline"].execution_stopped(f"cartera-{job.job_id}", "TIMED_OUT")["status"] == "FALLIDO"
    assert stack["kit"].jobs.get(job.job_id).error.startswith("El proceso superó el tiempo máximo")

"""The entrypoint decorator: every Lambda publishes its metrics and logs under one correlation id, whatever the
outcome. Published metrics are read where Powertools prints them (EMF on stdout); the logger's state through its
public getters; the error record through pytest's log capture."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from aws_lambda_powertools.metrics import MetricUnit

from chalicelib.common.entrypoint import correlation_id, entrypoint, observed
from chalicelib.common.observability import logger, metrics

PERSONAL = "ana.perez@example.co"


@pytest.fixture(autouse=True)
def _no_metrics_left_by_earlier_tests():
    metrics.clear_metrics()  # services called outside an entrypoint in other tests leave theirs in the shared set


def _published(text: str) -> list[str]:
    blobs = [json.loads(line) for line in text.splitlines() if line.startswith('{"_aws"')]
    return [m["Name"] for blob in blobs for m in blob["_aws"]["CloudWatchMetrics"][0]["Metrics"]]


@entrypoint
def _task(event, context):
    metrics.add_metric(name="TaskDone", unit=MetricUnit.Count, value=1)
    if event.get("fail"):
        raise ValueError(f"no se pudo enviar a {PERSONAL}")
    return logger.get_correlation_id(), dict(logger.get_current_keys())


def test_a_task_logs_under_its_job_and_publishes_its_metrics(capsys):
    correlation, keys = _task({"job_id": "job-1"}, None)
    assert correlation == "job-1"
    assert keys["entrypoint"] == "_task"
    assert _published(capsys.readouterr().out) == ["TaskDone"]
    assert logger.get_correlation_id() is None
    assert "entrypoint" not in logger.get_current_keys()


def test_a_failed_task_still_publishes_and_logs_the_error_by_type_only(capsys, caplog):
    with pytest.raises(ValueError):
        _task({"job_id": "job-2", "fail": True}, None)
    assert _published(capsys.readouterr().out) == ["TaskDone"]
    [failed] = [r for r in caplog.records if r.getMessage() == "entrypoint failed"]
    assert failed.error == "ValueError"
    assert "test_entrypoint.py" in failed.at
    assert failed.exc_info is None and PERSONAL not in caplog.text
    assert logger.get_correlation_id() is None
    assert not metrics.metric_set


def test_without_an_id_in_the_event_the_lambda_request_id_correlates(capsys):
    correlation, keys = _task({"accion": "desbloqueo"}, SimpleNamespace(aws_request_id="req-7"))
    assert correlation == keys["function_request_id"] == "req-7"
    capsys.readouterr()


def test_a_schedule_receives_chalices_event_which_carries_the_context(capsys):
    @entrypoint
    def scheduled(event):
        metrics.add_metric(name="EmailGivenUp", unit=MetricUnit.Count, value=1)
        return logger.get_correlation_id()

    event = SimpleNamespace(event_id="evt-9", context=SimpleNamespace(aws_request_id="req-9"))
    assert scheduled(event) == "evt-9"
    assert _published(capsys.readouterr().out) == ["EmailGivenUp"]


@pytest.mark.parametrize(("event", "expected"), [
    ({"detail": {"executionArn": "arn:aws:states:x:1:execution:m:n", "status": "TIMED_OUT"}},
     "arn:aws:states:x:1:execution:m:n"),
    ({"Records": [{"responseElements": {"x-amz-request-id": "S3REQ"}, "s3": {}}]}, "S3REQ"),
    ({"job_id": "job-3"}, "job-3"),
])
def test_the_correlation_id_is_the_event_s_own(event, expected):
    assert correlation_id(event, SimpleNamespace(aws_request_id="req")) == expected


def test_an_invocation_that_recorded_nothing_publishes_nothing(capsys):
    with observed("req-1"):
        pass
    assert _published(capsys.readouterr().out) == []
    assert logger.get_correlation_id() is None

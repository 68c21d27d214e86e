"""How a failed job's reason is chosen: the file's own problem, a deliberate stop, or an error of ours."""

from __future__ import annotations

import json

import pytest

from chalicelib.jobs import failures


def test_an_explained_refusal_keeps_its_message():
    cause = json.dumps({"errorType": "FileRejected", "errorMessage": "El archivo está vacío"})
    assert failures.classify({"Error": "FileRejected", "Cause": cause}, ("FileRejected",)) == (
        failures.REFUSED, "El archivo está vacío")


@pytest.mark.parametrize(("status", "words"), [("ABORTED", "detenido deliberadamente"),
                                                ("TIMED_OUT", "superó el tiempo máximo")])
def test_a_stopped_execution_is_not_an_internal_error(status, words):
    failure, message = failures.classify(failures.stopped(status), ("FileRejected",))
    assert failure == failures.STOPPED and words in message and f"States.{status}" in message


@pytest.mark.parametrize("error", [{"Error": "States.TaskFailed"}, "States.Runtime", None,
                                   {"Error": "Lambda.Unknown", "Cause": "no json"}])
def test_anything_else_is_internal_and_left_to_the_pipeline_to_word(error):
    assert failures.classify(error, ("FileRejected",)) == (failures.INTERNAL, None)

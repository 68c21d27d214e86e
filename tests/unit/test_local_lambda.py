"""Issue 8, defect 8: on the local stack an asynchronous Lambda invocation (InvocationType=Event) returns
before the function has run, as in AWS; a synchronous one still waits for its result."""

from __future__ import annotations

import threading

import boto3

from chalicelib.config import get_settings
from devstack import lambdas

WAIT = 30  # seconds; only a bound for a broken test, never a measurement


def blocking_handler():
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def handler(event, context):
        started.set()
        release.wait(WAIT)
        finished.set()
        return {"ok": True}

    return handler, started, release, finished


def test_an_event_invocation_returns_before_the_function_finishes(pipelines, monkeypatch):
    name = get_settings().recovery_function_name
    handler, started, release, finished = blocking_handler()
    monkeypatch.setitem(lambdas._HANDLERS, name, handler)
    client = boto3.client("lambda", region_name=get_settings().region)
    answer = client.invoke(FunctionName=name, InvocationType="Event", Payload=b"{}")
    assert answer["StatusCode"] == 202
    assert not finished.is_set()  # the caller got its answer while the function is still held
    release.set()
    lambdas.drain()
    assert started.is_set() and finished.is_set()


def test_a_request_response_invocation_still_waits(pipelines, monkeypatch):
    name = get_settings().recovery_function_name
    handler, _, release, finished = blocking_handler()
    release.set()
    monkeypatch.setitem(lambdas._HANDLERS, name, handler)
    client = boto3.client("lambda", region_name=get_settings().region)
    answer = client.invoke(FunctionName=name, Payload=b"{}")
    assert finished.is_set() and answer["Payload"].read() == b'{"ok": true}'

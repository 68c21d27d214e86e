"""Every test runs against a fresh embedded AWS (moto) provisioned from infra/resources.yml."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from devstack.environment import stage_environment

os.environ.update(stage_environment("test"))

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.core.config import default_user_config  # noqa: E402

from chalicelib import wiring  # noqa: E402
from chalicelib.common import clock  # noqa: E402
from chalicelib.common.aws import reset_clients  # noqa: E402
from chalicelib.config import get_settings  # noqa: E402
from devstack import gateway  # noqa: E402
from devstack.lambdas import drain  # noqa: E402
from devstack.provision import provision  # noqa: E402

gateway.install()  # chalice's local gateway answers like API Gateway with infra/resources.yml


@pytest.fixture
def aws():
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        default_user_config.setdefault("stepfunctions", {})["execute_state_machine"] = True
        reset_clients()
        wiring.reset()
        wiring.bind()
        provision(boto3.Session(), "test", region=get_settings().region)
        yield
        drain()  # no asynchronous invocation outlives the embedded AWS it was started on
        reset_clients()
        wiring.reset()


@pytest.fixture
def pipelines(aws):
    """The app's Lambda functions, state machines and S3 notifications on the embedded AWS."""
    from app import app
    from devstack.lambdas import create_functions
    from devstack.provision import wire_functions

    session = boto3.Session()
    region = get_settings().region
    functions = create_functions(session, app, "test", region=region)
    return wire_functions(session, "test", functions, region=region)


@pytest.fixture
def clock_at():
    """Moves the app's clock (chalicelib.common.clock) to an epoch second, for every service at once; the system
    clock again after the test."""

    def move(epoch_seconds: float) -> None:
        instant = datetime.fromtimestamp(epoch_seconds, tz=UTC)
        clock.set_source(lambda: instant)

    yield move
    clock.set_source(None)

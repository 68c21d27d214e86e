"""Every test runs against a fresh embedded AWS (moto) provisioned from infra/resources.yml."""

from __future__ import annotations

import os

import pytest

from devstack.environment import stage_environment

os.environ.update(stage_environment("test"))

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.core.config import default_user_config  # noqa: E402

from chalicelib import wiring  # noqa: E402
from chalicelib.common.aws import reset_clients  # noqa: E402
from chalicelib.config import get_settings  # noqa: E402
from devstack.provision import provision  # noqa: E402


@pytest.fixture
def aws():
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        default_user_config.setdefault("stepfunctions", {})["execute_state_machine"] = True
        reset_clients()
        wiring.reset()
        wiring.bind()
        provision(boto3.Session(), "test", region=get_settings().region)
        yield
        reset_clients()
        wiring.reset()

"""Every file of statemachines/ passes statelint (a Python port of awslabs/statelint, the Amazon States
Language validator), its `${…}` substitutions filled with Lambda ARNs as the template fills them."""

from __future__ import annotations

import re

import pytest
from statelint.config import Config
from statelint.linter import Linter

from devstack.provision import ROOT

MACHINES = sorted((ROOT / "statemachines").glob("*.json"))


def _substituted(text: str) -> str:
    return re.sub(r"\$\{(\w+)\}", lambda m: f"arn:aws:lambda:us-east-1:123456789012:function:{m.group(1)}", text)


def test_there_are_state_machines_to_check():
    assert MACHINES


@pytest.mark.parametrize("path", MACHINES, ids=lambda p: p.name)
def test_state_machine_passes_statelint(path):
    assert Linter.validate(_substituted(path.read_text(encoding="utf-8")), Config([], False, False)) == []


def test_statelint_finds_a_broken_machine():
    broken = '{"StartAt": "Missing", "States": {"A": {"Type": "Pass", "End": true}}}'
    assert Linter.validate(broken, Config([], False, False))

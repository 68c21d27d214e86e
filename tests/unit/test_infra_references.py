"""Names the packaged template (`make package`'s sam.yaml) spells more than once agree (issue 20, item 3's
class): what the code is told (environment), what roles and permissions name as literal ARNs, where logs
go, what the dashboard and the alarms watch, which functions .chalice/config.json tunes. A name written by
hand in two places drifts; each check below fails when one side is renamed without the other."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from devstack.provision import ROOT
from tests.unit.packaged_template import packaged_template, resolved


@pytest.fixture(scope="module")
def resources() -> dict[str, Any]:
    return packaged_template()["Resources"]


@pytest.fixture(scope="module")
def variables() -> dict[str, str]:
    return {name: resolved(value)
            for name, value in packaged_template()["Globals"]["Function"]["Environment"]["Variables"].items()}


def _of(resources, kind: str) -> dict[str, dict[str, Any]]:
    return {name: r["Properties"] for name, r in resources.items() if r["Type"] == kind}


def _names(resources, kind: str, name_property: str) -> dict[str, str]:
    return {logical: resolved(props[name_property]) for logical, props in _of(resources, kind).items()}


def _subs(value) -> list[str]:
    """Every !Sub text of a resource tree, resolved."""
    if isinstance(value, dict):
        if "Fn::Sub" in value:
            return [resolved(value)]
        return [text for item in value.values() for text in _subs(item)]
    if isinstance(value, list):
        return [text for item in value for text in _subs(item)]
    return []


def test_every_function_has_a_fixed_name_its_log_group_and_an_alarm(resources):
    functions = _names(resources, "AWS::Serverless::Function", "FunctionName")
    assert len(functions) > 10
    log_groups = _names(resources, "AWS::Logs::LogGroup", "LogGroupName")
    alarmed = {d["Value"]["Ref"] for alarm in _of(resources, "AWS::CloudWatch::Alarm").values()
               for metric in alarm.get("Metrics", []) if "MetricStat" in metric
               for d in metric["MetricStat"]["Metric"].get("Dimensions", []) if isinstance(d["Value"], dict)
               and "Ref" in d["Value"]}
    for logical, name in functions.items():
        assert "<Ref" not in name and name.startswith("oficina-virtual-prod"), logical
        # Lambda writes to /aws/lambda/<name>: a group of another name keeps logs forever, and the role's
        # OwnLogs statement (on <Function>LogGroup) would forbid writing them.
        assert log_groups.get(f"{logical}LogGroup") == f"/aws/lambda/{name}", logical
        assert logical in alarmed, f"{logical} has no errors alarm"


def test_the_environment_names_what_the_template_creates(resources, variables):
    functions = _names(resources, "AWS::Serverless::Function", "FunctionName")
    machines = _names(resources, "AWS::Serverless::StateMachine", "Name")
    assert variables["DATA_BUCKET"] == resolved(resources["DataBucket"]["Properties"]["BucketName"])
    assert variables["TOKEN_KEY_SECRET"] == resolved(resources["TokenSigningKey"]["Properties"]["Name"])
    assert variables["RECOVERY_FUNCTION_NAME"] == functions["PasswordRecovery"]
    for variable, machine in (("INGEST_STATE_MACHINE_ARN", "IngestStateMachine"),
                              ("CARTERA_STATE_MACHINE_ARN", "CarteraStateMachine"),
                              ("GLOSAS_STATE_MACHINE_ARN", "GlosasStateMachine")):
        assert variables[variable] == f"arn:aws:states:us-east-1:123456789012:stateMachine:{machines[machine]}"
    for logical, table in _names(resources, "AWS::DynamoDB::Table", "TableName").items():
        assert table.startswith(variables["TABLE_PREFIX"]), logical


def test_literal_arns_name_declared_resources(resources, variables):
    """ARNs written as text (to break a dependency cycle, or for executions): each names something declared."""
    buckets = set(_names(resources, "AWS::S3::Bucket", "BucketName").values())
    machines = set(_names(resources, "AWS::Serverless::StateMachine", "Name").values())
    functions = set(_names(resources, "AWS::Serverless::Function", "FunctionName").values())
    texts = _subs(resources) + list(variables.values())
    found = {"bucket": 0, "machine": 0, "function": 0}
    for text in texts:
        for bucket in re.findall(r"arn:aws:s3:::([^/\"*]+)", text):
            assert bucket in buckets, text
            found["bucket"] += 1
        for machine in re.findall(r"arn:aws:states:[^:]*:[^:]*:(?:stateMachine|execution):([^:\"]+)", text):
            assert machine in machines, text
            found["machine"] += 1
        for function in re.findall(r"(?:function:|/aws/lambda/)([\w-]+)", text):
            assert function in functions or function.startswith("<Ref"), text
            found["function"] += 1
    assert all(found.values()), found  # the patterns still find what they look for


def test_the_dashboard_watches_every_function_machine_the_api_and_the_web_acl(resources):
    body = resources["OperationsDashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    widgets = {w["properties"]["title"]: json.dumps(w["properties"]["metrics"])
               for w in json.loads(body)["widgets"]}
    for function in _of(resources, "AWS::Serverless::Function"):
        assert f"${{{function}}}" in widgets["Errores de funciones"], function
        assert f"${{{function}}}" in widgets["Funciones limitadas (throttles)"], function
    for machine in _of(resources, "AWS::Serverless::StateMachine"):
        assert f"${{{machine}}}" in widgets["Procesos (Step Functions)"], machine
    acl = resolved(resources["ApiWebAcl"]["Properties"]["Name"])
    assert resolved({"Fn::Sub": widgets["WAF: bloqueadas y permitidas"]}).count(f'"{acl}"') == 1


def test_the_api_metrics_name_the_api_chalice_creates(resources):
    """API Gateway's metrics carry the API's name: the title of the definition chalice writes."""
    title = resources["RestAPI"]["Properties"]["DefinitionBody"]["info"]["title"]
    body = resources["OperationsDashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    assert f'"AWS/ApiGateway", "Count", "ApiName", "{title}"' in body
    alarm = resources["Api5xxAlarm"]["Properties"]
    for metric in alarm["Metrics"]:
        if "MetricStat" in metric:
            dimensions = {d["Name"]: d["Value"] for d in metric["MetricStat"]["Metric"]["Dimensions"]}
            assert dimensions == {"ApiName": title, "Stage": {"Ref": "RestAPI.Stage"}}


def test_chalice_config_tunes_only_functions_the_app_has():
    """A misspelt key in lambda_functions is ignored by chalice: the function keeps 30 s and 1 GB."""
    from app import app

    names = {f.name for f in app.pure_lambda_functions}
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    for stage, settings in config["stages"].items():
        assert set(settings.get("lambda_functions", {})) <= names, stage



def test_no_function_overrides_what_the_template_gives_every_function(resources):
    """A variable a function sets itself wins over Globals: STAGE=prod from .chalice/config.json would outlive
    a deploy with another Stage, and the tables' prefix would no longer match the stage the code believes."""
    given = set(packaged_template()["Globals"]["Function"]["Environment"]["Variables"])
    for logical, function in _of(resources, "AWS::Serverless::Function").items():
        assert not set(function.get("Environment", {}).get("Variables", {})) & given, logical

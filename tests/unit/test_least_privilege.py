"""The packaged template (`chalice package --merge-template infra/resources.yml`, as `make package` builds it)
gives every function its own role with only the actions and resources it uses, and each state machine may
invoke only its own tasks. docs/runbook.md § Least privilege."""

from __future__ import annotations

import re
from typing import Any

import pytest

from devstack.provision import load_template
from tests.unit.packaged_template import normalized as _norm
from tests.unit.packaged_template import packaged_template

# Actions AWS authorises on "*" only (no resource-level permissions).
NO_RESOURCE_LEVEL = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
# Append-only tables: a role may add to them, never change or remove what is there.
APPEND_ONLY = {"AuditEventsTable", "AccessLogTable"}
CHANGES = {"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}


@pytest.fixture(scope="module")
def packaged() -> dict[str, Any]:
    return packaged_template()["Resources"]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _resource_text(resource) -> str:
    """A statement's resource as text: a reference names one resource; a !Sub string is checked as written."""
    if isinstance(resource, dict) and "Fn::GetAtt" in resource:
        return "GetAtt:" + ".".join(_as_list(resource["Fn::GetAtt"]))
    if isinstance(resource, dict) and "Ref" in resource:
        return "Ref:" + resource["Ref"]
    if isinstance(resource, dict) and "Fn::Sub" in resource:
        return resource["Fn::Sub"]
    return str(resource)


def problems_of(statement: dict) -> list[str]:
    """Why an Allow statement is broader than least privilege ([] when it is not)."""
    if statement.get("Effect") != "Allow":
        return []
    actions = _as_list(statement.get("Action", []))
    found = [f"wildcard action {a}" for a in actions if "*" in a]
    for resource in map(_resource_text, _as_list(statement.get("Resource", []))):
        if resource == "*":
            if not set(actions) <= NO_RESOURCE_LEVEL:
                found.append(f"{actions} on every resource")
        elif "*" in resource:
            # Only a last segment may be a wildcard, after a named resource: a table's indexes, one bucket
            # prefix's objects, one state machine's executions, SES identities under a FromAddress condition.
            head = re.sub(r"(/\*|:\*)$", "", resource)
            if "*" in head or head.endswith(("-", ":", "::")):
                found.append(f"wildcard resource {resource}")
            if resource.endswith(":identity/*") and "Condition" not in statement:
                found.append("SES identities without a FromAddress condition")
    return found


def _function_roles(resources: dict) -> dict[str, str]:
    return {name: r["Properties"]["Role"]["Fn::GetAtt"][0] for name, r in resources.items()
            if r["Type"] == "AWS::Serverless::Function"}


def test_the_checker_refuses_wildcards():
    """The rules below can fail: each of these is refused."""
    assert problems_of({"Effect": "Allow", "Action": "dynamodb:*", "Resource": {"Fn::GetAtt": "JobsTable.Arn"}})
    assert problems_of({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})
    assert problems_of({"Effect": "Allow", "Action": "dynamodb:GetItem",
                        "Resource": "arn:aws:dynamodb:*:*:table/oficina-virtual-prod-*"})
    assert problems_of({"Effect": "Allow", "Action": "s3:GetObject",
                        "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::oficina-virtual-${Stage}-*"}})
    assert not problems_of({"Effect": "Allow", "Action": ["xray:PutTraceSegments"], "Resource": "*"})
    assert not problems_of({"Effect": "Deny", "Action": "*", "Resource": "*"})


def test_every_function_has_its_own_role_declared_in_the_merge_template(packaged):
    roles = _function_roles(packaged)
    assert len(set(roles.values())) == len(roles), "two functions share a role"
    declared = load_template()["Resources"]
    for function, role in roles.items():
        assert declared.get(role, {}).get("Type") == "AWS::IAM::Role", f"{function}: declare {role} in resources.yml"
        assert packaged[role]["Properties"]["Policies"] == _norm(declared[role]["Properties"]["Policies"])


def test_no_function_role_allows_a_wildcard_action_or_resource(packaged):
    found = {}
    for role in set(_function_roles(packaged).values()):
        for policy in packaged[role]["Properties"]["Policies"]:
            for statement in policy["PolicyDocument"]["Statement"]:
                if problems := problems_of(statement):
                    found[f"{role}/{statement.get('Sid')}"] = problems
        assert not packaged[role]["Properties"].get("ManagedPolicyArns"), role
    assert found == {}


def test_audit_trail_and_access_log_are_append_only(packaged):
    for role in set(_function_roles(packaged).values()):
        for policy in packaged[role]["Properties"]["Policies"]:
            for statement in policy["PolicyDocument"]["Statement"]:
                targets = {_resource_text(r).removeprefix("GetAtt:").split(".")[0]
                           for r in _as_list(statement["Resource"])}
                if targets & APPEND_ONLY:
                    assert not set(_as_list(statement["Action"])) & CHANGES, f"{role}: {statement['Sid']}"


def test_state_machines_invoke_only_their_own_tasks(packaged):
    machines = {n: r["Properties"] for n, r in packaged.items() if r["Type"] == "AWS::Serverless::StateMachine"}
    assert machines
    for name, props in machines.items():
        own = {".".join(_as_list(v["Fn::GetAtt"])) for v in props["DefinitionSubstitutions"].values()}
        allowed = set()
        for policy in props["Policies"]:
            assert set(policy) == {"Statement"}, f"{name}: inline statements only (no SAM policy templates)"
            for statement in policy["Statement"]:
                assert statement["Effect"] == "Allow" and _as_list(statement["Action"]) == ["lambda:InvokeFunction"]
                allowed |= {".".join(_as_list(r["Fn::GetAtt"])) for r in _as_list(statement["Resource"])}
        assert allowed == own, name


def test_functions_invoked_asynchronously_keep_their_failed_events(packaged):
    """S3 notifications, EventBridge rules and the background recovery: failures land in the queue."""
    notifications = packaged["DataBucket"]["Properties"]["NotificationConfiguration"]["LambdaConfigurations"]
    invoked_async = {c["Function"]["Fn::GetAtt"][0] for c in notifications}
    for rule in (r for r in packaged.values() if r["Type"] == "AWS::Events::Rule"):
        for target in rule["Properties"]["Targets"]:
            assert target["DeadLetterConfig"]["Arn"] == {"Fn::GetAtt": ["FailedEventsQueue", "Arn"]}
            invoked_async.add(target["Arn"]["Fn::GetAtt"][0])
    invoked_async.add("PasswordRecovery")
    for function in invoked_async:
        destination = packaged[function]["Properties"]["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]
        assert destination == {"Type": "SQS", "Destination": {"Fn::GetAtt": ["FailedEventsQueue", "Arn"]}}, function


def _data_bucket_objects(role: str) -> dict[str, set[str]]:
    """The data bucket's key patterns a role reaches, by S3 action."""
    reached: dict[str, set[str]] = {}
    for policy in load_template()["Resources"][role]["Properties"]["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            for resource in map(_resource_text, _as_list(statement["Resource"])):
                if "-data-${AWS::AccountId}/" in resource:
                    for action in _as_list(statement["Action"]):
                        reached.setdefault(action, set()).add(resource.split("-data-${AWS::AccountId}/", 1)[1])
    return reached


@pytest.mark.parametrize(("role", "channel", "views"), [("GlosasTaskRole", "glosas", {"vistas/glosas/*"}),
                                                      ("CarteraTaskRole", "cartera", {"vistas/cartera/*"})])
def test_the_upload_tasks_reach_only_the_upload_its_result_and_the_views(role, channel, views):
    """No staging under work/: each task reads the upload itself (glosas' validate, apply and write are one task)."""
    assert _data_bucket_objects(role) == {
        "s3:GetObject": {f"cargas/{channel}/*", f"resultados/{channel}/*"} | views,
        "s3:GetObjectVersion": {f"cargas/{channel}/*"}, "s3:PutObject": {f"resultados/{channel}/*"}}


def test_only_the_derive_writes_the_primary_ips_view_and_only_the_api_reads_it_besides():
    """HeadObject before the conditional write needs s3:GetObject; no role may list the bucket or delete the view."""
    reaching = {}
    for role, resource in load_template()["Resources"].items():
        if resource["Type"] == "AWS::IAM::Role" and "Policies" in resource["Properties"]:
            actions = {a for a, keys in _data_bucket_objects(role).items() if "vistas/ips-primarias/*" in keys}
            if actions:
                reaching[role] = actions
    assert reaching == {"ApiHandlerRole": {"s3:GetObject"}, "IngestDeriveRole": {"s3:GetObject", "s3:PutObject"}}


def _table_actions(role: str, table: str) -> set[str]:
    """The DynamoDB actions a role may take on the table itself (`!GetAtt <table>.Arn`)."""
    return {action for policy in load_template()["Resources"][role]["Properties"]["Policies"]
            for statement in policy["PolicyDocument"]["Statement"]
            if f"GetAtt:{table}.Arn" in map(_resource_text, _as_list(statement["Resource"]))
            for action in _as_list(statement["Action"])}


# A stored view (chalicelib/common/stored_views.py): its objects' prefix, the table holding its marks, the role whose
# writes count changes, the derive that builds it and the task that reads it. moto does not enforce IAM, so a right
# missing here would only show on AWS, as a load failing on AccessDenied.
@pytest.mark.parametrize(("prefix", "marks", "reader"), [("vistas/glosas/*", "GlosaDetailsTable", "GlosasTaskRole"),
                                                         ("vistas/cartera/*", "InvoiceTotalsTable", "CarteraTaskRole")])
def test_each_stored_view_can_be_marked_built_and_read_by_the_roles_that_do_so(prefix, marks, reader):
    assert "dynamodb:UpdateItem" in _table_actions("IngestWriteRole", marks)  # ViewMarks.changing around a write
    assert {"dynamodb:GetItem", "dynamodb:UpdateItem"} <= _table_actions("IngestDeriveRole", marks)
    assert {"s3:PutObject", "s3:DeleteObject"} <= {a for a, keys in _data_bucket_objects("IngestDeriveRole").items()
                                                   if prefix in keys}
    assert "dynamodb:GetItem" in _table_actions(reader, marks)  # ViewMarks.view_marks: is the view fresh
    assert prefix in _data_bucket_objects(reader)["s3:GetObject"]

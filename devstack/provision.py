"""Create the resources of infra/resources.yml in an AWS endpoint (moto locally, in tests and `make run`).

The merge template is the single definition of tables, buckets, secrets and email identities; this
reads it and creates the same things, so the local stack and the tests cannot drift from the infra.
"""

from __future__ import annotations

import json
import re
import secrets
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "infra" / "resources.yml"
ACCOUNT_ID = "123456789012"  # moto's default account


class _CfnLoader(yaml.SafeLoader):
    pass


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    return {name: value}


_CfnLoader.add_multi_constructor("!", _tag)


@cache
def load_template() -> dict[str, Any]:
    return read_template(TEMPLATE)


def read_template(path: Path) -> dict[str, Any]:
    """A CloudFormation YAML file with its short-form intrinsics (!Sub …) as {"Fn::Sub": …} mappings."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_CfnLoader)  # noqa: S506 (SafeLoader subclass)


def resolve(value: Any, params: dict[str, str]) -> Any:
    """Resolve the intrinsics this template uses: !Sub, !Ref and !GetAtt <Function>.Arn (from params)."""
    if isinstance(value, dict) and "Fn::Sub" in value:
        return re.sub(r"\$\{([\w:.]+)\}", lambda m: params[m.group(1)], value["Fn::Sub"])
    if isinstance(value, dict) and "Ref" in value:
        return params[value["Ref"]]
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        target = value["Fn::GetAtt"]
        return params[target if isinstance(target, str) else ".".join(target)]
    return value


def resolve_all(value: Any, params: dict[str, str]) -> Any:
    """resolve() through nested lists and mappings (event patterns, targets)."""
    value = resolve(value, params)
    if isinstance(value, dict):
        return {key: resolve_all(item, params) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve_all(item, params) for item in value]
    return value


def template_params(stage: str, region: str, functions: dict[str, str] | None = None) -> dict[str, str]:
    """Values of parameters, pseudo parameters, !Ref to named resources and !GetAtt <Function>.Arn."""
    params = {name: str(p.get("Default", "")) for name, p in load_template().get("Parameters", {}).items()}
    params.update({"Stage": stage, "AWS::Region": region, "AWS::AccountId": ACCOUNT_ID})
    for kind, name_property in (("AWS::S3::Bucket", "BucketName"), ("AWS::DynamoDB::Table", "TableName")):
        for logical, props in resources_of(kind).items():
            params[logical] = resolve(props[name_property], params)
    params.update({f"{logical}.Arn": arn for logical, arn in (functions or {}).items()})
    return params


def resources_of(kind: str) -> dict[str, dict[str, Any]]:
    return {name: r.get("Properties", {}) for name, r in load_template()["Resources"].items() if r["Type"] == kind}


def provision(session, stage: str, *, region: str = "us-east-1", endpoint_url: str | None = None,
              functions: dict[str, str] | None = None) -> dict[str, str]:
    """Create the template's tables, buckets, secrets, SES identities and, given the app's function ARNs
    ({logical id: ARN}, see devstack.lambdas), its state machines and bucket notifications."""
    params = template_params(stage, region, functions)
    created: dict[str, str] = {}
    dynamodb = session.client("dynamodb", region_name=region, endpoint_url=endpoint_url)
    for name, props in resources_of("AWS::DynamoDB::Table").items():
        table_name = resolve(props["TableName"], params)
        request = {
            "TableName": table_name,
            "AttributeDefinitions": props["AttributeDefinitions"],
            "KeySchema": props["KeySchema"],
            "BillingMode": "PAY_PER_REQUEST",
        }
        for index_kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
            if props.get(index_kind):
                request[index_kind] = props[index_kind]
        dynamodb.create_table(**request)
        created[name] = table_name
    s3 = session.client("s3", region_name=region, endpoint_url=endpoint_url)
    for name, props in resources_of("AWS::S3::Bucket").items():
        bucket = resolve(props["BucketName"], params)
        s3.create_bucket(Bucket=bucket)
        if props.get("VersioningConfiguration"):
            s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration=props["VersioningConfiguration"])
        created[name] = bucket
    secrets_client = session.client("secretsmanager", region_name=region, endpoint_url=endpoint_url)
    for name, props in resources_of("AWS::SecretsManager::Secret").items():
        secret_name = resolve(props["Name"], params)
        secrets_client.create_secret(Name=secret_name, SecretString=secrets.token_urlsafe(48))
        created[name] = secret_name
    ses = session.client("ses", region_name=region, endpoint_url=endpoint_url)
    for name, props in resources_of("AWS::SES::EmailIdentity").items():
        identity = resolve(props["EmailIdentity"], params)
        ses.verify_email_identity(EmailAddress=identity)
        created[name] = identity
    if functions:
        created.update(wire_functions(session, stage, functions, region=region, endpoint_url=endpoint_url))
    return created


def wire_functions(session, stage: str, functions: dict[str, str], *, region: str,
                   endpoint_url: str | None = None) -> dict[str, str]:
    """State machines and S3 → Lambda notifications, once the functions exist."""
    params = template_params(stage, region, functions)
    created: dict[str, str] = {}
    sfn = session.client("stepfunctions", region_name=region, endpoint_url=endpoint_url)
    for name, props in resources_of("AWS::Serverless::StateMachine").items():
        definition = (ROOT / props["DefinitionUri"]).read_text(encoding="utf-8")
        for variable, value in props.get("DefinitionSubstitutions", {}).items():
            definition = definition.replace("${" + variable + "}", resolve(value, params))
        machine = sfn.create_state_machine(name=resolve(props["Name"], params), definition=definition,
                                           roleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/states-local")
        created[name] = params[name] = machine["stateMachineArn"]
    events = session.client("events", region_name=region, endpoint_url=endpoint_url)
    for name, props in resources_of("AWS::Events::Rule").items():
        rule = events.put_rule(Name=f"oficina-virtual-{stage}-{name}", State="ENABLED",
                               EventPattern=json.dumps(resolve_all(props["EventPattern"], params)))
        events.put_targets(Rule=f"oficina-virtual-{stage}-{name}",
                           Targets=[{"Id": t["Id"], "Arn": resolve(t["Arn"], params)} for t in props["Targets"]])
        created[name] = rule["RuleArn"]
    s3 = session.client("s3", region_name=region, endpoint_url=endpoint_url)
    for name, props in resources_of("AWS::S3::Bucket").items():
        lambdas = props.get("NotificationConfiguration", {}).get("LambdaConfigurations", [])
        if not lambdas:
            continue
        s3.put_bucket_notification_configuration(Bucket=params[name], NotificationConfiguration={
            "LambdaFunctionConfigurations": [{
                "LambdaFunctionArn": resolve(c["Function"], params),
                "Events": [c["Event"]],
                "Filter": {"Key": {"FilterRules": c["Filter"]["S3Key"]["Rules"]}},
            } for c in lambdas]})
    return created

"""Create the resources of infra/resources.yml in an AWS endpoint (moto locally, in tests and `make run`).

The merge template is the single definition of tables, buckets, secrets and email identities; this
reads it and creates the same things, so the local stack and the tests cannot drift from the infra.
"""

from __future__ import annotations

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
    return yaml.load(TEMPLATE.read_text(encoding="utf-8"), Loader=_CfnLoader)  # noqa: S506 (SafeLoader subclass)


def resolve(value: Any, params: dict[str, str]) -> Any:
    """Resolve the few intrinsics the stateful resources use: !Sub "${Stage}..." and !Ref Stage."""
    if isinstance(value, dict) and "Fn::Sub" in value:
        return re.sub(r"\$\{([\w:]+)\}", lambda m: params[m.group(1)], value["Fn::Sub"])
    if isinstance(value, dict) and "Ref" in value:
        return params[value["Ref"]]
    return value


def resources_of(kind: str) -> dict[str, dict[str, Any]]:
    return {name: r.get("Properties", {}) for name, r in load_template()["Resources"].items() if r["Type"] == kind}


def provision(session, stage: str, *, region: str = "us-east-1", endpoint_url: str | None = None) -> dict[str, str]:
    """Create every table, bucket, secret and SES identity of the template. Returns logical → physical names."""
    params = {name: str(p.get("Default", "")) for name, p in load_template().get("Parameters", {}).items()}
    params.update({"Stage": stage, "AWS::Region": region, "AWS::AccountId": ACCOUNT_ID})
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
    return created

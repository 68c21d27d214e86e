"""infra/resources.yml agrees with the code: tables with the models, state machines with the app."""

from __future__ import annotations

import json

import pytest
from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser

import app  # noqa: F401  (registers every model)
from chalicelib.common.db import registered_models
from devstack.lambdas import logical_id
from devstack.provision import ROOT, load_template, resources_of


def _keys(schema):
    return sorted((k["AttributeName"], k["KeyType"]) for k in schema)


def _tables():
    return {props["TableName"]["Fn::Sub"].rsplit("-", 1)[-1]: props
            for props in resources_of("AWS::DynamoDB::Table").values()}


def test_every_model_has_its_table_and_nothing_else():
    assert set(_tables()) == set(registered_models())


@pytest.mark.parametrize("logical", sorted(registered_models()))
def test_template_table_matches_the_model(logical):
    table, schema = _tables()[logical], registered_models()[logical]._get_schema()
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["SSESpecification"] == {"SSEEnabled": True}
    assert _keys(table["KeySchema"]) == _keys(schema["key_schema"])
    assert sorted((d["AttributeName"], d["AttributeType"]) for d in table["AttributeDefinitions"]) == sorted(
        (d["AttributeName"], d["AttributeType"]) for d in schema["attribute_definitions"])
    expected = {i["index_name"]: _keys(i["key_schema"]) for i in schema.get("global_secondary_indexes", [])}
    actual = {i["IndexName"]: _keys(i["KeySchema"]) for i in table.get("GlobalSecondaryIndexes", [])}
    assert actual == expected
    assert all(i["Projection"] == {"ProjectionType": "ALL"} for i in table.get("GlobalSecondaryIndexes", []))


def test_state_machines_parse_and_name_real_functions():
    from app import app as chalice_app

    functions = {logical_id(f.name) for f in chalice_app.pure_lambda_functions}
    machines = resources_of("AWS::Serverless::StateMachine")
    assert machines
    for props in machines.values():
        definition = (ROOT / props["DefinitionUri"]).read_text(encoding="utf-8")
        for variable, value in props["DefinitionSubstitutions"].items():
            target = value["Fn::GetAtt"]
            assert target.removesuffix(".Arn") in functions
            definition = definition.replace("${" + variable + "}", f"arn:aws:lambda:us-east-1:1:function:{variable}")
        assert "${" not in definition
        AmazonStateLanguageParser.parse(json.dumps(json.loads(definition)))
        parsed = json.loads(definition)
        assert parsed["TimeoutSeconds"] > 0
        tasks = [s for s in parsed["States"].values() if s["Type"] == "Task"]
        assert all("TimeoutSeconds" in s for s in tasks)


def test_s3_trigger_is_a_real_function():
    from app import app as chalice_app

    functions = {logical_id(f.name) for f in chalice_app.pure_lambda_functions}
    bucket = load_template()["Resources"]["DataBucket"]["Properties"]
    for config in bucket["NotificationConfiguration"]["LambdaConfigurations"]:
        assert config["Function"]["Fn::GetAtt"].removesuffix(".Arn") in functions

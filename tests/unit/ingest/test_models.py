"""The tables in infra/resources.yml have exactly the keys and indexes of the PynamoDB models."""

from __future__ import annotations

from pathlib import Path

import yaml

import chalicelib.eps.models  # noqa: F401
from chalicelib.common.db import registered_models

TEMPLATE = Path(__file__).parents[3] / "infra" / "resources.yml"


class _CfnLoader(yaml.SafeLoader):
    pass


_CfnLoader.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_scalar(node))


OURS = {"invoices", "payments", "payment_lines", "glosa_details", "authorizations", "providers"}


def _keys(schema):
    return sorted((k["AttributeName"], k["KeyType"]) for k in schema)


def test_template_tables_match_the_models():
    resources = yaml.load(TEMPLATE.read_text("utf-8"), Loader=_CfnLoader)["Resources"]  # noqa: S506
    tables = {
        r["Properties"]["TableName"].rsplit("-", 1)[-1]: r["Properties"]
        for r in resources.values()
        if r["Type"] == "AWS::DynamoDB::Table"
    }
    for logical, model in registered_models().items():
        if logical not in OURS:
            continue
        table, schema = tables[logical], model._get_schema()
        assert table["TableName"] == f"oficina-virtual-${{Stage}}-{logical}"
        assert table["BillingMode"] == "PAY_PER_REQUEST"
        assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert table["SSESpecification"] == {"SSEEnabled": True}
        assert _keys(table["KeySchema"]) == _keys(schema["key_schema"]), logical
        assert sorted(map(tuple, (d.values() for d in table["AttributeDefinitions"]))) == sorted(
            (d["AttributeName"], d["AttributeType"]) for d in schema["attribute_definitions"]
        ), logical
        expected = {i["index_name"]: _keys(i["key_schema"]) for i in schema["global_secondary_indexes"]}
        actual = {i["IndexName"]: _keys(i["KeySchema"]) for i in table.get("GlobalSecondaryIndexes", [])}
        assert actual == expected, logical
        indexes = table.get("GlobalSecondaryIndexes", [])
        assert all(i["Projection"] == {"ProjectionType": "ALL"} for i in indexes)

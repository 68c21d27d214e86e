"""infra/resources.yml protects data, raises alarms and guards the edge (docs/runbook.md § 1)."""

from __future__ import annotations

import pytest

from devstack.provision import load_template, resources_of

# TTL-only tables: counters, revocations and leases, nothing that is the EPS's or a person's record.
EPHEMERAL = {"LoginAttemptsTable", "RevokedSessionsTable", "LeasesTable", "DailyQuotasTable"}
TABLES = resources_of("AWS::DynamoDB::Table")


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_is_recoverable_encrypted_and_protected_unless_ephemeral(name):
    table = TABLES[name]
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert table["SSESpecification"] == {"SSEEnabled": True}
    assert table.get("DeletionProtectionEnabled", False) is (name not in EPHEMERAL)
    if name in EPHEMERAL:
        assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}


def test_ttl_attributes_are_the_models_ttl():
    import app  # noqa: F401  (registers every model)
    from chalicelib.common.db import registered_models

    for props in TABLES.values():
        ttl = props.get("TimeToLiveSpecification")
        if ttl:
            model = registered_models()[props["TableName"]["Fn::Sub"].rsplit("-", 1)[-1]]
            assert ttl["AttributeName"] in model.get_attributes()


def test_the_data_bucket_is_private_tls_only_versioned_and_expires_what_it_holds():
    bucket = load_template()["Resources"]["DataBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values()) and len(bucket["PublicAccessBlockConfiguration"]) == 4
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    rules = bucket["LifecycleConfiguration"]["Rules"]
    by_prefix = {r["Prefix"]: r["ExpirationInDays"] for r in rules if "Prefix" in r}
    assert set(by_prefix) == {"work/", "descargas/", "resultados/", "reports/", "cargas/", "ingest/",
                              "afiliados/soportes/"}
    assert any(r.get("NoncurrentVersionExpiration") for r in rules)
    assert [c["AllowedOrigins"] for c in bucket["CorsConfiguration"]["CorsRules"]] == [[{"Ref": "PortalUrl"}]]
    policy = load_template()["Resources"]["DataBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert {"Bool": {"aws:SecureTransport": "false"}} in [s["Condition"] for s in policy if s["Effect"] == "Deny"]


def _written_prefixes() -> set[str]:
    """Every key prefix the code writes to the data bucket (the module's constant where it has one)."""
    from chalicelib.affiliates.supports import SUPPORTS_PREFIX
    from chalicelib.cartera.pipeline import PREFIX as CARTERA_UPLOADS
    from chalicelib.common.s3_downloads import DOWNLOADS_PREFIX
    from chalicelib.ingest.pipeline import PREFIX as EPS_EXTRACTS
    from chalicelib.uploads.router import PREFIX as PROVIDER_UPLOADS

    return {SUPPORTS_PREFIX, SUPPORTS_PREFIX + "presolicitudes/", CARTERA_UPLOADS, DOWNLOADS_PREFIX, EPS_EXTRACTS,
            PROVIDER_UPLOADS, "work/", "resultados/", "reports/"} | REPLACED_VIEWS


# Views replaced at each derive (the replaced one deleted, or overwritten: its noncurrent version expires): no expiry,
# they live as long as what they derive from.
REPLACED_VIEWS = {"vistas/cartera/", "vistas/glosas/", "vistas/ips-primarias/"}


@pytest.mark.parametrize("prefix", sorted(_written_prefixes()))
def test_every_prefix_the_code_writes_under_has_a_lifecycle_rule(prefix):
    from chalicelib.eps.repository import VIEW_PREFIX as CARTERA_VIEWS
    from chalicelib.glosas.detail_view import VIEW_PREFIX as GLOSA_VIEWS
    from chalicelib.providers.primary_network import VIEW_PREFIX as PRIMARY_IPS_VIEW

    assert {CARTERA_VIEWS, GLOSA_VIEWS, PRIMARY_IPS_VIEW} == REPLACED_VIEWS
    rules = load_template()["Resources"]["DataBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    covering = [r for r in rules if "Prefix" in r and prefix.startswith(r["Prefix"])]
    assert bool(covering) is (prefix not in REPLACED_VIEWS)
    assert all(r["ExpirationInDays"] > 0 for r in covering)


def test_the_retention_table_of_the_runbook_states_every_rule():
    from pathlib import Path

    runbook = (Path(__file__).parents[2] / "docs" / "runbook.md").read_text(encoding="utf-8")
    table = runbook.split("## Retention of files and logs", 1)[1].split("\n\n", 2)[1]
    rules = load_template()["Resources"]["DataBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    for rule in rules:
        if "Prefix" in rule:
            assert f"| `{rule['Prefix']}` |" in table, rule["Id"]
    for view in REPLACED_VIEWS:
        assert f"| `{view}` |" in table, view


def test_every_alarm_reaches_the_alarm_topic():
    alarms = resources_of("AWS::CloudWatch::Alarm")
    assert len(alarms) > 10
    for name, alarm in alarms.items():
        assert {"Ref": "AlarmTopic"} in alarm.get("AlarmActions", []), name
    subscription = load_template()["Resources"]["AlarmSubscription"]["Properties"]
    assert subscription["Endpoint"] == {"Ref": "AlarmEmail"} and subscription["Protocol"] == "email"


def test_each_pipeline_alarms_on_failed_and_timed_out_executions():
    watched = {(a["MetricName"], a["Dimensions"][0]["Value"]["Ref"])
               for a in resources_of("AWS::CloudWatch::Alarm").values() if a.get("Namespace") == "AWS/States"}
    for machine in resources_of("AWS::Serverless::StateMachine"):
        assert {("ExecutionsFailed", machine), ("ExecutionsTimedOut", machine)} <= watched


def test_the_api_stage_has_a_web_acl_with_rate_limits_and_managed_rules():
    acl = resources_of("AWS::WAFv2::WebACL")["ApiWebAcl"]
    statements = [r["Statement"] for r in acl["Rules"]]
    assert any("RateBasedStatement" in s for s in statements)
    managed = {s["ManagedRuleGroupStatement"]["Name"] for s in statements if "ManagedRuleGroupStatement" in s}
    assert {"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"} <= managed
    association = resources_of("AWS::WAFv2::WebACLAssociation")["ApiWebAclAssociation"]
    assert "${RestAPI}/stages/${RestAPI.Stage}" in association["ResourceArn"]["Fn::Sub"]


def test_access_logs_carry_no_personal_data():
    """No path or query string (documents could travel there), no principal (it is the person's document)."""
    api = load_template()["Resources"]["RestAPI"]["Properties"]
    log_format = api["AccessLogSetting"]["Format"]
    assert "$context.resourcePath" in log_format
    for personal in ("$context.path", "querystring", "principalId", "$context.authorizer", "Authorization"):
        assert personal not in log_format
    assert all(m["DataTraceEnabled"] is False for m in api["MethodSettings"])


def test_no_route_answers_cross_origin():
    """The portal is served from the API's origin; the bucket's CORS names the portal only (above)."""
    from app import app

    assert all(entry.cors is None for methods in app.routes.values() for entry in methods.values())


def test_no_path_or_query_parameter_is_a_persons_document():
    """Paths reach API Gateway and CloudFront logs: people are addressed by opaque ids (docs/security.md)."""
    from app import app

    documents = ("documento", "cedula", "person", "persona", "identificacion")
    names = [p for path in app.routes for p in path.replace("}", "{").split("{")[1::2]]
    names += [q if isinstance(q, str) else q.name for methods in app.routes.values() for entry in methods.values()
              for q in getattr(getattr(entry.view_function, "route_doc", None), "query", ())]
    assert names and not [n for n in names if any(d in n.lower() for d in documents)]

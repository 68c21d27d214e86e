"""The deployed edge (issue 20, items 3 and 7), checked on the packaged template (`make package`'s sam.yaml):
CloudFront reaches every route of the API under its stage and the portal's files in their bucket; the API
is reachable only through the distribution, and the client's address is the one CloudFront saw.
docs/security.md § Client address."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import pytest

from chalicelib.api.http import SECURITY_HEADERS
from chalicelib.security.origin import ORIGIN_HEADER, VIEWER_HEADER
from devstack.provision import ROOT, load_template
from tests.unit.packaged_template import packaged_template, resolved

ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # managed origin request policy
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # managed cache policy


@pytest.fixture(scope="module")
def resources() -> dict[str, Any]:
    return packaged_template()["Resources"]


@pytest.fixture(scope="module")
def distribution(resources) -> dict[str, Any]:
    return resources["PortalDistribution"]["Properties"]["DistributionConfig"]


def _origin(distribution, origin_id: str) -> dict[str, Any]:
    return next(o for o in distribution["Origins"] if o["Id"] == origin_id)


def _behaviours(distribution) -> list[dict[str, Any]]:
    return [*distribution.get("CacheBehaviors", []), distribution["DefaultCacheBehavior"]]


def _matches(pattern: str, path: str) -> bool:
    """CloudFront's path patterns: case-sensitive, `*` any run of characters (slashes too), `?` one."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in "/" + pattern.lstrip("/"))
    return re.fullmatch(regex, path) is not None


def behaviour_for(distribution, path: str) -> dict[str, Any]:
    """The behaviour CloudFront picks: the first cache behaviour whose pattern matches, else the default."""
    return next((b for b in distribution.get("CacheBehaviors", []) if _matches(b["PathPattern"], path)),
                distribution["DefaultCacheBehavior"])


def _api_routes() -> list[tuple[str, str]]:
    from app import app

    return [(re.sub(r"\{\w+\}", "x1", path), method) for path, methods in app.routes.items() for method in methods]


def _portal_paths() -> list[str]:
    """The portal's files as the build lays them out (web/dist when built, the shape of it otherwise)."""
    paths = ["/portal/", "/portal/index.html", "/portal/assets/index-3f2a9c.js", "/portal/assets/index-3f2a9c.css"]
    dist = ROOT / "web" / "dist"
    if dist.is_dir():
        paths += ["/portal/" + p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file()]
    return paths


# --- item 3: the distribution reaches the API's routes under its stage ---------------------------------

def test_the_api_origin_path_is_the_stage_chalice_deploys(resources, distribution):
    stage = json.loads((ROOT / ".chalice" / "config.json").read_text())["stages"]["prod"]["api_gateway_stage"]
    assert resources["RestAPI"]["Properties"]["StageName"] == stage
    api = _origin(distribution, "api")
    assert resolved(api["DomainName"]) == "<Ref RestAPI>.execute-api.us-east-1.amazonaws.com"
    assert resolved(api["OriginPath"]) == f"/{stage}"


def test_the_path_pattern_matcher_follows_cloudfront():
    """The rules below can fail: the matcher tells a portal path from an API one."""
    assert _matches("/portal*", "/portal/assets/a.js") and _matches("portal/*", "/portal/x")
    assert not _matches("/portal/*", "/pagos") and not _matches("/Portal*", "/portal/")
    assert _matches("/a?c", "/abc") and not _matches("/a?c", "/ac")


@pytest.mark.parametrize(("path", "method"), _api_routes())
def test_every_route_reaches_the_api_through_the_distribution(distribution, path, method):
    behaviour = behaviour_for(distribution, path)
    assert behaviour["TargetOriginId"] == "api", f"{method} {path} goes to {behaviour['TargetOriginId']}"
    assert method in behaviour["AllowedMethods"]


def test_the_portal_files_come_from_the_portal_bucket(resources, distribution):
    portal = _origin(distribution, "portal")
    assert portal["DomainName"] == {"Fn::GetAtt": ["PortalBucket", "RegionalDomainName"]}
    for path in _portal_paths():
        assert behaviour_for(distribution, path)["TargetOriginId"] == "portal", path


def test_every_behaviour_targets_a_declared_origin(distribution):
    origins = {o["Id"] for o in distribution["Origins"]}
    assert {b["TargetOriginId"] for b in _behaviours(distribution)} == origins


# --- item 7: the client's address, and the API only through the distribution ------------------------------

def _api_behaviours(distribution) -> list[dict[str, Any]]:
    return [b for b in _behaviours(distribution) if b["TargetOriginId"] == "api"]


def test_every_api_behaviour_stamps_and_forwards_the_viewer_address_uncached(distribution):
    assert _api_behaviours(distribution)
    for behaviour in _api_behaviours(distribution):
        viewer_request = [f["FunctionARN"] for f in behaviour["FunctionAssociations"]
                          if f["EventType"] == "viewer-request"]
        assert viewer_request == [{"Fn::GetAtt": ["ViewerRequestFunction", "FunctionARN"]}]
        # every viewer header but Host (x-viewer-ip as the function left it), never a cached answer
        assert behaviour["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST
        assert behaviour["CachePolicyId"] == CACHING_DISABLED


def test_the_api_origin_adds_the_origin_secret(resources, distribution):
    headers = {h["HeaderName"]: h["HeaderValue"] for h in _origin(distribution, "api")["OriginCustomHeaders"]}
    assert resolved(headers[ORIGIN_HEADER]) == "{{resolve:secretsmanager:<Ref OriginSecret>}}"
    assert "OriginCustomHeaders" not in _origin(distribution, "portal")  # the secret never reaches S3


def _run_viewer_function(events: list[dict]) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (make test needs it for the portal)")
    code = load_template()["Resources"]["ViewerRequestFunction"]["Properties"]["FunctionCode"]
    script = "const handler = new Function(process.argv[1] + '\\nreturn handler;')();" \
             "console.log(JSON.stringify(JSON.parse(process.argv[2]).map(handler)));"
    run = subprocess.run([node, "-e", script, code, json.dumps(events)], capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def _event(uri: str, headers: dict[str, str]) -> dict:
    return {"viewer": {"ip": "190.24.8.77"},
            "request": {"method": "POST", "uri": uri, "headers": {k: {"value": v} for k, v in headers.items()}}}


def test_the_viewer_function_overwrites_a_typed_viewer_address():
    spoofed, plain, portal, root = _run_viewer_function([
        _event("/sesion", {VIEWER_HEADER: "203.0.113.5", "x-forwarded-for": "203.0.113.5", "accept": "*/*"}),
        _event("/pagos", {}),
        _event("/portal/", {}),
        _event("/", {}),
    ])
    assert spoofed["headers"][VIEWER_HEADER] == {"value": "190.24.8.77"}
    assert spoofed["headers"]["accept"] == {"value": "*/*"} and spoofed["uri"] == "/sesion"
    assert plain["headers"][VIEWER_HEADER] == {"value": "190.24.8.77"}
    assert portal["uri"] == "/portal/index.html"
    assert (root["statusCode"], root["headers"]["location"]["value"]) == (302, "/portal/")


def _acl(resources) -> dict[str, Any]:
    return resources["ApiWebAcl"]["Properties"]


def test_waf_blocks_every_request_without_the_origin_secret_first(resources):
    rules = sorted(_acl(resources)["Rules"], key=lambda r: r["Priority"])
    first = rules[0]
    assert first["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 403
    accepted = first["Statement"]["NotStatement"]["Statement"]["OrStatement"]["Statements"]
    checks = [s["ByteMatchStatement"] for s in accepted]
    assert all(c["FieldToMatch"] == {"SingleHeader": {"Name": ORIGIN_HEADER}} and c["PositionalConstraint"] == "EXACTLY"
               and c["TextTransformations"] == [{"Priority": 0, "Type": "NONE"}] for c in checks)
    assert {resolved(c["SearchString"]) for c in checks} == {
        "{{resolve:secretsmanager:<Ref OriginSecret>}}", "{{resolve:secretsmanager:<Ref OriginSecretPrevious>}}"}
    association = resources["ApiWebAclAssociation"]["Properties"]
    assert association["WebACLArn"] == {"Fn::GetAtt": ["ApiWebAcl", "Arn"]}
    assert resolved(association["ResourceArn"]).endswith("/restapis/<Ref RestAPI>/stages/v1")


def test_the_secrets_waf_checks_are_the_ones_the_api_reads(resources):
    """ORIGIN_SECRET / ORIGIN_SECRET_PREVIOUS (what chalicelib/security/origin.py compares) name those secrets."""
    variables = packaged_template()["Globals"]["Function"]["Environment"]["Variables"]
    for variable, secret in (("ORIGIN_SECRET", "OriginSecret"), ("ORIGIN_SECRET_PREVIOUS", "OriginSecretPrevious")):
        assert resolved(variables[variable]) == resolved(resources[secret]["Properties"]["Name"])
    readable = [s["Resource"] for s in resources["ApiHandlerRole"]["Properties"]["Policies"][0]["PolicyDocument"][
        "Statement"] if s["Sid"] == "OriginSecrets"]
    assert readable == [[{"Ref": "OriginSecret"}, {"Ref": "OriginSecretPrevious"}]]


def test_rate_rules_count_the_viewer_address_and_nothing_relies_on_the_edge_address(resources):
    rules = _acl(resources)["Rules"]
    rates = [r["Statement"]["RateBasedStatement"] for r in rules if "RateBasedStatement" in r["Statement"]]
    assert len(rates) == 2
    for rate in rates:
        assert rate["AggregateKeyType"] == "FORWARDED_IP"
        assert rate["ForwardedIPConfig"]["HeaderName"] == VIEWER_HEADER
    text = json.dumps(rules)
    assert "AWSManagedRulesAmazonIpReputationList" not in text and "IPSetReferenceStatement" not in text


def test_a_rotation_makes_both_cloudfront_and_waf_read_the_secrets_again(resources):
    """CloudFormation re-reads a dynamic reference only when the resource holding it changes."""
    for holder in (resources["ApiWebAcl"]["Properties"], resources["PortalDistribution"]["Properties"]):
        assert "${OriginSecretRotation}" in json.dumps(holder)
    # and WAF knows the new value before the first edge sends it
    assert "ApiWebAcl" in resources["PortalDistribution"]["DependsOn"]


def test_the_function_stamps_the_header_the_app_reads(resources):
    code = resources["ViewerRequestFunction"]["Properties"]["FunctionCode"]
    assert f"request.headers['{VIEWER_HEADER}'] = {{value: event.viewer.ip}}" in code


def _byte_match(statement: dict, path: str) -> bool:
    text = path.lower() if statement["TextTransformations"] == [{"Priority": 0, "Type": "LOWERCASE"}] else path
    search, where = statement["SearchString"], statement["PositionalConstraint"]
    return {"ENDS_WITH": text.endswith, "STARTS_WITH": text.startswith, "EXACTLY": text.__eq__,
            "CONTAINS": text.__contains__}[where](search)


def test_every_route_open_without_a_session_that_takes_a_body_is_under_the_sign_in_rate(resources):
    """Login, unlock, registration, recovery: what a stranger can repeat gets the tighter per-viewer limit."""
    from app import app

    rule = next(r for r in _acl(resources)["Rules"] if r["Name"] == "sign-in-rate")
    scope = [s["ByteMatchStatement"] for s in
             rule["Statement"]["RateBasedStatement"]["ScopeDownStatement"]["OrStatement"]["Statements"]]
    stage = resources["RestAPI"]["Properties"]["StageName"]
    open_posts = [path for path, methods in app.routes.items() for method, entry in methods.items()
                  if method != "GET" and entry.view_function.route_doc.access is None]
    assert len(open_posts) >= 7
    for path in open_posts:  # WAF on the stage sees the path with the stage in front
        assert any(_byte_match(s, f"/{stage}{path}") for s in scope), path
    assert not any(_byte_match(s, f"/{stage}/pagos") for s in scope)


def test_the_stack_tells_the_address_that_works():
    """execute-api (chalice's EndpointURL output) refuses direct callers: the stack names the distribution."""
    output = packaged_template()["Outputs"]["PortalURL"]["Value"]
    assert resolved(output) == "https://<Ref PortalDistribution.DomainName>/portal/"


def test_waf_answers_in_the_apis_error_contract(resources):
    """What WAF itself answers reaches the portal like any API error: {code, message} in Spanish."""
    acl = _acl(resources)
    bodies = acl["CustomResponseBodies"]
    for body in bodies.values():
        assert body["ContentType"] == "APPLICATION_JSON"
        assert set(json.loads(body["Content"])) == {"code", "message"}
    for rule in acl["Rules"]:
        if "Action" in rule:  # the rules of this template (managed groups keep their own)
            answer = rule["Action"]["Block"]["CustomResponse"]
            assert answer["CustomResponseBodyKey"] in bodies
            headers = {h["Name"]: h["Value"] for h in answer["ResponseHeaders"]}
            assert {k: headers.get(k) for k in SECURITY_HEADERS} == SECURITY_HEADERS, rule["Name"]
            if "RateBasedStatement" in rule["Statement"]:
                assert answer["ResponseCode"] == 429 and headers["Retry-After"] == "300"

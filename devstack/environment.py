"""Environment of a stage running on the embedded AWS (moto): the same variables a deployed stage has."""

from __future__ import annotations

from devstack.provision import ACCOUNT_ID, load_template, resolve

REGION = "us-east-1"


def stage_environment(stage: str, endpoint_url: str | None = None) -> dict[str, str]:
    params = {name: str(p.get("Default", "")) for name, p in load_template()["Parameters"].items()}
    params.update({"Stage": stage, "AWS::Region": REGION, "AWS::AccountId": ACCOUNT_ID})
    resources = load_template()["Resources"]
    env = {
        "STAGE": stage,
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",  # noqa: S105 (moto's dummy credentials)
        "AWS_SESSION_TOKEN": "testing",
        "TABLE_PREFIX": f"oficina-virtual-{stage}-",
        "DATA_BUCKET": resolve(resources["DataBucket"]["Properties"]["BucketName"], params),
        "TOKEN_KEY_SECRET": resolve(resources["TokenSigningKey"]["Properties"]["Name"], params),
        "MAIL_SENDER": resolve(resources["SenderIdentity"]["Properties"]["EmailIdentity"], params),
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "OficinaVirtual",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }
    if endpoint_url:
        env["AWS_ENDPOINT_URL"] = endpoint_url
    return env

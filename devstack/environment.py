"""Environment of a stage running on the embedded AWS (moto): the same variables a deployed stage has."""

from __future__ import annotations

from devstack.provision import load_template, resolve, template_params

REGION = "us-east-1"


def stage_environment(stage: str, endpoint_url: str | None = None, portal_url: str | None = None) -> dict[str, str]:
    """The functions' variables exactly as infra/resources.yml gives them (Globals), resolved for `stage`."""
    params = template_params(stage, REGION)
    if portal_url:
        params["PortalUrl"] = portal_url
    variables = load_template()["Globals"]["Function"]["Environment"]["Variables"]
    env = {name: str(resolve(value, params)) for name, value in variables.items()}
    env.update({
        "SLOT_POLL_SECONDS": "1",
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",  # noqa: S105 (moto's dummy credentials)
        "AWS_SESSION_TOKEN": "testing",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "OficinaVirtual",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    })
    if endpoint_url:
        env["AWS_ENDPOINT_URL"] = endpoint_url
    return env

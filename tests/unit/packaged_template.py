"""The prod template as `make package` builds it (`chalice package --merge-template infra/resources.yml`),
without the dependency layer's pip install: built once per test process (about 8 s, 2 CPUs shared)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from devstack.provision import ROOT, read_template


@cache
def packaged_template() -> dict[str, Any]:
    out = Path(tempfile.mkdtemp(prefix="package-"))
    try:
        chalice = Path(sys.executable).with_name("chalice")
        subprocess.run([str(chalice), "package", "--stage", "prod", "--merge-template", "infra/resources.yml",
                        str(out)], cwd=ROOT, check=True, capture_output=True,
                       env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1"})
        return normalized(read_template(out / "sam.yaml"))
    finally:
        shutil.rmtree(out, ignore_errors=True)


def normalized(value):
    """!GetAtt A.B and {"Fn::GetAtt": [A, B]} alike (the merge template's short form, chalice's long form)."""
    if isinstance(value, dict):
        if isinstance(value.get("Fn::GetAtt"), str):
            return {"Fn::GetAtt": value["Fn::GetAtt"].split(".", 1)}
        return {k: normalized(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


def resolved(value: Any) -> str:
    """A !Sub or !Ref of the packaged template as deployed with its defaults: parameters, the pseudo parameters
    and SAM's `<Api>.Stage` (the stage chalice writes into the API); any other reference stays visible as
    <Ref X>, so a name built from it is still compared as written."""
    if isinstance(value, str):
        return value
    template = packaged_template()
    known = {**{name: str(p.get("Default", "")) for name, p in template["Parameters"].items()},
             "AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws",
             "AWS::URLSuffix": "amazonaws.com",
             **{f"{name}.Stage": r["Properties"]["StageName"] for name, r in template["Resources"].items()
                if r["Type"] == "AWS::Serverless::Api"}}
    if "Ref" in value:
        return known.get(value["Ref"], f"<Ref {value['Ref']}>")
    text = value["Fn::Sub"]
    if isinstance(text, list):  # [text, {name: value}]: chalice's long form
        text, extra = text
        known.update({name: resolved(v) for name, v in extra.items() if "Fn::GetAtt" not in v})
    return re.sub(r"\$\{([\w:.]+)\}", lambda m: known.get(m.group(1), f"<Ref {m.group(1)}>"), text)

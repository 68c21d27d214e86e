"""The prod template as `make package` builds it (`chalice package --merge-template infra/resources.yml`),
without the dependency layer's pip install: built once per test process (about 8 s, 2 CPUs shared)."""

from __future__ import annotations

import os
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

"""Print the app's OpenAPI document (the one `GET /openapi.json` serves), for the web build's generated types."""

from __future__ import annotations

import json
import os
import sys

from devstack.environment import stage_environment


def main() -> None:
    os.environ.update(stage_environment("local"))  # importing the app reads the stage's settings, touches no AWS
    from app import app
    from chalicelib.api.openapi import build_openapi

    json.dump(build_openapi(app), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

"""A capability's PynamoDB models are imported only by its repository (issue 21): one owner per table."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "chalicelib"

def _capability_of_models(node: ast.AST) -> list[str]:
    """Capabilities whose `models` module this import statement reaches."""
    found = []
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        parts = node.module.split(".")
        if parts[0] == "chalicelib" and len(parts) == 3 and parts[2] == "models":
            found.append(parts[1])
        elif parts[0] == "chalicelib" and len(parts) == 2:
            found += [parts[1] for alias in node.names if alias.name == "models"]
    elif isinstance(node, ast.Import):
        for alias in node.names:
            parts = alias.name.split(".")
            if parts[0] == "chalicelib" and len(parts) == 3 and parts[2] == "models":
                found.append(parts[1])
    return found


def _imports_of_models() -> set[tuple[str, str]]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        module = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            found.update((module, capability) for capability in _capability_of_models(node))
    return found


def _owned(module: str, capability: str) -> bool:
    return module in (f"{capability}/repository.py", f"{capability}/models.py", "common/db.py")


def test_only_the_owner_repository_imports_a_capabilitys_models():
    strays = {pair for pair in _imports_of_models() if not _owned(*pair)}
    assert strays == set(), "import the capability's repository instead of its models"


def test_the_walk_sees_an_import_of_models():
    tree = ast.parse("from chalicelib.eps.models import Invoice\nfrom chalicelib.glosas import models\n"
                     "import chalicelib.payments.models\n")
    assert [c for node in ast.walk(tree) for c in _capability_of_models(node)] == ["eps", "glosas", "payments"]

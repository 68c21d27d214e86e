"""A capability's PynamoDB models are imported only by its repository (issue 21): one owner per table.

Reaching a record through the repository counts too: a repository that re-exports its models (or a module that
imports a record from one) fails, so services hold the repository's plain values and never a saveable record.
"""

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


# -- records re-exported: `from chalicelib.accounts.repository import PersonRecord` reaches the model all the same

def _is_models(module: str) -> bool:
    """`x/models.py` or `x/<part>_models.py`: a capability's PynamoDB declarations."""
    name = module.rpartition("/")[2]
    return name == "models.py" or name.endswith("_models.py")


def _may_hold_records(module: str, capability: str) -> bool:
    """The capability's models and repositories (`repository.py`, `<part>_repository.py`)."""
    folder, _, name = module.rpartition("/")
    return folder == capability and (_is_models(module) or name == "repository.py" or name.endswith("_repository.py"))


def _dotted(module: str) -> str:
    return "chalicelib." + module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def _records_bound(trees: dict[str, ast.Module]) -> dict[str, dict[str, str]]:
    """Dotted module → {name bound there: capability} for every model class it defines or imports from a models
    module: what `from <module> import <name>` would hand over as a record."""
    bound: dict[str, dict[str, str]] = {_dotted(module): {} for module in trees}
    for module, tree in trees.items():
        if _is_models(module):
            capability = module.partition("/")[0]
            bound[_dotted(module)] = {n.name: capability for n in tree.body if isinstance(n, ast.ClassDef)}
    defined = {name: dict(names) for name, names in bound.items()}
    for module, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in defined:
                bound[_dotted(module)].update({alias.asname or alias.name: defined[node.module][alias.name]
                                               for alias in node.names if alias.name in defined[node.module]})
    return bound


def _records_reached(module: str, tree: ast.Module, bound: dict[str, dict[str, str]]) -> set[tuple[str, str, str]]:
    """(module, capability, record) for each record this module imports, or reads as `<module alias>.<name>`."""
    found, aliases = set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                if alias.name in bound.get(node.module, {}):
                    found.add((module, bound[node.module][alias.name], alias.name))
                if f"{node.module}.{alias.name}" in bound:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            aliases.update({a.asname: a.name for a in node.names if a.asname and a.name in bound})
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            names = bound[aliases[node.value.id]]
            if node.attr in names:
                found.add((module, names[node.attr], node.attr))
    return found


def _trees() -> dict[str, ast.Module]:
    return {path.relative_to(PACKAGE).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
            for path in PACKAGE.rglob("*.py")}


def _stray_records(trees: dict[str, ast.Module]) -> set[tuple[str, str, str]]:
    bound = _records_bound(trees)
    reached = {hit for module, tree in trees.items() for hit in _records_reached(module, tree, bound)}
    return {(module, capability, name) for module, capability, name in reached
            if not _may_hold_records(module, capability) and module != "common/db.py"}


def _exported_records(trees: dict[str, ast.Module]) -> set[tuple[str, str]]:
    """(module, record) for each record a module other than the models lists in its `__all__`."""
    bound = _records_bound(trees)
    return {(module, element.value) for module, tree in trees.items() if not _is_models(module)
            for node in tree.body if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            for element in node.value.elts if element.value in bound[_dotted(module)]}


def test_no_record_is_reached_through_a_repository():
    assert _stray_records(_trees()) == set(), "take the repository's plain values, not its records"


def test_no_repository_exports_a_record():
    assert _exported_records(_trees()) == set()


SHOP = {
    "shop/models.py": "class OrderRecord(Model): ...\nclass ByDay(GlobalSecondaryIndex): ...\n",
    "shop/repository.py": "from chalicelib.shop.models import OrderRecord\n__all__ = ['OrderRecord', 'Order']\n",
    "shop/service.py": "from chalicelib.shop.repository import Order, OrderRecord\n",
    "shop/report.py": "from chalicelib.shop import repository\nrepository.OrderRecord.query('x')\n",
    "shop/values.py": "from chalicelib.shop.repository import Order\nimport chalicelib.shop.repository as r\nr.Order\n",
}


def test_a_record_reexported_by_a_repository_is_seen():
    trees = {module: ast.parse(source) for module, source in SHOP.items()}
    assert _stray_records(trees) == {("shop/service.py", "shop", "OrderRecord"),
                                     ("shop/report.py", "shop", "OrderRecord")}
    assert _exported_records(trees) == {("shop/repository.py", "OrderRecord")}

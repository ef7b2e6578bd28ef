"""The layout stays true: layers point down, no import hides in a function, receivers live in
signals.py, and no module or function grows past what a reader takes in at once.

The layers are import-linter contracts in pyproject.toml ([tool.importlinter]); `make lint`
runs the same contracts with `lint-imports`.
"""

import ast
from pathlib import Path

import grimp
import pytest
from django.conf import settings
from importlinter import api  # noqa: F401 - configures import-linter (its contract types)
from importlinter.application.use_cases import read_user_options
from importlinter.cli import lint_imports
from importlinter.contracts.layers import LayersContract

ROOT = Path(settings.BASE_DIR)
PYPROJECT = ROOT / "pyproject.toml"
# The project's packages, as the contracts name them: one list to keep up to date.
APPS = read_user_options(config_filename=str(PYPROJECT)).session_options["root_packages"]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def python_files(*, tests: bool) -> list[Path]:
    """The project's own modules (migrations aside); with ``tests``, its tests and scripts too."""
    files = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or (not tests and "tests" in parts):
                continue
            files.append(path)
    return files


def test_the_apps_import_only_the_layers_below_them():
    """import-linter's report names each import that points the wrong way."""
    assert lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True) == 0


def test_a_wrong_way_import_breaks_the_contract():
    """The contract is not vacuous: news importing editorial, or portal importing news, fails it."""
    options = read_user_options(config_filename=str(PYPROJECT))
    layers = next(c for c in options.contracts_options if not c.get("containers"))
    contract = LayersContract(
        name=layers["name"], session_options=options.session_options, contract_options=layers
    )
    for importer, imported in [("news.models", "editorial.models"), ("portal.views", "news.models")]:
        graph = grimp.build_graph(*options.session_options["root_packages"], cache_dir=None)
        assert contract.check(graph, verbose=False).kept
        graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="import")
        assert not contract.check(graph, verbose=False).kept, f"{importer} -> {imported}"


def _is_app_ready(function: ast.FunctionDef, parents: dict) -> bool:
    owner = parents.get(function)
    return (
        function.name == "ready"
        and isinstance(owner, ast.ClassDef)
        and any(getattr(base, "attr", getattr(base, "id", "")) == "AppConfig" for base in owner.bases)
    )


def test_no_project_import_hides_inside_a_function():
    """Imports of the project's own modules sit at the top of a module, where a cycle would
    show at once; the one place Django asks for a late import is AppConfig.ready (signals)."""
    found = []
    for path in python_files(tests=False):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if _is_app_ready(function, parents):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom):
                    ours = node.level > 0 or (node.module or "").split(".")[0] in APPS
                elif isinstance(node, ast.Import):
                    ours = any(alias.name.split(".")[0] in APPS for alias in node.names)
                else:
                    continue
                if ours:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} in {function.name}()")
    assert found == []


def _connects_a_signal(node: ast.AST) -> bool:
    """``post_save.connect(…)``, ``signals.user_logged_in.connect(…)``: a call of ``connect``
    on something named like a signal (Django's, django-axes' or ours all end so, or are
    named ``*_signal``); or the ``@receiver`` decorator."""
    if isinstance(node, ast.Name):
        return node.id == "receiver"
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    if node.func.attr != "connect":
        return False
    target = node.func.value
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name.endswith(SIGNAL_ENDINGS) or name.endswith("signal")


SIGNAL_ENDINGS = (
    "_save",
    "_delete",
    "_init",
    "_changed",
    "_migrate",
    "_in",
    "_out",
    "_failed",
    "_locked_out",
    "_started",
    "_finished",
    "_exception",
)


def test_signal_receivers_are_connected_in_each_apps_signals_module():
    found = []
    for path in python_files(tests=False):
        if path.name == "signals.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(tree) if _connects_a_signal(node)
        ]
    assert found == []


@pytest.mark.parametrize("folder", [*APPS, "scripts"])
def test_modules_and_functions_stay_readable(folder):
    """No module over 500 lines, no function over 60 (tests and migrations aside)."""
    paths = python_files(tests=False) if folder != "scripts" else sorted((ROOT / "scripts").glob("*.py"))
    too_long = []
    for path in paths:
        if folder != "scripts" and path.relative_to(ROOT).parts[0] != folder:
            continue
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}(): {length} lines")
    assert too_long == []

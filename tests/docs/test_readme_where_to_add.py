"""README "Where to add a feature" walked against the code (issue 13): every path it names exists
(a `<feature>` path for at least one feature), every name it places in a module is defined
there, and every feature package sits in its layers contract — so the section cannot go stale.
A span this test does not know how to check fails, rather than passing unchecked."""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from speciosa.domain.foundation.reference import PROVENANCE_FIELDS
from tests.docs.readme_sections import REPOSITORY, code_spans, readme_section

SECTION = readme_section("Where to add a feature")
PACKAGE = REPOSITORY / "src" / "speciosa"
ROOTS = (REPOSITORY, PACKAGE)
PYPROJECT = tomllib.loads((REPOSITORY / "pyproject.toml").read_text("utf-8"))
# "`Name` in `path`", "`Name` fixture in `path`", "`Name` (`path`)".
PLACED = re.compile(r"`(?P<name>[A-Za-z_]\w*)`(?:\s+fixture)?(?:\s+in\s+|\s+\()`(?P<path>[^`]+)`")
# Paths the tests write, not files of the repository: where the default is set.
WRITTEN_BY = {"test-artefacts/screenshots": "tests/e2e/screens.py"}
# Paths a branch being merged adds, expected to fail (strictly) until it lands.
ARRIVING: dict[str, str] = {}


def layer_names(container: str) -> set[str]:
    contracts = PYPROJECT["tool"]["importlinter"]["contracts"]
    layers = [c["layers"] for c in contracts if c.get("containers") == [container]]
    assert len(layers) == 1, f"one layers contract for {container}"
    return {name.strip() for layer in layers[0] for name in layer.split("|")}


FEATURES = sorted(layer_names("speciosa.domain"))


def packages(directory: Path) -> set[str]:
    return {p.parent.name for p in directory.glob("*/__init__.py")}


def resolve(span: str) -> list[Path]:
    """The files or folders a README path means, for every feature a `<feature>` stands for."""
    names = [span.replace("<feature>", f) for f in FEATURES] if "<feature>" in span else [span]
    found: list[Path] = []
    for name in names:
        for root in ROOTS:
            found.extend(p for p in root.glob(name.replace("<table>", "*")) if p.exists())
    return [p for p in found if p.is_dir() == span.endswith("/")]


def module_names(path: Path) -> set[str]:
    """Names a module defines at its top level (classes, functions, assignments)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def is_path(span: str) -> bool:
    return "/" in span or bool(re.search(r"\.(py|yaml|md|toml)$", span))


def check_path(span: str) -> None:
    if span in WRITTEN_BY:
        writer = REPOSITORY / WRITTEN_BY[span]
        assert span in writer.read_text("utf-8"), f"`{span}` is not where {writer} writes"
        return
    assert resolve(span), f"`{span}` names nothing in the repository"


def check_placed_name(name: str, where: str) -> None:
    files = [p for p in resolve(where) if p.suffix == ".py"]
    assert files, f"`{where}` (where `{name}` should be) is not a module"
    assert any(name in module_names(f) for f in files), f"`{name}` is not defined in `{where}`"


def check_toml_table(span: str) -> None:
    keys = span.strip("[]").split(".")
    table: object = PYPROJECT
    for key in keys:
        assert isinstance(table, dict), span
        assert key in table, f"pyproject.toml has no {span}"
        table = table[key]


def check_dependency(span: str) -> None:
    project = PYPROJECT["project"]
    declared = [*project["dependencies"]]
    for extra in project.get("optional-dependencies", {}).values():
        declared.extend(extra)
    names = {re.split(r"[^A-Za-z0-9._-]", d, maxsplit=1)[0].lower() for d in declared}
    assert span.lower() in names, f"{span} is not a dependency in pyproject.toml"


def check_environment_variable(span: str) -> None:
    readers = [*(REPOSITORY / "tests").rglob("*.py"), *PACKAGE.rglob("*.py")]
    assert any(f'"{span}"' in p.read_text("utf-8") for p in readers), f"nothing reads {span}"


def check_nothing(span: str) -> None:
    """The `<feature>` placeholder itself, and the row fields, checked on their own below."""


def check_named(span: str) -> None:
    placed = {m["name"]: m["path"] for m in PLACED.finditer(SECTION)}
    assert span in placed, f"`{span}`: say where it is (`{span}` in `path`)"
    check_placed_name(span, placed[span])


# Each kind of span and how it is held to the code, first match wins; an identifier must say
# where it is defined, and anything else fails.
CHECKS: list[tuple[Callable[[str], bool], Callable[[str], None]]] = [
    (lambda s: bool(re.fullmatch(r"<\w+>", s)), check_nothing),
    (lambda s: s in PROVENANCE_FIELDS, check_nothing),
    (lambda s: bool(re.fullmatch(r"\[[\w.]+\]", s)), check_toml_table),
    (lambda s: bool(re.fullmatch(r"SPECIOSA_[A-Z_]+", s)), check_environment_variable),
    (is_path, check_path),
    (lambda s: bool(re.fullmatch(r"[A-Za-z_]\w*", s)), check_named),
    (lambda s: bool(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", s)), check_dependency),
]


def check_span(span: str) -> None:
    for applies, check in CHECKS:
        if applies(span):
            check(span)
            return
    raise AssertionError(f"`{span}`: this test does not know how to check it; teach it")


def cases() -> list[object]:
    spans = list(dict.fromkeys(code_spans(SECTION)))
    assert len(spans) > 20, "the section names too little to walk: has it moved?"
    return [
        pytest.param(
            span,
            id=span,
            marks=[pytest.mark.xfail(strict=True, reason=ARRIVING[span])]
            if span in ARRIVING
            else [],
        )
        for span in spans
    ]


@pytest.mark.parametrize("span", cases())
def test_what_where_to_add_a_feature_names_exists(span: str) -> None:
    check_span(span)


def test_the_row_fields_are_the_ones_start_up_requires() -> None:
    named = [s for s in code_spans(SECTION) if s in {"source", "as_of", *PROVENANCE_FIELDS}]
    assert set(named) == set(PROVENANCE_FIELDS)


@pytest.mark.parametrize("layer", ["domain", "services"])
def test_every_feature_package_sits_in_its_layers_contract(layer: str) -> None:
    assert packages(PACKAGE / layer) == layer_names(f"speciosa.{layer}")


def test_domain_and_services_have_the_same_features() -> None:
    assert packages(PACKAGE / "domain") == packages(PACKAGE / "services") - {"ports", "demo"}

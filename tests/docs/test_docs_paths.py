"""Every file or folder the repository's own docs (`docs/*.md`) name in code spans exists, so a
move (issue 13 moved services/ and domain/ into feature packages) cannot leave them pointing at
nothing. A path is read relative to the repository, the package or the layer it is written in
(`coa/` under adapters/, `foundation/` under services/)."""

from __future__ import annotations

import pytest

from tests.docs.readme_sections import REPOSITORY, code_spans

PACKAGE = REPOSITORY / "src" / "speciosa"
ROOTS = (
    REPOSITORY,
    PACKAGE,
    PACKAGE / "entrypoints",
    PACKAGE / "entrypoints" / "web",
    PACKAGE / "adapters",
    PACKAGE / "services",
    PACKAGE / "domain",
)
# Paths a branch being merged adds, expected to fail (strictly) until it lands.
ARRIVING: dict[str, str] = {}


def is_repository_path(span: str) -> bool:
    """A relative path: not a URL, a web route, a path outside the repository or a command."""
    outside = span.startswith(("/", "../", "~")) or "://" in span
    return "/" in span and " " not in span and not outside


def exists(span: str) -> bool:
    pattern = span.replace("<feature>", "*").replace("<table>", "*")
    return any(any(True for _ in root.glob(pattern)) for root in ROOTS)


def cases() -> list[object]:
    found = [
        (doc.name, span)
        for doc in sorted((REPOSITORY / "docs").glob("*.md"))
        for span in dict.fromkeys(code_spans(doc.read_text("utf-8")))
        if is_repository_path(span)
    ]
    assert len(found) > 30, "the docs name too few paths to walk: have they moved?"
    return [
        pytest.param(
            span,
            id=f"{doc}:{span}",
            marks=[pytest.mark.xfail(strict=True, reason=ARRIVING[span])]
            if span in ARRIVING
            else [],
        )
        for doc, span in found
    ]


@pytest.mark.parametrize("span", cases())
def test_every_path_the_docs_name_exists(span: str) -> None:
    assert exists(span), f"`{span}` names nothing in the repository"


def test_a_missing_path_is_caught() -> None:
    assert not exists("services/foundation/no_such_module.py")
    assert exists("services/foundation/access.py")
    assert not is_repository_path("/me/audit")
    assert not is_repository_path("../shared/coa-corpus")

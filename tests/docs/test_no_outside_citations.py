"""Nothing in the repository cites a file outside it (issue 13): the project's notes beside the
clone (the facts file and the design file under `shared/`) are a starting point, never a source.
Rows, docstrings, comments and docs cite the paper, law or label — or a page in `docs/`.

Tests and benchmarks may still *read* the real-certificate corpus and the seed article beside
the clone as data; those paths are not citations and are not looked for here."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.docs.readme_sections import REPOSITORY

# Built from parts so that this file does not match itself.
NOTES = ("FACTS", "DESIGN")
OUTSIDE_CITATION = re.compile(
    rb"\b(?:" + b"|".join(n.encode() for n in NOTES) + rb")\.md\b|shared/reference/\w",
    re.IGNORECASE,
)
SKIPPED_DIRECTORIES = {".git", ".venv", "__pycache__", ".mypy_cache", ".ruff_cache", "node_modules"}


def repository_files() -> list[Path]:
    """The files git tracks (and new ones it would), or every file when there is no git."""
    git = shutil.which("git")
    if git and (REPOSITORY / ".git").exists():
        listed = subprocess.run(
            [git, "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=REPOSITORY,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
        return [REPOSITORY / name for name in listed.decode("utf-8").split("\0") if name]
    return [
        p
        for p in REPOSITORY.rglob("*")
        if p.is_file() and not SKIPPED_DIRECTORIES & set(p.relative_to(REPOSITORY).parts)
    ]


def citing_lines(path: Path) -> list[str]:
    try:
        content = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):  # deleted but still listed by git
        return []
    return [
        f"{path.relative_to(REPOSITORY)}:{number}"
        for number, line in enumerate(content.splitlines(), start=1)
        if OUTSIDE_CITATION.search(line)
    ]


def test_no_file_cites_notes_outside_the_repository() -> None:
    files = repository_files()
    assert len(files) > 100, "the walk found too few files to mean anything"
    found = [hit for path in files for hit in citing_lines(path)]
    assert not found, f"cite the primary source or a docs/ page instead: {found}"


def test_the_pattern_finds_what_it_forbids() -> None:
    for note in NOTES:
        assert OUTSIDE_CITATION.search(f"(see {note}.md, section 3)".encode())
        assert OUTSIDE_CITATION.search(f"../shared/reference/{note.lower()}.md".encode())
    assert not OUTSIDE_CITATION.search(b"../shared/coa-corpus/lab-1.pdf")
    assert not OUTSIDE_CITATION.search(b"shared/seed/source-article.txt")

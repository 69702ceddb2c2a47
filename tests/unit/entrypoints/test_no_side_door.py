"""No side door to the database (issue 13): pages, API routes and commands read and write only
through services, which check access and leave the audit row.

import-linter forbids entrypoints to import the unit-of-work port or the database adapter
(pyproject.toml); opening a unit of work is a call on whatever hands one out, so it is checked
here, as is the engine."""

from __future__ import annotations

import re
from pathlib import Path

import speciosa.entrypoints

SIDE_DOORS = re.compile(r"\.uow\(|\.engine\b|\bpersons\.get\(|\busers\.get\(")


def side_doors(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if SIDE_DOORS.search(line.split("#", 1)[0]):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_entrypoint_opens_the_database_itself() -> None:
    assert side_doors(Path(speciosa.entrypoints.__file__).parent) == []


def test_the_check_finds_a_side_door(tmp_path: Path) -> None:
    (tmp_path / "page.py").write_text(
        "def page(services):\n    with services.uow(read_only=True) as uow:\n        return 1\n"
    )
    (tmp_path / "fine.py").write_text("def page(services):\n    return services.uows  # .uow(\n")
    assert side_doors(tmp_path) == ["page.py:2: with services.uow(read_only=True) as uow:"]

"""One way to compose features (services/reports/__init__.py): a cross-feature read model asks
each feature's service (its `*_in` query methods), and touches on the unit of work only its own
repositories and foundation's shared ones — never another feature's repository."""

from __future__ import annotations

import re
from pathlib import Path

import speciosa

READ_MODELS = Path(speciosa.__file__).resolve().parent / "services" / "reports"
# The read models' own repositories, foundation's shared ones, and the transaction itself.
ALLOWED = {"reports", "dashboard", "calendar_feeds", "users", "persons", "alerts", "audit"}
ALLOWED |= {"commit"}
UOW_ATTRIBUTE = re.compile(r"\buow\.(\w+)")


def reached_repositories(source: str) -> set[str]:
    return set(UOW_ATTRIBUTE.findall(source))


def test_the_read_models_are_found() -> None:
    names = {p.name for p in READ_MODELS.glob("*.py")}
    assert {"person_report.py", "cohort.py", "data_export.py", "clinical_record.py"} <= names


def test_read_models_reach_no_other_features_repository() -> None:
    reached = {
        path.name: sorted(reached_repositories(path.read_text(encoding="utf-8")) - ALLOWED)
        for path in sorted(READ_MODELS.glob("*.py"))
    }
    assert {name: found for name, found in reached.items() if found} == {}


def test_the_check_sees_a_reach_into_a_feature() -> None:
    source = "rows = uow.checkins.page(person_id, 10)\nuow.reports.notes_for(person_id)\n"
    assert reached_repositories(source) - ALLOWED == {"checkins"}

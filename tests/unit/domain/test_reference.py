from __future__ import annotations

from datetime import date

import pytest

from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.foundation.reference import (
    ReferenceTable,
    check_table,
    is_stale,
    summarise_table,
)


def table(*rows: dict[str, object], interval: int = 90) -> ReferenceTable:
    return ReferenceTable("t", 1, interval, "", tuple(rows))


def test_rows_with_source_and_as_of_pass() -> None:
    check_table(table({"x": 1, "source": "Paper 2020", "as_of": date(2026, 1, 1)}))


@pytest.mark.parametrize(
    "row",
    [
        {"x": 1, "as_of": "2026-01-01"},
        {"x": 1, "source": "", "as_of": "2026-01-01"},
        {"x": 1, "source": "Paper"},
        {"x": 1, "source": "Paper", "as_of": "last year"},
    ],
)
def test_a_row_without_provenance_fails(row: dict[str, object]) -> None:
    with pytest.raises(ReferenceDataError, match="t row 1"):
        check_table(table(row))


def test_status_reports_oldest_and_overdue() -> None:
    t = table({"source": "a", "as_of": "2026-01-01"}, {"source": "b", "as_of": "2026-03-01"})
    status = summarise_table(t, date(2026, 4, 5))
    assert status.row_count == 2
    assert status.oldest_as_of == date(2026, 1, 1)
    assert status.overdue
    assert status.warning is not None
    assert "review" in status.warning
    assert not summarise_table(t, date(2026, 3, 31)).overdue


def test_staleness_boundary() -> None:
    assert not is_stale(date(2026, 1, 1), 90, date(2026, 4, 1))  # exactly 90 days
    assert is_stale(date(2026, 1, 1), 90, date(2026, 4, 2))

"""The research cohort's rows: a keyed pseudonym that is never the internal id, days since the
programme start instead of dates, and doses of the 24 hours before each check-in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speciosa.domain.reports.cohort import (
    COHORT_COLUMNS,
    PSEUDONYM_HEX_LENGTH,
    CohortCheckIn,
    cohort_rows,
    pseudonymous_key,
)
from speciosa.domain.reports.dosing import DoseKind, ReportDose
from speciosa.domain.withdrawal.checkins import ScoredCheckIn

SECRET = bytes(range(32))
PERSON = "7d3c1a52-5a3e-4a7c-9e0e-5b5f3f6d1c11"


def test_key_is_stable_keyed_and_not_the_id() -> None:
    key = pseudonymous_key(SECRET, PERSON)
    assert key == pseudonymous_key(SECRET, PERSON)
    assert len(key) == PSEUDONYM_HEX_LENGTH
    assert PERSON not in key
    assert key not in PERSON
    assert key != pseudonymous_key(bytes(32), PERSON)  # another secret, another key


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        pseudonymous_key(b"short", PERSON)


@settings(max_examples=50, deadline=None)
@given(st.uuids(), st.uuids())
def test_different_persons_get_different_keys(a: object, b: object) -> None:
    if a != b:
        assert pseudonymous_key(SECRET, str(a)) != pseudonymous_key(SECRET, str(b))


def checkin(day: int, hour: int, total: int) -> CohortCheckIn:
    at = datetime(2026, 11, 1, hour, tzinfo=UTC) + timedelta(days=day)
    return CohortCheckIn(
        ScoredCheckIn(f"c{day}{hour}", PERSON, "sows", total, "mild", at), 64, "person"
    )


def dose(hours_before_day2_0900: int, grams: float, mg: float | None = None) -> ReportDose:
    at = datetime(2026, 11, 3, 9, tzinfo=UTC) - timedelta(hours=hours_before_day2_0900)
    return ReportDose(
        f"d{hours_before_day2_0900}", at, DoseKind.KRATOM, "leaf", grams, "g", grams, mg
    )


def test_rows_count_days_from_the_programme_start_in_local_time() -> None:
    tz = ZoneInfo("America/Los_Angeles")  # 01:00 UTC on 2 Nov is still 1 Nov there
    rows = cohort_rows(
        "k", date(2026, 11, 1), tz, [checkin(1, 1, 10), checkin(0, 12, 9)], None, ["kratom"]
    )
    assert [(r.checkin_seq, r.day, r.total) for r in rows] == [(1, 0, 9), (2, 0, 10)]
    assert rows[0].doses_24h is None
    assert rows[0].kratom_grams_24h is None
    assert rows[0].opioids == "kratom"
    assert len(rows[0].values()) == len(COHORT_COLUMNS)


def test_doses_of_the_24_hours_before_the_checkin_are_summed() -> None:
    doses = [dose(2, 3.0, 30.0), dose(20, 2.5, 25.0), dose(30, 4.0)]  # the last is too early
    (row,) = cohort_rows("k", date(2026, 11, 1), UTC, [checkin(2, 9, 12)], doses, [])
    assert (row.doses_24h, row.kratom_grams_24h, row.mitragynine_mg_24h) == (2, 5.5, 55.0)


def test_no_doses_logged_is_zero_not_unknown() -> None:
    (row,) = cohort_rows("k", date(2026, 11, 1), UTC, [checkin(2, 9, 12)], [], [])
    assert (row.doses_24h, row.kratom_grams_24h, row.mitragynine_mg_24h) == (0, 0.0, None)


def _naive_window_sums(
    doses: list[ReportDose], before: datetime
) -> tuple[int, float | None, float | None]:
    """The plain filter the bisected window replaced (issue 17): every dose of the 24 h up to
    and including the check-in."""
    window = [d for d in doses if before - timedelta(hours=24) <= d.taken_at <= before]
    kratom = [d for d in window if d.kind is DoseKind.KRATOM]
    grams = [d.grams for d in kratom if d.grams is not None]
    mg = [d.mitragynine_mg for d in kratom if d.mitragynine_mg is not None]
    return (
        len(window),
        round(sum(grams), 3) if grams else (0.0 if not kratom else None),
        round(sum(mg), 3) if mg else None,
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 24 * 6), max_size=12),
    st.lists(st.tuples(st.integers(-24, 24 * 6), st.floats(0.5, 10), st.booleans()), max_size=25),
)
def test_bisected_dose_window_equals_the_plain_filter(
    checkin_hours: list[int], dose_specs: list[tuple[int, float, bool]]
) -> None:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    doses = sorted(
        (
            ReportDose(
                f"d{n}",
                start + timedelta(hours=h),
                DoseKind.KRATOM,
                "leaf",
                g,
                "g",
                g,
                g * 15 if with_mg else None,
            )
            for n, (h, g, with_mg) in enumerate(dose_specs)
        ),
        key=lambda d: d.taken_at,
    )
    checkins = [
        CohortCheckIn(
            ScoredCheckIn(f"c{n}", PERSON, "sows", 5, "mild", start + timedelta(hours=h)),
            64,
            "person",
        )
        for n, h in enumerate(checkin_hours)
    ]
    rows = cohort_rows("k", date(2026, 11, 1), UTC, checkins, doses, [])
    ordered = sorted(checkins, key=lambda c: (c.checkin.taken_at, c.checkin.id))
    for row, item in zip(rows, ordered, strict=True):
        expected = _naive_window_sums(doses, item.checkin.taken_at)
        assert (row.doses_24h, row.kratom_grams_24h, row.mitragynine_mg_24h) == expected

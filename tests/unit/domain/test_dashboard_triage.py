"""The dashboard's order: the shared triage rank of each person's open alerts (red flags first,
missed check-ins last, nothing open after that), newest first within a rank, with a reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speciosa.domain.foundation.alerts import TRIAGE_RANK, AlertKind
from speciosa.domain.reports.dashboard import (
    NOTHING_OPEN_RANK,
    CaseloadEntry,
    OpenAlert,
    triage_caseload,
)

T0 = datetime(2026, 11, 25, 12, tzinfo=UTC)


def entry(person: str, last: datetime | None = T0) -> CaseloadEntry:
    return CaseloadEntry(person, person.title(), "UTC", False, T0 - timedelta(days=30), last)


def alert(person: str, kind: AlertKind, hours_ago: int = 1, title: str = "") -> OpenAlert:
    return OpenAlert(
        f"{person}-{kind.value}-{hours_ago}",
        person,
        kind,
        title or kind.value,
        T0 - timedelta(hours=hours_ago),
    )


def test_order_follows_the_issue_red_flags_first_missed_checkins_last() -> None:
    kinds = [
        ("missed", AlertKind.MISSED_CHECKIN),
        ("skin", AlertKind.DARKENING),
        ("coa", AlertKind.COA_FAILED),
        ("interaction", AlertKind.INTERACTION),
        ("hold", AlertKind.TAPER_HOLD),
        ("severe", AlertKind.WITHDRAWAL_SEVERE),
        ("flag", AlertKind.RED_FLAG),
    ]
    entries = [entry(p) for p, _ in kinds] + [entry("calm")]
    alerts = [alert(p, k) for p, k in kinds]
    order = [t.person_id for t in triage_caseload(entries, alerts)]
    assert order == ["flag", "severe", "hold", "interaction", "coa", "skin", "missed", "calm"]


def test_an_acknowledged_red_flag_does_not_count_only_open_alerts_are_given() -> None:
    triaged = triage_caseload([entry("a"), entry("b")], [alert("b", AlertKind.MISSED_CHECKIN)])
    assert [t.person_id for t in triaged] == ["b", "a"]
    assert triaged[1].rank == NOTHING_OPEN_RANK
    assert triaged[1].reason == "No open alerts."


def test_reason_names_the_most_urgent_alert_and_counts_the_rest() -> None:
    alerts = [
        alert("a", AlertKind.MISSED_CHECKIN, 1),
        alert("a", AlertKind.WITHDRAWAL_RISING, 5, "SOWS up 9 points in 2 days"),
        alert("a", AlertKind.DARKENING, 2),
    ]
    (person,) = triage_caseload([entry("a")], alerts)
    assert person.rank == TRIAGE_RANK[AlertKind.WITHDRAWAL_RISING]
    assert person.reason == "Rising withdrawal: SOWS up 9 points in 2 days (+2 more open alerts)"
    assert [a.kind for a in person.alerts] == [
        AlertKind.WITHDRAWAL_RISING,
        AlertKind.DARKENING,
        AlertKind.MISSED_CHECKIN,
    ]


def test_within_a_rank_the_newest_alert_comes_first() -> None:
    alerts = [alert("old", AlertKind.INTERACTION, 30), alert("new", AlertKind.INTERACTION, 2)]
    order = [t.person_id for t in triage_caseload([entry("old"), entry("new")], alerts)]
    assert order == ["new", "old"]


def test_a_person_without_check_ins_says_so() -> None:
    (person,) = triage_caseload([entry("a", last=None)], [])
    assert person.reason == "No open alerts; no check-ins yet."


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 9), st.sampled_from(list(AlertKind)), st.integers(0, 500)),
        max_size=30,
    )
)
def test_ranks_never_decrease_down_the_list(raw: list[tuple[int, AlertKind, int]]) -> None:
    entries = [entry(f"p{i}") for i in range(10)]
    alerts = [alert(f"p{p}", kind, hours) for p, kind, hours in raw]
    triaged = triage_caseload(entries, alerts)
    ranks = [t.rank for t in triaged]
    assert ranks == sorted(ranks)
    assert len(triaged) == len(entries)
    for person in triaged:
        expected = min(
            (TRIAGE_RANK[k] for p, k, _ in raw if f"p{p}" == person.person_id),
            default=NOTHING_OPEN_RANK,
        )
        assert person.rank == expected


@pytest.mark.parametrize("kind", list(AlertKind))
def test_every_alert_kind_has_a_rank_above_nothing_open(kind: AlertKind) -> None:
    (person,) = triage_caseload([entry("a")], [alert("a", kind)])
    assert person.rank < NOTHING_OPEN_RANK

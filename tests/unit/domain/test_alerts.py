from __future__ import annotations

from datetime import UTC, datetime, timedelta

from speciosa.domain.foundation.alerts import TRIAGE_RANK, Alert, AlertKind, triage_order

T = datetime(2026, 1, 1, tzinfo=UTC)


def alert(kind: AlertKind, minutes: int = 0, acknowledged: bool = False) -> Alert:
    at = T + timedelta(minutes=minutes)
    return Alert(
        id=f"{kind}-{minutes}",
        person_id="p",
        kind=kind,
        title="t",
        explanation="e",
        facts={},
        raised_at=at,
        dedupe_key=f"{kind}-{minutes}",
        acknowledged_at=at if acknowledged else None,
    )


def test_every_kind_has_a_rank() -> None:
    assert set(TRIAGE_RANK) == set(AlertKind)


def test_red_flags_first_missed_checkins_last_acknowledged_after_open() -> None:
    ordered = triage_order(
        [
            alert(AlertKind.MISSED_CHECKIN),
            alert(AlertKind.RED_FLAG, acknowledged=True),
            alert(AlertKind.COA_FAILED),
            alert(AlertKind.RED_FLAG, 5),
            alert(AlertKind.WITHDRAWAL_SEVERE),
        ]
    )
    assert [a.kind for a in ordered] == [
        AlertKind.RED_FLAG,
        AlertKind.WITHDRAWAL_SEVERE,
        AlertKind.COA_FAILED,
        AlertKind.MISSED_CHECKIN,
        AlertKind.RED_FLAG,
    ]
    assert not ordered[-1].open


def test_newest_first_within_a_rank() -> None:
    ordered = triage_order([alert(AlertKind.DARKENING, 1), alert(AlertKind.DARKENING, 9)])
    assert [a.raised_at.minute for a in ordered] == [9, 1]

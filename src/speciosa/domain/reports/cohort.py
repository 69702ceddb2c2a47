"""The research cohort export: one row per check-in, pseudonymous and without dates.

A person is represented by a keyed hash (HMAC-SHA-256) of their internal id under a secret key
that stays on the server: the same person gets the same key in every export from one
installation (so rows can be linked), the key cannot be reversed or recomputed without the
secret, and the internal id never appears. Time is counted in days since the person's programme
start; names, e-mails, free text and calendar dates are never part of a row.
"""

from __future__ import annotations

import hashlib
import hmac
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from speciosa.domain.reports.dosing import DoseKind, ReportDose
from speciosa.domain.withdrawal.checkins import ScoredCheckIn

PSEUDONYM_HEX_LENGTH = 24  # 96 bits: collisions are negligible for any clinic's cohort
MIN_SECRET_BYTES = 32
DOSE_WINDOW = timedelta(hours=24)

COHORT_COLUMNS: tuple[str, ...] = (
    "person_key",
    "checkin_seq",
    "day",
    "instrument",
    "rater",
    "total",
    "max_total",
    "band",
    "opioids",
    "doses_24h",
    "kratom_grams_24h",
    "mitragynine_mg_24h",
)


def pseudonymous_key(secret: bytes, person_id: str) -> str:
    """The person's key in research exports; never the internal id, not reversible."""
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"the pseudonym secret must have at least {MIN_SECRET_BYTES} bytes")
    digest = hmac.new(secret, person_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_HEX_LENGTH]


@dataclass(frozen=True)
class CohortRow:
    person_key: str
    checkin_seq: int  # 1 = the person's first check-in in the export
    day: int  # days since the person's programme start (local calendar days)
    instrument: str
    rater: str  # person | clinician
    total: int
    max_total: int
    band: str | None
    opioids: str  # what the person is stopping, e.g. "fentanyl+kratom"; "" when unknown
    doses_24h: int | None  # None: no dose journal data available
    kratom_grams_24h: float | None
    mitragynine_mg_24h: float | None

    def values(self) -> tuple[object, ...]:
        return tuple(getattr(self, column) for column in COHORT_COLUMNS)


@dataclass(frozen=True)
class CohortCheckIn:
    checkin: ScoredCheckIn
    max_total: int
    rater: str


def _dose_sums(
    doses: Sequence[ReportDose], times: Sequence[datetime], before: datetime
) -> tuple[int, float | None, float | None]:
    """Sums over the doses of the 24 h up to `before`; `doses` sorted by time, `times` theirs.
    Bisecting keeps a year of daily check-ins and doses O(n log n), not O(n²), per person."""
    window = doses[bisect_left(times, before - DOSE_WINDOW) : bisect_right(times, before)]
    kratom = [d for d in window if d.kind is DoseKind.KRATOM]
    grams = [d.grams for d in kratom if d.grams is not None]
    mg = [d.mitragynine_mg for d in kratom if d.mitragynine_mg is not None]
    return (
        len(window),
        round(sum(grams), 3) if grams else (0.0 if not kratom else None),
        round(sum(mg), 3) if mg else None,
    )


def cohort_rows(
    person_key: str,
    programme_start: date,
    tz: tzinfo,
    checkins: Sequence[CohortCheckIn],
    doses: Sequence[ReportDose] | None,
    opioids: Sequence[str],
) -> list[CohortRow]:
    """One row per check-in, oldest first. `doses` None = no dose journal to draw on."""
    rows = []
    ordered = sorted(checkins, key=lambda c: (c.checkin.taken_at, c.checkin.id))
    by_time = sorted(doses or (), key=lambda d: d.taken_at)  # stable: keeps the journal's order
    times = [d.taken_at for d in by_time]
    for seq, item in enumerate(ordered, start=1):
        c = item.checkin
        if doses is None:
            count, grams, mg = None, None, None
        else:
            count, grams, mg = _dose_sums(by_time, times, c.taken_at)
        rows.append(
            CohortRow(
                person_key=person_key,
                checkin_seq=seq,
                day=(c.taken_at.astimezone(tz).date() - programme_start).days,
                instrument=c.instrument,
                rater=item.rater,
                total=c.total,
                max_total=item.max_total,
                band=c.band,
                opioids="+".join(sorted(opioids)),
                doses_24h=count,
                kratom_grams_24h=grams,
                mitragynine_mg_24h=mg,
            )
        )
    return rows

"""Progress at a glance, the first table of a report: where each withdrawal score and the daily
kratom amount started in the period and where they are now, in one line each.

Pure: computed from the report model, so the web page and the PDF show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from speciosa.domain.reports.dosing import daily_doses
from speciosa.domain.reports.period import PersonReport

# Days averaged at each end of the period for the kratom amount (a single day is too noisy).
DOSE_WEEK = 7


@dataclass(frozen=True)
class ProgressRow:
    what: str
    start: str  # the first value, with its date
    now: str  # the latest value, with its date
    change: str  # "down 12 of 64", "up 1.5 g/day", "no change"
    better: bool | None  # True when lower (easing or tapering); None when nothing to compare


def _direction(delta: float, unit: str) -> tuple[str, bool | None]:
    if abs(delta) < 1e-9:
        return "no change", None
    word = "down" if delta < 0 else "up"
    return f"{word} {abs(delta):g}{unit}", delta < 0


def progress_rows(report: PersonReport) -> list[ProgressRow]:
    rows = []
    for trend in report.trends:
        first, latest = trend.first, trend.latest
        if first is None or latest is None:
            continue
        change, better = _direction(latest.total - first.total, f" of {trend.max_total}")
        if first is latest:
            change, better = "one day only", None
        rows.append(
            ProgressRow(
                f"{trend.instrument.upper()} (daily highest)",
                f"{first.total} on {first.day:%d %b}",
                f"{latest.total} on {latest.day:%d %b}",
                change,
                better,
            )
        )
    grams = [d for d in daily_doses(report.dosing.doses, report.tz) if d.kratom_grams is not None]
    if grams:
        head, tail = grams[:DOSE_WEEK], grams[-DOSE_WEEK:]
        before = round(fmean(d.kratom_grams or 0.0 for d in head), 1)
        after = round(fmean(d.kratom_grams or 0.0 for d in tail), 1)
        change, better = _direction(round(after - before, 1), " g/day")
        if len(grams) <= DOSE_WEEK:
            change, better = "under two weeks logged", None
        rows.append(
            ProgressRow(
                "Kratom per day (mean of logged days)",
                f"{before:g} g ({head[0].day:%d %b}–{head[-1].day:%d %b})",
                f"{after:g} g ({tail[0].day:%d %b}–{tail[-1].day:%d %b})",
                change,
                better,
            )
        )
    return rows

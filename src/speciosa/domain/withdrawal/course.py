"""The expected course of withdrawal after last use, from the sourced `withdrawal_course` table.

Windows are in hours since last use; "day N" counts from the last use (day 1 = its first 24
hours). A person may be stopping several things at once: their expected course is the envelope of
each one's windows. A class without a sourced peak shows no peak.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from speciosa.domain.foundation.errors import InvalidInput, ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable

HOURS_PER_DAY = 24


class OpioidClass(StrEnum):
    SHORT_ACTING = "short_acting"
    LONG_ACTING = "long_acting"
    FENTANYL = "fentanyl"
    BUPRENORPHINE = "buprenorphine"
    KRATOM = "kratom"


def parse_opioid(value: object) -> OpioidClass:
    try:
        return OpioidClass(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(o.value for o in OpioidClass)
        raise InvalidInput(
            f"{value!r} is not an opioid class; use {allowed}.", field="opioids"
        ) from None


@dataclass(frozen=True)
class HourWindow:
    start: int
    end: int

    def contains(self, hours: float) -> bool:
        return self.start <= hours <= self.end

    @property
    def described(self) -> str:
        if self.end <= 2 * HOURS_PER_DAY:
            return f"{self.start}–{self.end} hours"
        return f"{self.start / HOURS_PER_DAY:g}–{self.end / HOURS_PER_DAY:g} days"


@dataclass(frozen=True)
class CourseWindow:
    opioid: OpioidClass
    label: str
    examples: str
    onset: HourWindow
    peak: HourWindow | None
    resolution: HourWindow
    evidence: str
    source: str
    note: str = ""


class Phase(StrEnum):
    BEFORE_ONSET = "before_onset"
    ONSET = "onset"
    UNDER_WAY = "under_way"  # between onset and resolution when no peak is sourced
    PEAK = "peak"
    EASING = "easing"
    RESOLVING = "resolving"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class ExpectedCourse:
    last_use_at: datetime
    windows: tuple[CourseWindow, ...]

    @property
    def label(self) -> str:
        labels = [w.label for w in self.windows]
        return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"

    @property
    def onset(self) -> HourWindow:
        return _envelope([w.onset for w in self.windows])

    @property
    def peak(self) -> HourWindow | None:
        peaks = [w.peak for w in self.windows if w.peak is not None]
        return _envelope(peaks) if peaks else None

    @property
    def resolution(self) -> HourWindow:
        return _envelope([w.resolution for w in self.windows])

    @property
    def weak(self) -> bool:
        return any(w.evidence == "weak" for w in self.windows)

    def at(self, hours: float) -> datetime:
        return self.last_use_at + timedelta(hours=hours)

    def hours_since(self, at: datetime) -> float:
        return (at - self.last_use_at).total_seconds() / 3600

    def day_number(self, at: datetime) -> int:
        """Day 1 is the first 24 hours after last use; 0 or less is before it."""
        hours = self.hours_since(at)
        return int(hours // HOURS_PER_DAY) + 1

    def past_peak(self, at: datetime) -> bool:
        peak = self.peak
        return peak is not None and self.hours_since(at) > peak.end

    def phase(self, at: datetime) -> Phase:
        hours = self.hours_since(at)
        peak = self.peak
        if hours < self.onset.start:
            return Phase.BEFORE_ONSET
        if peak is not None and peak.contains(hours):
            return Phase.PEAK
        if self.onset.contains(hours):
            return Phase.ONSET
        if hours < self.resolution.start:
            return Phase.EASING if peak is not None and hours > peak.end else Phase.UNDER_WAY
        if hours <= self.resolution.end:
            return Phase.RESOLVING
        return Phase.RESOLVED

    def describe(self, at: datetime) -> str:
        """ "day 3 — usually the peak for short-acting opioids"."""
        day = self.day_number(at)
        what = self.label
        texts = {
            Phase.BEFORE_ONSET: f"withdrawal usually starts {self.onset.described} after last "
            f"use of {what}",
            Phase.ONSET: f"usually when withdrawal starts for {what}",
            Phase.PEAK: f"usually the peak for {what}",
            Phase.UNDER_WAY: f"withdrawal is usually under way for {what} (no sourced peak)",
            Phase.EASING: f"usually easing after the peak for {what}",
            Phase.RESOLVING: f"the acute phase usually ends {self.resolution.described} after "
            f"last use of {what}",
            Phase.RESOLVED: f"past the usual end of acute withdrawal from {what}",
        }
        prefix = f"day {day}" if day >= 1 else "before the last use you recorded"
        return f"{prefix} — {texts[self.phase(at)]}"


def _envelope(windows: Sequence[HourWindow]) -> HourWindow:
    return HourWindow(min(w.start for w in windows), max(w.end for w in windows))


def _window(row: Mapping[str, object], key: str, where: str) -> HourWindow | None:
    value = row.get(key)
    if value is None:
        return None
    if (
        not isinstance(value, Sequence)
        or isinstance(value, str)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not 0 <= value[0] <= value[1]
    ):
        raise ReferenceDataError(f"{where}: {key} must be [start, end] in whole hours.")
    return HourWindow(int(value[0]), int(value[1]))


def parse_course_table(table: ReferenceTable) -> dict[OpioidClass, CourseWindow]:
    windows: dict[OpioidClass, CourseWindow] = {}
    for index, row in enumerate(table.rows):
        where = f"{table.name} row {index + 1}"
        try:
            opioid = OpioidClass(str(row.get("opioid")))
        except ValueError:
            raise ReferenceDataError(f"{where}: unknown opioid {row.get('opioid')!r}.") from None
        onset = _window(row, "onset_hours", where)
        resolution = _window(row, "resolution_hours", where)
        if onset is None or resolution is None:
            raise ReferenceDataError(f"{where}: onset_hours and resolution_hours are required.")
        evidence = str(row.get("evidence", ""))
        if evidence not in {"moderate", "weak", "strong"}:
            raise ReferenceDataError(f"{where}: evidence must be strong, moderate or weak.")
        windows[opioid] = CourseWindow(
            opioid=opioid,
            label=str(row.get("label") or opioid.value),
            examples=str(row.get("examples") or ""),
            onset=onset,
            peak=_window(row, "peak_hours", where),
            resolution=resolution,
            evidence=evidence,
            source=str(row["source"]),
            note=str(row.get("note") or "").strip(),
        )
    missing = [o.value for o in OpioidClass if o not in windows]
    if missing:
        raise ReferenceDataError(f"{table.name}: no course for {', '.join(missing)}.")
    return windows


def expected_course(
    opioids: Iterable[OpioidClass],
    last_use_at: datetime,
    windows: Mapping[OpioidClass, CourseWindow],
) -> ExpectedCourse:
    chosen = tuple(windows[o] for o in dict.fromkeys(opioids))
    if not chosen:
        raise InvalidInput("Choose at least one thing you are stopping.", field="opioids")
    return ExpectedCourse(last_use_at, chosen)

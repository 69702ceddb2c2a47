"""Alerts: what a feature's rules raise for the clinician, and the order they are triaged in.

Each feature owns its rules (withdrawal, dosing, precautions, labs, pigmentation) and produces
`AlertDraft`s with the numbers behind them; this module owns the shared vocabulary and the
dashboard's triage order so that every feature ranks the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class AlertKind(StrEnum):
    RED_FLAG = "red_flag"
    WITHDRAWAL_SEVERE = "withdrawal_severe"
    WITHDRAWAL_RISING = "withdrawal_rising"
    WITHDRAWAL_PAST_PEAK = "withdrawal_past_peak"
    TAPER_HOLD = "taper_hold"
    ESCALATION = "escalation"
    INTERACTION = "interaction"
    COA_FAILED = "coa_failed"
    RECALL = "recall"
    DARKENING = "darkening"
    MISSED_CHECKIN = "missed_checkin"


# Triage order of the clinician dashboard: unacknowledged red flags first, then severe or rising
# withdrawal, taper holds (and dose escalation), interactions, failed lab certificates (and
# recalls), darkening skin, missed check-ins. Lower rank = more urgent.
TRIAGE_RANK: Mapping[AlertKind, int] = {
    AlertKind.RED_FLAG: 0,
    AlertKind.WITHDRAWAL_SEVERE: 1,
    AlertKind.WITHDRAWAL_RISING: 1,
    AlertKind.WITHDRAWAL_PAST_PEAK: 1,
    AlertKind.TAPER_HOLD: 2,
    AlertKind.ESCALATION: 2,
    AlertKind.INTERACTION: 3,
    AlertKind.COA_FAILED: 4,
    AlertKind.RECALL: 4,
    AlertKind.DARKENING: 5,
    AlertKind.MISSED_CHECKIN: 6,
}

KIND_LABELS: Mapping[AlertKind, str] = {
    AlertKind.RED_FLAG: "Red flag",
    AlertKind.WITHDRAWAL_SEVERE: "Severe withdrawal",
    AlertKind.WITHDRAWAL_RISING: "Rising withdrawal",
    AlertKind.WITHDRAWAL_PAST_PEAK: "Still rising after expected peak",
    AlertKind.TAPER_HOLD: "Taper step held",
    AlertKind.ESCALATION: "Dose escalation",
    AlertKind.INTERACTION: "Interaction",
    AlertKind.COA_FAILED: "Failed lab certificate",
    AlertKind.RECALL: "Recalled product",
    AlertKind.DARKENING: "Skin darkening",
    AlertKind.MISSED_CHECKIN: "Missed check-ins",
}


class Severity(StrEnum):
    """How soon an alert needs a clinician, from its triage rank: what the dashboard counts and
    filters by."""

    HIGH = "high"  # red flags, severe or rising withdrawal
    MEDIUM = "medium"  # taper holds, escalation, interactions, lab certificates, recalls
    LOW = "low"  # darkening skin, missed check-ins


SEVERITY_LABELS: Mapping[Severity, str] = {
    Severity.HIGH: "High",
    Severity.MEDIUM: "Medium",
    Severity.LOW: "Low",
}
# The triage ranks each severity covers (inclusive), most urgent first.
SEVERITY_RANKS: Mapping[Severity, tuple[int, int]] = {
    Severity.HIGH: (0, 1),
    Severity.MEDIUM: (2, 4),
    Severity.LOW: (5, 6),
}


def severity_of_rank(rank: int) -> Severity:
    for severity, (low, high) in SEVERITY_RANKS.items():
        if low <= rank <= high:
            return severity
    return Severity.LOW


@dataclass(frozen=True)
class AlertDraft:
    """An alert a rule wants raised. `dedupe_key` makes raising it twice a no-op."""

    person_id: str
    kind: AlertKind
    title: str
    explanation: str
    dedupe_key: str
    facts: Mapping[str, object] = field(default_factory=dict)
    source_type: str | None = None
    source_id: str | None = None


@dataclass(frozen=True)
class Alert:
    id: str
    person_id: str
    kind: AlertKind
    title: str
    explanation: str
    facts: Mapping[str, object]
    raised_at: datetime
    dedupe_key: str
    source_type: str | None = None
    source_id: str | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    acknowledgement_note: str = ""

    @property
    def rank(self) -> int:
        return TRIAGE_RANK[self.kind]

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def open(self) -> bool:
        return self.acknowledged_at is None


def triage_order(alerts: list[Alert]) -> list[Alert]:
    """Open alerts first, then by triage rank, newest first within a rank."""
    return sorted(alerts, key=lambda a: (not a.open, a.rank, -a.raised_at.timestamp()))

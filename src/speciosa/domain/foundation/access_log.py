""" "Who looked at my data" in plain words: audit rows grouped by who, day, what they did and
which part of the record, so ten rows from one page view read as one line — "Dr Rivera viewed
your check-ins, 3 times on 2 Dec". Rows name tables; people read nouns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from speciosa.domain.foundation.audit import AuditAction, AuditEvent

# Audit resource names (tables and read views) as a person says them, after "your".
RECORD_WORDS: dict[str, str] = {
    "account": "account",
    "alert": "alerts",
    "alerts": "alerts",
    "audit_log": "record of who looked",
    "checkin": "check-ins",
    "checkins": "check-ins",
    "clinician_note": "clinician notes",
    "clinician_notes": "clinician notes",
    "conditions": "health conditions",
    "consent": "sharing settings",
    "dashboard_summary": "summary on the clinic dashboard",
    "data_export": "downloaded data",
    "dependence_screen": "kratom-use answers",
    "dependence_screens": "kratom-use answers",
    "dose": "doses",
    "doses": "doses",
    "dose_journal": "dose journal",
    "dose_response": "doses and symptoms",
    "lab-certificate": "lab certificates",
    "medication": "medicines",
    "precautions": "medicines and precautions",
    "profile": "profile",
    "purchase": "kratom products",
    "purchases": "kratom products",
    "red_flag_report": "urgent-help reports",
    "red_flag_reports": "urgent-help reports",
    "reminder_feed": "reminder calendar",
    "report": "clinical report",
    "research-consent": "research consent",
    "research_cohort": "research export (pseudonymous)",
    "session": "sign-ins",
    "skin_measurement": "skin measurements",
    "skin_measurements": "skin measurements",
    "taper_hold": "taper holds",
    "taper_hold_review": "taper plan's hold rule",
    "taper_plan": "taper plan",
    "taper_plans": "taper plan",
    "wellbeing": "cravings and sleep answers",
    "withdrawal_profile": "withdrawal details",
    "withdrawal_trend": "withdrawal chart",
}
ACTION_WORDS: dict[AuditAction, str] = {
    AuditAction.READ: "viewed",
    AuditAction.CREATE: "added to",
    AuditAction.UPDATE: "changed",
    AuditAction.DELETE: "removed from",
    AuditAction.EXPORT: "exported",
    AuditAction.GRANT: "turned on",
    AuditAction.REVOKE: "turned off",
    AuditAction.SIGN_IN: "used",
}

# Where "<verb> your <record>" reads badly.
PHRASES: dict[tuple[AuditAction, str], str] = {
    (AuditAction.CREATE, "clinician_note"): "wrote a note on your timeline",
    (AuditAction.CREATE, "checkin"): "recorded a check-in",
    (AuditAction.CREATE, "dose"): "logged a dose",
    (AuditAction.GRANT, "consent"): "gave a clinician access to your record",
    (AuditAction.REVOKE, "consent"): "took a clinician's access away",
    (AuditAction.EXPORT, "data_export"): "downloaded your data",
    (AuditAction.EXPORT, "report"): "exported your clinical report",
    (AuditAction.SIGN_IN, "session"): "signed in",
    (AuditAction.CREATE, "taper_hold"): "held your next taper step because symptoms rose",
    (AuditAction.READ, "taper_hold_review"): "checked whether a check-in holds your taper",
    (AuditAction.CREATE, "taper_plan"): "drafted a taper plan for you",
    (AuditAction.CREATE, "alert"): "raised an alert for your clinician",
    (AuditAction.UPDATE, "alert"): "acknowledged an alert",
    (AuditAction.CREATE, "medication"): "added a medicine",
    (AuditAction.CREATE, "purchase"): "added a kratom product",
    (AuditAction.CREATE, "lab-certificate"): "added a lab certificate",
    (AuditAction.CREATE, "skin_measurement"): "measured a skin photo",
    (AuditAction.CREATE, "wellbeing"): "answered the cravings and sleep questions",
    (AuditAction.CREATE, "red_flag_report"): "reported a warning sign",
    (AuditAction.GRANT, "reminder_feed"): "turned on the reminder calendar",
    (AuditAction.UPDATE, "reminder_feed"): "made a new reminder calendar address",
    (AuditAction.REVOKE, "reminder_feed"): "turned off the reminder calendar",
    (AuditAction.READ, "reminder_feed"): "fetched your reminder calendar (a calendar app)",
}


@dataclass(frozen=True)
class AccessSummary:
    """Everything one account did to one part of the record on one local day."""

    actor_id: str | None
    actor_role: str
    day: date
    action: AuditAction
    resource: str
    count: int
    last_at: datetime

    @property
    def record_words(self) -> str:
        return RECORD_WORDS.get(self.resource, self.resource.replace("_", " ").replace("-", " "))

    def sentence(self, who: str) -> str:
        """For example "Dr Rivera viewed your check-ins, 3 times on 02 Dec 2026"."""
        times = "once" if self.count == 1 else f"{self.count} times"
        special = PHRASES.get((self.action, self.resource))
        if special:
            return f"{who} {special}, {times} on {self.day:%d %b %Y}"
        verb = ACTION_WORDS.get(self.action, self.action.value)
        return f"{who} {verb} your {self.record_words}, {times} on {self.day:%d %b %Y}"


def summarise_access(
    events: Iterable[AuditEvent], tz: tzinfo, *, own_id: str, include_own: bool
) -> list[AccessSummary]:
    """Newest day first; within a day, the most recent activity first. The person's own reads
    and writes are left out unless `include_own`."""
    groups: dict[tuple[str | None, date, AuditAction, str], list[AuditEvent]] = {}
    roles: dict[str | None, str] = {}
    for event in events:
        if event.actor_id == own_id and not include_own:
            continue
        day = event.at.astimezone(tz).date()
        groups.setdefault((event.actor_id, day, event.action, event.resource), []).append(event)
        roles[event.actor_id] = event.actor_role
    summaries = [
        AccessSummary(
            actor_id=key[0],
            actor_role=roles[key[0]],
            day=key[1],
            action=key[2],
            resource=key[3],
            count=len(group),
            last_at=max(e.at for e in group),
        )
        for key, group in groups.items()
    ]
    return sorted(summaries, key=lambda s: (s.day, s.last_at), reverse=True)

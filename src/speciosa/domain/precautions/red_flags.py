"""Red-flag triage: the short checklist on every check-in, what to do now, and the alert that
reaches the clinician. Ticking any flag is urgent by definition; the banner never waits for a
clinician, and the alert never replaces calling for help."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from speciosa.domain.alerts import AlertDraft, AlertKind
from speciosa.domain.errors import InvalidInput, ReferenceDataError
from speciosa.domain.precautions import rows as r
from speciosa.domain.reference import ReferenceTable, as_date

MAX_NOTE_LENGTH = 1000


class Urgency(StrEnum):
    EMERGENCY = "emergency"  # call the emergency number now
    URGENT = "urgent"  # get medical care today


@dataclass(frozen=True)
class RedFlag:
    code: str
    label: str
    hint: str
    urgency: Urgency
    liver: bool
    what_to_do_now: tuple[str, ...]
    source: str
    as_of: date


@dataclass(frozen=True)
class EmergencyContact:
    country: str
    emergency: str
    poison_control: str
    poison_control_name: str
    source: str


@dataclass(frozen=True)
class RedFlagChecklist:
    flags: tuple[RedFlag, ...]
    contacts: Mapping[str, EmergencyContact]

    def get(self, code: str) -> RedFlag | None:
        return next((f for f in self.flags if f.code == code), None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.flags)

    def contact_for(self, jurisdiction: str | None) -> EmergencyContact | None:
        """The country's numbers for a country or subdivision code ("US-OR" → US)."""
        if not jurisdiction:
            return None
        return self.contacts.get(jurisdiction.upper().split("-")[0])


@dataclass(frozen=True)
class Triage:
    """What the person ticked, in checklist order, and what to do now."""

    flags: tuple[RedFlag, ...]
    contact: EmergencyContact | None

    @property
    def emergency(self) -> bool:
        return any(f.urgency is Urgency.EMERGENCY for f in self.flags)

    @property
    def liver(self) -> bool:
        return any(f.liver for f in self.flags)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.flags)

    @property
    def headline(self) -> str:
        if self.emergency:
            number = self.contact.emergency if self.contact else "your local emergency number"
            return f"Get help now: call {number}."
        return "Get medical care today."

    @property
    def steps(self) -> tuple[str, ...]:
        """Each flag's steps, most urgent flags first, without repeating a step."""
        ordered = sorted(self.flags, key=lambda f: f.urgency is not Urgency.EMERGENCY)
        seen: list[str] = []
        for flag in ordered:
            for step in flag.what_to_do_now:
                if step not in seen:
                    seen.append(step)
        return tuple(seen)


def parse_red_flags(table: ReferenceTable, contacts: ReferenceTable) -> RedFlagChecklist:
    flags = []
    for i, row in enumerate(table.rows):
        at = r.where(table.name, i)
        steps = r.texts(row, "what_to_do_now", at)
        if not steps:
            raise ReferenceDataError(f"{at}: a red flag must say what to do now.")
        flags.append(
            RedFlag(
                code=r.text(row, "code", at),
                label=r.text(row, "label", at),
                hint=r.text(row, "hint", at, required=False),
                urgency=Urgency(r.choice(row, "urgency", at, tuple(u.value for u in Urgency))),
                liver=r.flag(row, "liver", at),
                what_to_do_now=steps,
                source=r.text(row, "source", at),
                as_of=as_date(row.get("as_of"), at),
            )
        )
    if len({f.code for f in flags}) != len(flags):
        raise ReferenceDataError(f"{table.name}: red-flag codes must be unique.")
    numbers = {}
    for i, row in enumerate(contacts.rows):
        at = r.where(contacts.name, i)
        contact = EmergencyContact(
            country=r.text(row, "country", at).upper(),
            emergency=r.text(row, "emergency", at),
            poison_control=r.text(row, "poison_control", at, required=False),
            poison_control_name=r.text(row, "poison_control_name", at, required=False),
            source=r.text(row, "source", at),
        )
        numbers[contact.country] = contact
    return RedFlagChecklist(tuple(flags), numbers)


def triage(
    checklist: RedFlagChecklist, codes: Iterable[str], jurisdiction: str | None = None
) -> Triage:
    """The ticked flags, validated against the checklist; at least one must be ticked."""
    wanted = {c.strip() for c in codes if c and c.strip()}
    unknown = sorted(wanted - set(checklist.codes))
    if unknown:
        raise InvalidInput(
            f"Unknown red flag {', '.join(unknown)}; choose from {', '.join(checklist.codes)}.",
            field="flags",
        )
    if not wanted:
        raise InvalidInput("Tick at least one of the red flags.", field="flags")
    chosen = tuple(f for f in checklist.flags if f.code in wanted)
    return Triage(chosen, checklist.contact_for(jurisdiction))


def check_note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"The note must be at most {MAX_NOTE_LENGTH} characters.", field="note")
    return note


def red_flag_draft(
    person_id: str, report_id: str, result: Triage, reported_at: datetime
) -> AlertDraft:
    """One alert per report; its dedupe key is the report, so a retried report raises one alert."""
    labels = ", ".join(f.label.lower() for f in result.flags)
    kind = "emergency" if result.emergency else "urgent"
    return AlertDraft(
        person_id=person_id,
        kind=AlertKind.RED_FLAG,
        title=f"Red flag reported: {labels}"[:200],
        explanation=(
            f"Reported {reported_at:%d %b %Y %H:%M} UTC ({kind}). The person was shown: "
            f"{result.headline} " + " ".join(result.steps)
        ),
        dedupe_key=f"red_flag:{report_id}",
        facts={"flags": list(result.codes), "urgency": kind, "liver": result.liver},
        source_type="red_flag_report",
        source_id=report_id,
    )

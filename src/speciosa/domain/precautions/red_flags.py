"""Red-flag triage: the short checklist on every check-in, what to do now, and the alert that
reaches the clinician. Ticking any flag is urgent by definition; the banner never waits for a
clinician, and the alert never replaces calling for help."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from speciosa.domain.foundation.alerts import AlertDraft, AlertKind
from speciosa.domain.foundation.errors import InvalidInput, ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable, as_date
from speciosa.domain.precautions import rows as r

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
    crisis: bool = False  # show the jurisdiction's crisis line first (suicidal thoughts)


# Placeholders a flag's steps may use; filled from the person's jurisdiction, or these words.
LOCAL_EMERGENCY = "your local emergency number"
LOCAL_CRISIS_LINE = "your local crisis line"
STEP_PLACEHOLDERS = ("emergency", "crisis_line")


@dataclass(frozen=True)
class EmergencyContact:
    country: str
    emergency: str
    poison_control: str
    poison_control_name: str
    source: str
    crisis_line: str = ""
    crisis_line_name: str = ""
    verified: bool = False
    as_of: date | None = None

    @property
    def emergency_dial(self) -> str:
        """What a tel: link dials: the first number of "112 or 999", without spaces."""
        return dial_digits(self.emergency)

    @property
    def crisis_dial(self) -> str:
        return dial_digits(self.crisis_line)

    @property
    def crisis_line_label(self) -> str:
        """ "988 (988 Suicide & Crisis Lifeline)", or "" when the country has none on file."""
        if not self.crisis_line:
            return ""
        name = f" ({self.crisis_line_name})" if self.crisis_line_name else ""
        return f"{self.crisis_line}{name}"


def dial_digits(number: str) -> str:
    first = number.split(" or ", maxsplit=1)[0].split(" ext ", maxsplit=1)[0]
    return "".join(c for c in first if c.isdigit() or c == "+")


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
    def crisis(self) -> bool:
        return any(f.crisis for f in self.flags)

    @property
    def emergency_number(self) -> str:
        return self.contact.emergency if self.contact else LOCAL_EMERGENCY

    @property
    def crisis_line(self) -> str:
        """The jurisdiction's crisis line with its name, or "your local crisis line"."""
        label = self.contact.crisis_line_label if self.contact else ""
        return label or LOCAL_CRISIS_LINE

    @property
    def headline(self) -> str:
        if self.crisis:
            return (
                f"Get help now: call or text {self.crisis_line}, or call "
                f"{self.emergency_number} if you are in danger."
            )
        if self.emergency:
            return f"Get help now: call {self.emergency_number}."
        return "Get medical care today."

    @property
    def steps(self) -> tuple[str, ...]:
        """Each flag's steps, crisis and emergency flags first, without repeating a step,
        with the jurisdiction's numbers filled in."""
        ordered = sorted(
            self.flags, key=lambda f: (not f.crisis, f.urgency is not Urgency.EMERGENCY)
        )
        numbers = {"emergency": self.emergency_number, "crisis_line": self.crisis_line}
        seen: list[str] = []
        for flag in ordered:
            for step in flag.what_to_do_now:
                filled = step.format_map(numbers)
                if filled not in seen:
                    seen.append(filled)
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
                crisis=r.flag(row, "crisis", at),
            )
        )
        check_placeholders(steps, at)
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
            crisis_line=r.text(row, "crisis_line", at, required=False),
            crisis_line_name=r.text(row, "crisis_line_name", at, required=False),
            verified=r.flag(row, "verified", at),
            as_of=as_date(row.get("as_of"), at),
        )
        if contact.country in numbers:
            raise ReferenceDataError(f"{at}: {contact.country} has two rows.")
        numbers[contact.country] = contact
    return RedFlagChecklist(tuple(flags), numbers)


def check_placeholders(steps: Iterable[str], at: str) -> None:
    """A step may name {emergency} or {crisis_line}; any other brace is a typo that would
    otherwise fail the person's urgent page, so it fails start-up instead."""
    probe = dict.fromkeys(STEP_PLACEHOLDERS, "")
    for step in steps:
        try:
            step.format_map(probe)
        except (KeyError, ValueError, IndexError):
            raise ReferenceDataError(
                f"{at}: a step may only use the placeholders {{emergency}} and {{crisis_line}}."
            ) from None


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

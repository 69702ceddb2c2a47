"""An approved taper plan as an iCalendar file (RFC 5545): one all-day event per step, for the
person's phone calendar. Written here (no dependency); the tests parse it back with `icalendar`.

Lines end in CRLF and are folded at 75 octets; text values escape backslash, semicolon, comma and
newline (RFC 5545 §3.1 and §3.3.11). UIDs are stable (plan id and step), so importing the file
again after a hold moves the events instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from speciosa.domain.dosing.holds import ScheduledStep
from speciosa.domain.dosing.plans import TaperPlan
from speciosa.domain.dosing.taper import amount_number

PRODID = "-//Speciosa//Taper plan//EN"
UID_DOMAIN = "speciosa.invalid"


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces, continuation lines starting with a space."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    pieces: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            pieces.append(current.decode("utf-8"))
            current = b""
            limit = 74  # the leading space of a continuation line counts
        current += encoded
    pieces.append(current.decode("utf-8"))
    return "\r\n ".join(pieces)


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def render_plan_ics(
    plan: TaperPlan, schedule: Sequence[ScheduledStep], stamp: datetime, what: str
) -> str:
    """`what` names the substance for a person ("kratom", "oxycodone"); `stamp` is now (UTC)."""
    unit = plan.unit
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'Taper plan ({what})')}",
    ]
    for index, step in enumerate(schedule):
        amount = amount_number(step.amount)
        if step.index == 0:
            summary = f"Taper starts: {amount} {unit}/day of {what}"
        elif step.amount == 0:
            summary = f"Taper step {step.index}: stop {what} (0 {unit}/day)"
        else:
            summary = f"Taper step {step.index}: {amount} {unit}/day of {what}"
        following = schedule[index + 1].date if index + 1 < len(schedule) else None
        description = (
            f"Approved plan: {amount} {unit} a day of {what} from {step.date:%d %b %Y}"
            + (f" until {following - timedelta(days=1):%d %b %Y}." if following else ".")
            + (f" Moved {step.held_days} days by symptom holds." if step.held_days else "")
            + " Talk to your clinician before changing anything."
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{plan.id}-step-{step.index}@{UID_DOMAIN}",
            f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
            f"DTSTART;VALUE=DATE:{_day(step.date)}",
            f"DTEND;VALUE=DATE:{_day(step.date + timedelta(days=1))}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

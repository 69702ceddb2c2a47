"""The private reminder calendar as iCalendar (RFC 5545): a daily check-in reminder that repeats
every day (RRULE:FREQ=DAILY) with an alarm at its start, plus the approved taper plan's steps.

The reminder is in floating local time (no time zone): "09:00" rings at nine wherever the phone
is, which is what a person means by a daily reminder. Written here like `calendar_ics`; the tests
parse it back with `icalendar`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from speciosa.adapters.calendar_ics import escape_text, fold, render_plan_ics
from speciosa.domain.dosing.doses import KRATOM
from speciosa.domain.reports.reminders import CalendarFeed
from speciosa.services.dosing.taper_views import PlanView

PRODID = "-//Speciosa//Reminders//EN"
UID_DOMAIN = "speciosa.invalid"
REMINDER_MINUTES = 5  # how long the reminder's event lasts in the calendar
REFRESH = "PT6H"  # how often a calendar app should fetch the feed again


def _plan_events(view: PlanView, stamp: datetime) -> list[str]:
    """The VEVENT lines of `calendar_ics.render_plan_ics`, without its calendar wrapper."""
    what = KRATOM if view.plan.substance == KRATOM else view.plan.substance
    text = render_plan_ics(view.plan, view.schedule, stamp, what)
    body = text[text.index("BEGIN:VEVENT") : text.rindex("END:VCALENDAR")]
    return [line for line in body.split("\r\n") if line]


def render_reminder_feed(
    feed: CalendarFeed,
    plans: Sequence[PlanView],
    stamp: datetime,
    first_day: datetime,
    site: str,
) -> str:
    """`stamp` is now (UTC); `first_day` the local date the reminders start; `site` the app's
    address for the reminder's link."""
    start = first_day.replace(
        hour=feed.reminder_minutes // 60, minute=feed.reminder_minutes % 60, second=0
    )
    description = (
        "Open Speciosa and do your daily check-in (about a minute). "
        "If you feel very unwell, open Urgent help or call your local emergency number."
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Speciosa reminders",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
        f"X-PUBLISHED-TTL:{REFRESH}",
        "BEGIN:VEVENT",
        f"UID:daily-checkin-{feed.person_id}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART:{start.strftime('%Y%m%dT%H%M%S')}",
        f"DURATION:PT{REMINDER_MINUTES}M",
        "RRULE:FREQ=DAILY",
        f"SUMMARY:{escape_text('Speciosa: daily check-in')}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{site.rstrip('/')}/me/checkin",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:PT0M",
        f"DESCRIPTION:{escape_text('Time for your Speciosa check-in')}",
        "END:VALARM",
        "END:VEVENT",
    ]
    out = "".join(fold(line) + "\r\n" for line in lines)
    for view in plans:
        out += "".join(line + "\r\n" for line in _plan_events(view, stamp))
    return out + "END:VCALENDAR\r\n"


def first_reminder_day(created_at: datetime, tz: tzinfo) -> datetime:
    """The reminders start on the local day the feed was made, so past days are not listed."""
    return created_at.astimezone(tz).replace(tzinfo=None)

"""The withdrawal cards on the person's home page and the clinician's page for one person, and
the charts they share with the withdrawal pages.

Loading a card also runs the missed-check-in sweep for that person (see
services/withdrawal/missed_checkins.py
for where else it runs), so a silent gap is flagged as soon as anyone looks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from speciosa.adapters.charts.withdrawal import WEB_TEXT, ChartSeries, render_withdrawal_chart
from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.withdrawal.checkins import DailyTotal
from speciosa.services.withdrawal.course import WithdrawalOverview

HOME_CHART_DAYS = 14
CLINICIAN_CHART_DAYS = 30
NOTE_LOOKBACK = 50  # the newest check-ins searched for notes on the clinician's card
NOTES_SHOWN = 5


@dataclass(frozen=True)
class Chart:
    instrument: str
    title: str
    svg: Markup
    latest: DailyTotal | None
    max_total: int
    band: str


def charts_for(services: Services, overview: WithdrawalOverview) -> list[Chart]:
    """One chart per instrument with data in the window (SOWS always, so a person sees where
    their first point will go)."""
    charts = []
    for name in services.checkins.instruments.names():
        days = overview.days_for(name)
        if not days and name != "sows":
            continue
        instrument = services.checkins.instruments.get(name)
        series = ChartSeries(name, instrument.title, instrument.max_total, instrument.bands, days)
        svg = render_withdrawal_chart(
            series, overview.start, overview.end, overview.course, overview.tz, text=WEB_TEXT
        )
        latest = days[-1] if days else None
        band = instrument.band_for(latest.total) if latest else None
        charts.append(
            Chart(
                instrument=name,
                title=instrument.title,
                svg=Markup(svg),  # noqa: S704 - built by our chart adapter, every text escaped
                latest=latest,
                max_total=instrument.max_total,
                band=band.described if band else "",
            )
        )
    return charts


def _card(services: Services, actor: Actor, person_id: str, days: int) -> dict[str, Any]:
    services.missed_checkins.sweep_missed_for(actor, person_id)
    overview = services.withdrawal.overview(actor, person_id, days)
    return {
        "person_id": person_id,
        "overview": overview,
        "charts": charts_for(services, overview),
        "course_now": overview.describe_now,
    }


def load_person_card(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    return _card(services, actor, person_id, HOME_CHART_DAYS)


def load_clinician_card(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    """The person's card for the clinician, with the notes written on recent check-ins (the
    person's own words reach the clinician here, on the timeline, the report and the PDF)."""
    card = _card(services, actor, person_id, CLINICIAN_CHART_DAYS)
    recent = services.checkins.page(actor, person_id, limit=NOTE_LOOKBACK).items
    card["notes"] = [c for c in recent if c.note.strip()][:NOTES_SHOWN]
    return card

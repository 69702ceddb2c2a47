"""Dosing cards on the person's home page and the clinician's page for one person, and the chart
and plan summaries they share with the dosing pages.

Loading a card also runs the taper-hold review for that person (see services/tapers.py for where
else it runs), so a rise in the scores holds the next reduction as soon as anyone looks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from speciosa.adapters.charts.dosing import chart_window, render_intake_chart
from speciosa.adapters.charts.taper_projection import render_projection_chart
from speciosa.adapters.charts.withdrawal import WEB_TEXT
from speciosa.bootstrap import Services
from speciosa.domain.accounts import Actor
from speciosa.domain.dosing.doses import KRATOM
from speciosa.domain.dosing.today import TodaySoFar, describe_duration, today_so_far
from speciosa.services.taper_views import PlanView
from speciosa.services.withdrawal import person_timezone

WEEK = 7


@dataclass(frozen=True)
class PlanPanel:
    view: PlanView
    chart: Markup
    what: str  # "kratom" or the opioid's name, for sentences
    projection: Markup | None = None
    today_so_far: TodaySoFar | None = None
    since_words: str = ""


def today_against_plan(
    services: Services, actor: Actor, view: PlanView
) -> tuple[TodaySoFar | None, str]:
    """Today's kratom grams against today's planned amount (kratom plans in grams only)."""
    if view.plan.substance != KRATOM or view.plan.unit != "g" or not view.started:
        return None, ""
    today, _ = services.doses.today_summary(actor, view.plan.person_id)
    last = services.doses.last_kratom(actor, view.plan.person_id)
    result = today_so_far(
        today.kratom_grams if today else Decimal(0),
        view.current_amount,
        last.taken_at if last else None,
        services.clock.now(),
    )
    return result, describe_duration(result.since_last) if result.since_last else ""


def plan_panel(services: Services, actor: Actor, view: PlanView) -> PlanPanel:
    _, days = services.tapers.planned_vs_actual(actor, view.plan.id)
    window = chart_window(days, view.today) if days else []
    svg = render_intake_chart(window, view.plan.unit, text=WEB_TEXT)
    projection = render_projection_chart(view.schedule, view.today, view.plan.unit, text=WEB_TEXT)
    what = KRATOM if view.plan.substance == KRATOM else view.plan.substance
    so_far, since = today_against_plan(services, actor, view)
    # Our chart adapters escape every text.
    return PlanPanel(view, Markup(svg), what, Markup(projection), so_far, since)  # noqa: S704


def load_person_dosing(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    today, doses = services.doses.today_summary(actor, person_id)
    last = services.doses.last_kratom(actor, person_id)
    plans = [v for v in services.tapers.plans_for(actor, person_id) if v.plan.active]
    so_far, since = today_against_plan(services, actor, plans[0]) if plans else (None, "")
    return {
        "today_so_far": so_far,
        "since_words": since,
        "today": today,
        "doses_today": doses,
        "last": last,
        "repeat_id": str(uuid.uuid4()),
        "plans": plans,
    }


def load_clinician_dosing(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    plans = services.tapers.plans_for(actor, person_id)
    active = [v for v in plans if v.plan.active]
    drafts = [v for v in plans if v.plan.status.value == "draft"]
    today = active[0].today if active else None
    if today is None:
        with services.uow(read_only=True) as uow:
            today = services.clock.now().astimezone(person_timezone(uow, person_id)).date()
    journal = services.doses.journal(actor, person_id, today - timedelta(days=WEEK - 1), today)
    logged = [d for d in journal.days if d.kratom_doses]
    mean_grams = sum(d.kratom_grams for d in logged) / len(logged) if logged else None
    mean_doses = sum(d.kratom_doses for d in logged) / len(logged) if logged else None
    screens = services.dependence.screens_for(actor, person_id, limit=1)
    return {
        "person_id": person_id,
        "active": active,
        "drafts": drafts,
        "logged_days": len(logged),
        "mean_grams": mean_grams,
        "mean_doses": mean_doses,
        "screen": screens[0] if screens else None,
    }

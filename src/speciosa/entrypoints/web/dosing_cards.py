"""Dosing cards on the person's home page and the clinician's page for one person, and the chart
and plan summaries they share with the dosing pages.

Loading a card also runs the taper-hold review for that person (see services/tapers.py for where
else it runs), so a rise in the scores holds the next reduction as soon as anyone looks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from markupsafe import Markup

from speciosa.adapters.charts.dosing import chart_window, render_intake_chart
from speciosa.adapters.charts.withdrawal import WEB_TEXT
from speciosa.bootstrap import Services
from speciosa.domain.accounts import Actor
from speciosa.domain.dosing.doses import KRATOM
from speciosa.services.taper_views import PlanView
from speciosa.services.withdrawal import person_timezone

WEEK = 7


@dataclass(frozen=True)
class PlanPanel:
    view: PlanView
    chart: Markup
    what: str  # "kratom" or the opioid's name, for sentences


def plan_panel(services: Services, actor: Actor, view: PlanView) -> PlanPanel:
    _, days = services.tapers.planned_vs_actual(actor, view.plan.id)
    window = chart_window(days, view.today) if days else []
    svg = render_intake_chart(window, view.plan.unit, text=WEB_TEXT)
    what = KRATOM if view.plan.substance == KRATOM else view.plan.substance
    return PlanPanel(view, Markup(svg), what)  # noqa: S704 - our chart adapter escapes every text


def load_person_dosing(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    services.tapers.review_holds(actor, person_id)
    today, doses = services.doses.today_summary(actor, person_id)
    last = services.doses.last_kratom(actor, person_id)
    plans = [v for v in services.tapers.plans_for(actor, person_id) if v.plan.active]
    return {
        "today": today,
        "doses_today": doses,
        "last": last,
        "repeat_id": str(uuid.uuid4()),
        "plans": plans,
    }


def load_clinician_dosing(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    services.tapers.review_holds(actor, person_id)
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

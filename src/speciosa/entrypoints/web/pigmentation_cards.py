"""The skin cards on the person's home page and the clinician's page for one person, and the
view models the skin pages share (trend charts, darkening alerts with their photos)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from speciosa.adapters.charts.pigmentation import render_skin_trend_chart, render_swatch
from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.alerts import Alert, AlertKind
from speciosa.domain.pigmentation.plain_words import change_words
from speciosa.domain.pigmentation.records import SkinPhotoRecord
from speciosa.domain.pigmentation.trend import SiteTrend

# A 640-unit chart is about 325 px wide on a phone: 22 units there is 11 px (issue 16).
SKIN_WEB_TEXT = 22


@dataclass(frozen=True)
class TrendView:
    trend: SiteTrend
    svg: Markup

    @property
    def words(self) -> str:
        """The change since the first session, in plain words (issue 16)."""
        return change_words(self.trend)


@dataclass(frozen=True)
class DarkeningView:
    alert: Alert
    baseline: SkinPhotoRecord | None
    latest: SkinPhotoRecord | None


def swatch(colour: str, label: str) -> Markup:
    return Markup(render_swatch(colour, label))  # noqa: S704 — built from escaped values


def trend_views(services: Services, actor: Actor, person_id: str) -> list[TrendView]:
    return [
        TrendView(t, Markup(render_skin_trend_chart(t, text=SKIN_WEB_TEXT)))  # noqa: S704 — escaped SVG
        for t in services.pigmentation.trends(actor, person_id)
    ]


def darkening_views(
    services: Services, actor: Actor, person_id: str, records: list[SkinPhotoRecord]
) -> list[DarkeningView]:
    by_id = {r.id: r for r in records}
    views = []
    for alert in services.alerts.for_person(actor, person_id):
        if alert.kind is not AlertKind.DARKENING:
            continue
        baseline = by_id.get(str(alert.facts.get("baseline_measurement_id", "")))
        latest = by_id.get(str(alert.facts.get("latest_measurement_id", "")))
        views.append(DarkeningView(alert, baseline, latest))
    return views


def load_person_skin(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    records = services.pigmentation.for_person(actor, person_id)
    return {"latest": records[-1] if records else None, "count": len(records)}


def load_clinician_skin(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    records = services.pigmentation.for_person(actor, person_id)
    open_darkening = [
        v for v in darkening_views(services, actor, person_id, records) if v.alert.open
    ]
    return {
        "person_id": person_id,
        "latest": records[-1] if records else None,
        "count": len(records),
        "trends": trend_views(services, actor, person_id) if records else [],
        "darkening": open_darkening,
    }

"""Escalation after a kratom dose: a rising weekly mean of grams or doses a day (the rules in
`reference/escalation_rules.yaml`) becomes an alert draft, raised in the same transaction as the
dose that shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from speciosa.domain.dosing.doses import Dose, summarise_kratom_days
from speciosa.domain.dosing.escalation import EscalationRule, check_escalation, escalation_alert
from speciosa.domain.foundation.alerts import Alert, AlertDraft, AlertKind
from speciosa.services.foundation.person_time import day_bounds, person_timezone
from speciosa.services.ports.unit_of_work import UnitOfWork

OPEN_ALERT_DAYS = 7  # an open escalation alert this recent stands for the same rise


def escalation_drafts(
    uow: UnitOfWork, rules: Sequence[EscalationRule], dose: Dose, now: datetime
) -> list[AlertDraft]:
    if not dose.is_kratom:
        return []
    tz = person_timezone(uow, dose.person_id)
    today = dose.taken_at.astimezone(tz).date()
    longest = max((r.window_days for r in rules), default=0)
    start, end = day_bounds(today - timedelta(days=2 * longest), today, tz)
    days = summarise_kratom_days(uow.doses.kratom_grams_between(dose.person_id, start, end), tz)
    found = check_escalation(rules, days, today)
    if not found:
        return []
    # One alert while a rise lasts: skip a measure with an open alert from the last week.
    recent = {
        str(a.facts.get("metric"))
        for a in uow.alerts.for_person(dose.person_id, open_only=True)
        if a.kind is AlertKind.ESCALATION and a.raised_at > now - timedelta(days=OPEN_ALERT_DAYS)
    }
    return [
        escalation_alert(dose.person_id, e, today)
        for e in found
        if e.rule.metric.value not in recent
    ]


def stale_escalations(
    uow: UnitOfWork, rules: Sequence[EscalationRule], person_id: str, now: datetime
) -> list[Alert]:
    """Open escalation alerts of the last week whose rise the current doses no longer show
    (after a dose was corrected or entered in error)."""
    tz = person_timezone(uow, person_id)
    today = now.astimezone(tz).date()
    longest = max((r.window_days for r in rules), default=0)
    start, end = day_bounds(today - timedelta(days=2 * longest), today, tz)
    days = summarise_kratom_days(uow.doses.kratom_grams_between(person_id, start, end), tz)
    still = {e.rule.metric.value for e in check_escalation(rules, days, today)}
    return [
        a
        for a in uow.alerts.for_person(person_id, open_only=True)
        if a.kind is AlertKind.ESCALATION
        and a.raised_at > now - timedelta(days=OPEN_ALERT_DAYS)
        and str(a.facts.get("metric")) not in still
    ]

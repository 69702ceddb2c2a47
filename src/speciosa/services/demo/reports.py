"""The reports part of the demo clinic: the clinician's weekly review note on each person's
timeline, and an early severe-withdrawal alert acknowledged with a note, so that the dashboard
shows both open and acknowledged alerts and the timeline shows notes among the records.
"""

from __future__ import annotations

import uuid

from speciosa.domain.foundation.alerts import AlertKind
from speciosa.services.demo.clinic import DemoContext, DemoPerson
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.reports.person_report import ReportService

REVIEW_EVERY_DAYS = 7
REVIEW_NOTES = {
    "smooth_taper": "Weekly review: scores easing as expected; plan unchanged.",
    "hold_after_rise": "Weekly review: scores rose mid-taper; next reduction held until settled.",
    "failed_coa": "Weekly review: asked to stop the batch whose certificate failed.",
    "major_interaction": "Weekly review: alprazolam with kratom (sedation); prescriber informed.",
    "darkening": "Weekly review: skin photos compared; dermatology referral discussed.",
    "missed_week": "Weekly review: tried to reach the person about missed check-ins.",
}
ACKNOWLEDGE_NOTE = "Seen the same day; symptomatic care reviewed by phone."


class ReportsDemo:
    def __init__(self, reports: ReportService, alerts: AlertService) -> None:
        self._reports = reports
        self._alerts = alerts

    def setup(self, ctx: DemoContext) -> None:
        return None

    def on_day(self, ctx: DemoContext, day: int) -> None:
        for person in ctx.persons:
            if day % REVIEW_EVERY_DAYS == REVIEW_EVERY_DAYS - 1:
                self._review(ctx, person, day)
            if day == 3:
                self._acknowledge_first_severe(ctx, person, day)

    def _review(self, ctx: DemoContext, person: DemoPerson, day: int) -> None:
        ctx.clock.set(ctx.at(day, 17, ctx.rng.randint(0, 59)))
        text = REVIEW_NOTES.get(person.story, "Weekly review.")
        note_id = str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))
        self._reports.add_note(ctx.clinician.actor, person.account.id, note_id, text)

    def _acknowledge_first_severe(self, ctx: DemoContext, person: DemoPerson, day: int) -> None:
        alerts = self._alerts.for_person(ctx.clinician.actor, person.account.id, open_only=True)
        severe = [a for a in alerts if a.kind is AlertKind.WITHDRAWAL_SEVERE]
        if severe:
            ctx.clock.set(ctx.at(day, 18))
            self._alerts.acknowledge(ctx.clinician.actor, severe[-1].id, ACKNOWLEDGE_NOTE)

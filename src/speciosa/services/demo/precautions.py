"""The precautions part of the demo clinic: each person's jurisdiction, conditions and medication
list, added on a day of their history through the services (so interaction alerts fire as they
would have), and one red-flag report so the clinician's dashboard has one to triage.

major_interaction adds Xanax (alprazolam) on day 3: a major kratom–benzodiazepine interaction,
and later reports extreme drowsiness. The others carry plausible lists that raise no alert, and
darkening lists a medicine Speciosa does not recognise (shown back as unrecognised).
"""

from __future__ import annotations

from dataclasses import dataclass

from speciosa.services.demo.clinic import DemoContext, DemoPerson
from speciosa.services.precautions.person_precautions import PrecautionsService
from speciosa.services.precautions.red_flags import RedFlagService


@dataclass(frozen=True)
class PrecautionPlan:
    jurisdiction: str
    conditions: tuple[str, ...] = ()
    medications: tuple[tuple[int, str], ...] = ()  # (day, name as the person wrote it)
    red_flag: tuple[int, tuple[str, ...]] | None = None  # (days before the end, flags)


PLANS: dict[str, PrecautionPlan] = {
    "smooth_taper": PrecautionPlan("US-OR", ("heart_condition",), ((0, "Metoprolol"),)),
    "hold_after_rise": PrecautionPlan("US-GA", ("breathing_condition",), ((1, "simvastatin"),)),
    "failed_coa": PrecautionPlan("US-TN", ("liver_disease",)),
    "major_interaction": PrecautionPlan(
        "US-CO", (), ((3, "Xanax"),), red_flag=(4, ("extreme_drowsiness",))
    ),
    "darkening": PrecautionPlan("US-RI", (), ((2, "Zoloft"),)),
    "missed_week": PrecautionPlan("US-OR", (), ((0, "Adderall"),)),
}


class PrecautionsDemo:
    def __init__(self, precautions: PrecautionsService, red_flags: RedFlagService) -> None:
        self._precautions = precautions
        self._red_flags = red_flags

    def setup(self, ctx: DemoContext) -> None:
        for person in ctx.persons:
            plan = PLANS.get(person.story)
            if plan is None:
                continue
            actor = person.account.actor
            self._precautions.set_jurisdiction(actor, None, plan.jurisdiction)
            if plan.conditions:
                self._precautions.set_conditions(actor, None, plan.conditions)

    def on_day(self, ctx: DemoContext, day: int) -> None:
        for person in ctx.persons:
            plan = PLANS.get(person.story)
            if plan is None:
                continue
            for when, name in plan.medications:
                # A short history still gets every medication: late ones land on the last day.
                if day == min(when, ctx.days - 1):
                    ctx.clock.set(ctx.at(day, 9, 15))
                    self._precautions.add_medication(person.account.actor, None, name)
            if plan.red_flag is not None and day == max(0, ctx.days - plan.red_flag[0]):
                self._report(ctx, person, day, plan.red_flag[1])

    def _report(
        self, ctx: DemoContext, person: DemoPerson, day: int, flags: tuple[str, ...]
    ) -> None:
        ctx.clock.set(ctx.at(day, 21, 40))
        self._red_flags.report(
            person.account.actor,
            None,
            flags,
            note="Very sleepy after the evening dose; my partner stayed with me.",
        )

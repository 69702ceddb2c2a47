"""The dosing part of the demo clinic: each person logs kratom doses several times a day from the
product they bought; the clinician drafts a taper plan for four of them on day 1 and approves it
on day 2 (starting day 3); each evening the hold rule looks at the day's check-ins. Everything
goes through the services, so holds and alerts are the ones the rules raised.

Stories: smooth_taper follows its plan closely; hold_after_rise's scores rise mid-history (the
withdrawal demo), so its next reduction is held and the clinician is alerted; major_interaction
also logs a daily buprenorphine dose (shown without an MME: the CDC gives it no factor);
darkening has no plan and takes more and more often in the last fortnight (an escalation
alert); missed_week has no plan and stops logging with its check-ins in the last week;
failed_coa tapers from its failing batch.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from speciosa.domain.dosing.taper import amount_number
from speciosa.services.demo.clinic import DemoContext, DemoPerson
from speciosa.services.demo.withdrawal import MISSED_DAYS
from speciosa.services.dosing.journal import DoseService
from speciosa.services.dosing.journal_entries import NewDose
from speciosa.services.dosing.taper_drafts import PlanDraft
from speciosa.services.dosing.taper_holds import TaperHoldReview
from speciosa.services.dosing.tapers import TaperService
from speciosa.services.sources.products import ProductService

PLANNED = ("smooth_taper", "hold_after_rise", "failed_coa", "major_interaction")
BASELINE_GRAMS = {
    "smooth_taper": 8,
    "hold_after_rise": 8,
    "failed_coa": 6,
    "major_interaction": 6,
    "darkening": 9,
    "missed_week": 6,
}
DOSE_HOURS = ((7, 30), (13, 0), (19, 0), (16, 0), (22, 0))  # the 4th and 5th only when escalating
PLAN_START_DAY = 3
ESCALATION_FROM_DAY = 16  # darkening: the last fortnight of a 30-day history


@dataclass
class PersonDosing:
    purchase_id: str | None = None
    per_unit: Decimal | None = None  # grams per capsule when the product is capsules
    plan_id: str | None = None
    days_logged: list[int] = field(default_factory=list)


# Recorded only when a demo plan starts above the person's logged intake (safe plan entry).
DEMO_REASON = "Start agreed with the person at the first visit (demo data)."


class DosingDemo:
    def __init__(
        self,
        doses: DoseService,
        tapers: TaperService,
        holds: TaperHoldReview,
        products: ProductService,
    ) -> None:
        self._holds = holds
        self._doses = doses
        self._tapers = tapers
        self._products = products
        self._people: dict[str, PersonDosing] = {}

    def _id(self, ctx: DemoContext) -> str:
        return str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))

    def setup(self, ctx: DemoContext) -> None:
        for person in ctx.persons:
            self._people[person.account.id] = PersonDosing()

    def on_day(self, ctx: DemoContext, day: int) -> None:
        morning = ctx.clock.now()
        for person in ctx.persons:
            state = self._people[person.account.id]
            if state.purchase_id is None:
                self._find_purchase(person, state)
            if day == 1 and person.story in PLANNED:
                self._draft(ctx, person, state)
            if day == 2 and state.plan_id:
                ctx.clock.set(ctx.at(day, 9, 15))
                self._tapers.approve(ctx.clinician.actor, state.plan_id, start_reason=DEMO_REASON)
            if person.story == "missed_week" and day >= ctx.days - MISSED_DAYS:
                continue
            self._log_day(ctx, person, state, day)
        ctx.clock.set(ctx.at(day, 23, 30))
        self._holds.review_all([p.account.id for p in ctx.persons])
        ctx.clock.set(morning)

    def _find_purchase(self, person: DemoPerson, state: PersonDosing) -> None:
        items = self._products.products_for(person.account.actor, person.account.id)
        current = next((i for i in items if i.purchase.current), None)
        if current is not None:
            state.purchase_id = current.purchase.id
            state.per_unit = current.label.product.grams_per_unit

    def _draft(self, ctx: DemoContext, person: DemoPerson, state: PersonDosing) -> None:
        ctx.clock.set(ctx.at(1, 15, 0))
        default = self._tapers.default_for("kratom")
        plan = self._tapers.create_draft(
            ctx.clinician.actor,
            person.account.id,
            PlanDraft(
                substance="kratom",
                start_amount=str(BASELINE_GRAMS[person.story]),
                unit_step=str(default.unit_step),
                reduction_pct=str(default.reduction_pct),
                every_days=default.every_days,
                start_date=ctx.at(PLAN_START_DAY, 12).date().isoformat(),
                note="Agreed at the first visit; review weekly.",
            ),
        )
        state.plan_id = plan.id

    def _planned_grams(
        self, ctx: DemoContext, person: DemoPerson, state: PersonDosing, day: int
    ) -> Decimal:
        baseline = Decimal(BASELINE_GRAMS[person.story])
        if state.plan_id is None or day < PLAN_START_DAY:
            return baseline
        view = self._tapers.plan(person.account.actor, state.plan_id)
        return view.current_amount if view.current_amount is not None else baseline

    def _log_day(self, ctx: DemoContext, person: DemoPerson, state: PersonDosing, day: int) -> None:
        grams = self._planned_grams(ctx, person, state, day)
        count = 3
        if person.story == "darkening" and day >= ESCALATION_FROM_DAY:
            grams += Decimal(min(5, 1 + (day - ESCALATION_FROM_DAY) // 2))
            count = 4 if day < ESCALATION_FROM_DAY + 5 else 5
        if person.story == "hold_after_rise" and ctx.days // 2 - 3 <= day <= ctx.days // 2 + 1:
            grams += Decimal("0.5")  # a rough patch: a little over the plan, as people do
        if grams <= 0:
            return
        per_dose = grams / count
        for hour, minute in DOSE_HOURS[:count]:
            ctx.clock.set(ctx.at(day, hour, minute + ctx.rng.randint(0, 20)))
            if state.per_unit:
                amount = (per_dose / state.per_unit).quantize(Decimal(1), ROUND_HALF_UP)
                unit = "unit"
            else:
                amount = (per_dose * 2).quantize(Decimal(1), ROUND_HALF_UP) / 2
                unit = "g"
            if amount <= 0:
                continue
            self._doses.record(
                person.account.actor,
                NewDose(
                    id=self._id(ctx),
                    kind="kratom",
                    amount=str(amount_number(amount)),
                    unit=unit,
                    purchase_id=state.purchase_id,
                ),
            )
        if person.story == "major_interaction":
            ctx.clock.set(ctx.at(day, 8, 5))
            self._doses.record(
                person.account.actor,
                NewDose(
                    id=self._id(ctx),
                    kind="opioid",
                    amount="8",
                    unit="mg",
                    drug="buprenorphine",
                    route="sublingual",
                ),
            )
        state.days_logged.append(day)

"""The withdrawal part of the demo clinic: a withdrawal profile for each person, a daily SOWS
history that follows their story, a few clinician COWS check-ins, and the missed-check-in sweep
at the start of each simulated day. Everything goes through the services, so the alerts the
clinician sees are the ones the rules raised as the history unfolded.

Stories: smooth_taper falls steadily; hold_after_rise eases, then rises mid-history (a rising
alert and "still rising after the expected peak"); failed_coa peaks with a severe score on day 2;
missed_week stops checking in for the last 7 days (a missed-check-in alert); the others drift
gently.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from speciosa.domain.withdrawal.instruments.definitions import Instrument
from speciosa.services.demo.clinic import DemoContext, DemoPerson
from speciosa.services.dosing.checkin_recording import RecordCheckIn
from speciosa.services.withdrawal.checkins import CheckInService, NewCheckIn
from speciosa.services.withdrawal.course import WithdrawalService
from speciosa.services.withdrawal.missed_checkins import MissedCheckInSweep

MISSED_DAYS = 7


@dataclass(frozen=True)
class Plan:
    opioids: tuple[str, ...]
    stopped_hours_before_start: int
    sows: Callable[[int, int], float]  # (day, days) -> target SOWS total
    cows_days: tuple[int, ...] = ()


def _decay(start: float, end: float, scale: float) -> Callable[[int, int], float]:
    return lambda day, days: end + (start - end) * math.exp(-day / scale)


def _rise_mid_history(day: int, days: int) -> float:
    """Easing, then a rise of about 12 points over four days mid-history, then easing again."""
    offsets = {-3: 3, -2: 6, -1: 9, 0: 12, 1: 10, 2: 7, 3: 4, 4: 2}
    return 5 + 11 * math.exp(-day / 5) + offsets.get(day - days // 2, 0)


def _fentanyl_peak(day: int, days: int) -> float:
    course = {0: 13, 1: 19, 2: 26, 3: 22, 4: 17}
    return course.get(day, 4 + 12 * math.exp(-(day - 4) / 4))


PLANS: dict[str, Plan] = {
    "smooth_taper": Plan(("short_acting",), 48, _decay(18, 2, 8), (1,)),
    "hold_after_rise": Plan(("short_acting", "kratom"), 72, _rise_mid_history),
    "failed_coa": Plan(("fentanyl",), 12, _fentanyl_peak, (2, 5)),
    "major_interaction": Plan(("buprenorphine",), 36, _decay(14, 5, 10)),
    "darkening": Plan(("kratom",), 24, _decay(10, 3, 12)),
    "missed_week": Plan(("short_acting",), 48, _decay(15, 4, 7)),
}


def answers_for(instrument: Instrument, target: int, rng: random.Random) -> dict[str, int]:
    """Item scores that add up to (about) `target`, spread at random over the items."""
    chosen = {item.id: 0 for item in instrument.items}
    total = 0
    while True:
        steps = []
        for item in instrument.items:
            higher = [s for s in item.scores if s > chosen[item.id]]
            if higher and total + higher[0] - chosen[item.id] <= target:
                steps.append((item.id, higher[0]))
        if not steps:
            return chosen
        item_id, score = rng.choice(steps)
        total += score - chosen[item_id]
        chosen[item_id] = score


def pulse_for(instrument: Instrument, answers: dict[str, int], rng: random.Random) -> None:
    """Replace a banded item's score by a measurement in its band (COWS pulse -> pulse_bpm)."""
    for measurement in instrument.measurements:
        score = answers.pop(measurement.scores_item)
        lower = 60
        for band in measurement.bands:
            if band.score == score:
                upper = band.max if band.max is not None else lower + 15
                answers[measurement.id] = rng.randint(lower, upper)
                break
            lower = (band.max or lower) + 1


class WithdrawalDemo:
    def __init__(
        self,
        checkins: CheckInService,
        withdrawal: WithdrawalService,
        missed: MissedCheckInSweep,
        record: RecordCheckIn,
    ) -> None:
        self._checkins = checkins
        self._withdrawal = withdrawal
        self._missed = missed
        self._record = record  # as the web and the API do: a check-in, then its taper holds

    def _id(self, ctx: DemoContext) -> str:
        return str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))

    def setup(self, ctx: DemoContext) -> None:
        for person in ctx.persons:
            plan = PLANS.get(person.story, PLANS["smooth_taper"])
            last_use = ctx.start - timedelta(hours=plan.stopped_hours_before_start)
            self._withdrawal.set_profile(person.account.actor, None, plan.opioids, last_use)

    def on_day(self, ctx: DemoContext, day: int) -> None:
        morning = ctx.clock.now()
        self._missed.sweep_missed([p.account.id for p in ctx.persons])
        for person in ctx.persons:
            plan = PLANS.get(person.story, PLANS["smooth_taper"])
            if person.story == "missed_week" and day >= ctx.days - MISSED_DAYS:
                continue
            self._sows(ctx, person, plan, day)
            if day in plan.cows_days:
                self._cows(ctx, person, plan, day)
        ctx.clock.set(morning)

    def _sows(self, ctx: DemoContext, person: DemoPerson, plan: Plan, day: int) -> None:
        instrument = self._checkins.instruments.get("sows")
        target = round(plan.sows(day, ctx.days) + ctx.rng.uniform(-1.5, 1.5))
        target = max(0, min(instrument.max_total, target))
        answers = answers_for(instrument, target, ctx.rng)
        ctx.clock.set(ctx.at(day, 8 + ctx.rng.randint(0, 3), ctx.rng.randint(0, 59)))
        note = "Slept badly." if target >= 18 and ctx.rng.random() < 0.5 else None
        self._record.record(
            person.account.actor,
            NewCheckIn(id=self._id(ctx), instrument="sows", answers=answers, note=note),
        )

    def _cows(self, ctx: DemoContext, person: DemoPerson, plan: Plan, day: int) -> None:
        instrument = self._checkins.instruments.get("cows")
        # The clinician's rating tracks the person's own: COWS runs a little below SOWS.
        target = max(0, round(plan.sows(day, ctx.days) * 0.8 + ctx.rng.uniform(-2, 2)))
        answers = answers_for(instrument, target, ctx.rng)
        pulse_for(instrument, answers, ctx.rng)
        ctx.clock.set(ctx.at(day, 14, ctx.rng.randint(0, 59)))
        self._record.record(
            ctx.clinician.actor,
            NewCheckIn(
                id=self._id(ctx),
                instrument="cows",
                answers=answers,
                person_id=person.account.id,
            ),
        )

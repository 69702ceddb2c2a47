"""Symptom-guided holds: a rise holds the next reduction and never reverses one; later steps keep
their spacing; plateaus do not hold again; the explanation and the alert carry the numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from speciosa.domain.dosing.holds import (
    TaperHold,
    amount_on,
    find_hold,
    hold_alert,
    next_reduction,
    planned_vs_actual,
    schedule_steps,
)
from speciosa.domain.dosing.plans import HoldRule, PlanStatus, TaperPlan
from speciosa.domain.dosing.taper import TaperStep, check_parameters, plan_taper
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.domain.withdrawal.checkins import DailyTotal

START = date(2026, 12, 1)
RULE = HoldRule("sows", min_rise=6, window_days=3, hold_days=7)
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def steps(start: str = "8", unit: str = "0.5", pct: str = "10", every: int = 7) -> list[TaperStep]:
    return plan_taper(check_parameters(start, unit, pct, every, START))


def hold(
    step_index: int, due_before: date, days: int = 7, trigger: date | None = None
) -> TaperHold:
    trigger = trigger or due_before - timedelta(days=1)
    return TaperHold(
        id=f"h{step_index}-{due_before}",
        plan_id="p",
        person_id="person",
        step_index=step_index,
        due_before=due_before,
        days=days,
        trigger_day=trigger,
        instrument="sows",
        from_total=4,
        from_day=trigger - timedelta(days=2),
        to_total=12,
        created_at=NOW,
    )


def totals(values: dict[date, int]) -> list[DailyTotal]:
    return [DailyTotal(d, "sows", v, None, 1, f"c{d}") for d, v in sorted(values.items())]


def plan(rule: HoldRule = RULE) -> TaperPlan:
    return TaperPlan(
        id="p",
        person_id="person",
        substance="kratom",
        unit="g",
        start_amount=Decimal(8),
        unit_step=Decimal("0.5"),
        reduction_pct=Decimal(10),
        every_days=7,
        start_date=START,
        hold_rule=rule,
        note="",
        status=PlanStatus.APPROVED,
        created_at=NOW,
        created_by="clinician",
    )


# ---------------------------------------------------------------------- golden cases


def test_a_hold_moves_its_step_and_every_later_step_by_its_days() -> None:
    plain = schedule_steps(steps(), [])
    held = schedule_steps(steps(), [hold(2, plain[2].date, days=7)])
    assert [s.date for s in held[:2]] == [s.date for s in plain[:2]]
    assert all(
        h.date == p.date + timedelta(days=7) for h, p in zip(held[2:], plain[2:], strict=True)
    )
    assert [s.amount for s in held] == [s.amount for s in plain]
    # On the day step 2 was due, the amount stays at step 1's: held, not reduced, not raised.
    assert amount_on(held, plain[2].date) == plain[1].amount


def test_a_rise_before_the_next_step_holds_it() -> None:
    schedule = schedule_steps(steps(), [])
    # Step 1 from 8 Dec; scores 5, 6, 5 then 12 on 10 Dec: +7 within 3 days.
    days = totals(
        {date(2026, 12, 7): 5, date(2026, 12, 8): 6, date(2026, 12, 9): 5, date(2026, 12, 10): 12}
    )
    finding = find_hold(RULE, schedule, days, today=date(2026, 12, 10))
    assert finding is not None
    assert finding.step.index == 2
    assert finding.trigger_day == date(2026, 12, 10)
    assert (finding.from_total, finding.to_total) == (5, 12)


def test_a_rise_smaller_than_the_rule_holds_nothing() -> None:
    schedule = schedule_steps(steps(), [])
    days = totals({date(2026, 12, 8): 6, date(2026, 12, 9): 8, date(2026, 12, 10): 11})
    assert find_hold(RULE, schedule, days, today=date(2026, 12, 10)) is None


def test_the_other_instrument_does_not_count() -> None:
    schedule = schedule_steps(steps(), [])
    days = [
        DailyTotal(date(2026, 12, 8), "cows", 2, None, 1, "a"),
        DailyTotal(date(2026, 12, 10), "cows", 20, None, 1, "b"),
    ]
    assert find_hold(RULE, schedule, days, today=date(2026, 12, 10)) is None


def test_a_plateau_after_a_hold_does_not_hold_again_but_a_further_rise_does() -> None:
    plain = schedule_steps(steps(), [])
    first = hold(2, plain[2].date, trigger=date(2026, 12, 10))
    schedule = schedule_steps(steps(), [first])
    high = {
        date(2026, 12, 9): 5,
        date(2026, 12, 10): 12,
        date(2026, 12, 11): 12,
        date(2026, 12, 12): 13,
        date(2026, 12, 13): 12,
    }
    assert find_hold(RULE, schedule, totals(high), today=date(2026, 12, 13)) is None
    rising = high | {date(2026, 12, 14): 19}
    again = find_hold(RULE, schedule, totals(rising), today=date(2026, 12, 14))
    assert again is not None
    assert again.step.index == 2
    assert again.trigger_day == date(2026, 12, 14)


def test_no_hold_after_the_last_step() -> None:
    schedule = schedule_steps(steps(), [])
    after = schedule[-1].date + timedelta(days=3)
    days = totals({after - timedelta(days=1): 1, after: 30})
    assert next_reduction(schedule, after) is None
    assert find_hold(RULE, schedule, days, today=after) is None


def test_the_alert_says_why_with_the_numbers() -> None:
    taper = plan()
    held = hold(2, date(2026, 12, 15), trigger=date(2026, 12, 10))
    draft = hold_alert(taper, held, Decimal(7))
    assert draft.kind is AlertKind.TAPER_HOLD
    assert "SOWS rose from 4" in draft.explanation
    assert "to 12" in draft.explanation
    assert "22 Dec 2026" in draft.explanation  # the new date
    assert "stays at 7 g/day" in draft.explanation
    assert "not reversed" in draft.explanation
    assert draft.facts["rise"] == 8
    assert draft.dedupe_key == "taper_hold:p:2:2026-12-15"


def test_planned_vs_actual_marks_held_days() -> None:
    plain = schedule_steps(steps(), [])
    held = [hold(1, plain[1].date, days=3)]
    schedule = schedule_steps(steps(), held)
    rows = planned_vs_actual(
        schedule, held, START, START + timedelta(days=10), {START: Decimal("7.5")}
    )
    assert rows[0].actual == Decimal("7.5")
    assert rows[0].planned == Decimal(8)
    assert [r.held for r in rows].count(True) == 3
    assert rows[8].planned == Decimal(8)  # day 8: step 1 is held until day 10
    assert rows[10].planned == Decimal(7)


# ---------------------------------------------------------------------- properties


@st.composite
def plans_with_holds(draw: st.DrawFn) -> tuple[list[TaperStep], list[TaperHold]]:
    units = draw(st.integers(min_value=1, max_value=60))
    unit = draw(st.sampled_from(["0.5", "1", "0.25", "5"]))
    pct = draw(st.sampled_from(["5", "10", "12.5", "20", "33", "50"]))
    every = draw(st.integers(min_value=1, max_value=30))
    start = str(Decimal(unit) * units)
    plan_steps = plan_taper(check_parameters(start, unit, pct, every, START))
    hold_list = []
    for step in plan_steps[1:]:
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            hold_list.append(hold(step.index, step.date, days=draw(st.integers(1, 60))))
    return plan_steps, hold_list


@settings(max_examples=150, deadline=None)
@given(plans_with_holds())
def test_holds_never_increase_the_amount_and_keep_later_spacing(
    case: tuple[list[TaperStep], list[TaperHold]],
) -> None:
    plan_steps, hold_list = case
    plain = schedule_steps(plan_steps, [])
    held = schedule_steps(plan_steps, hold_list)
    # The amounts are the plan's, in order: a hold changes when, never how much.
    assert [s.amount for s in held] == [s.amount for s in plan_steps]
    # Day by day the amount never goes up, and never drops below the unheld plan's amount.
    last = held[-1].date + timedelta(days=1)
    day, previous = START, None
    while day <= last:
        amount = amount_on(held, day)
        assert amount is not None
        assert amount <= plan_steps[0].amount
        if previous is not None:
            assert amount <= previous
        unheld = amount_on(plain, day)
        assert unheld is not None
        assert amount >= unheld
        previous = amount
        day += timedelta(days=1)
    # Each gap is the plan's interval plus the holds on the later step: spacing is kept.
    for (a, b), (pa, pb) in zip(pairwise(held), pairwise(plain), strict=True):
        extra = sum(h.days for h in hold_list if h.step_index == b.index)
        assert (b.date - a.date) == (pb.date - pa.date) + timedelta(days=extra)


@settings(max_examples=150, deadline=None)
@given(
    plans_with_holds(),
    st.lists(st.integers(min_value=0, max_value=64), min_size=0, max_size=40),
    st.integers(min_value=0, max_value=80),
)
def test_a_found_hold_is_always_on_a_step_still_ahead(
    case: tuple[list[TaperStep], list[TaperHold]], scores: list[int], today_offset: int
) -> None:
    plan_steps, hold_list = case
    schedule = schedule_steps(plan_steps, hold_list)
    days = totals({START + timedelta(days=i): s for i, s in enumerate(scores)})
    today = START + timedelta(days=today_offset)
    finding = find_hold(RULE, schedule, days, today)
    if finding is not None:
        assert finding.step.index > 0
        assert finding.step.date > today
        assert finding.trigger_day <= today
        assert finding.to_total - finding.from_total >= RULE.min_rise

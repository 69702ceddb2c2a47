"""The dose journal's pure parts: opioid MME per dose, daily summaries, escalation from the
reference table, the DSM-5 dependence screen, the per-person response table, and the taper
guidance table."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from speciosa.bootstrap import load_reference
from speciosa.domain.dosing.dependence import parse_screen, score_screen
from speciosa.domain.dosing.doses import (
    Dose,
    DoseDay,
    DoseKind,
    Route,
    check_amount,
    check_taken_at,
    opioid_mme,
    summarise_dose_days,
)
from speciosa.domain.dosing.escalation import (
    Metric,
    check_escalation,
    escalation_alert,
    parse_escalation_rules,
)
from speciosa.domain.dosing.mme import parse_mme_table
from speciosa.domain.dosing.plans import parse_substance, parse_taper_reference
from speciosa.domain.dosing.response import summarise_response
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.withdrawal.checkins import ScoredCheckIn

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
MME = parse_mme_table(load_reference().table("mme_factors"))


def kratom(at: datetime, grams: str, label: str = "Red Bali — Demo", dose_id: str = "") -> Dose:
    return Dose(
        id=dose_id or f"d{at.isoformat()}",
        person_id="p",
        kind=DoseKind.KRATOM,
        taken_at=at,
        amount=Decimal(grams),
        unit="g",
        grams=Decimal(grams),
        purchase_id=None,
        product_label=label,
        mitragynine_mg=Decimal(grams) * 15,
        hydroxymitragynine_mg=None,
        drug="",
        route=None,
        mme=None,
        mme_note="",
        note="",
        recorded_at=at,
        recorded_by="p",
        fingerprint="",
    )


# ---------------------------------------------------------------------- MME of one dose
# CDC 2022 (Dowell et al., MMWR Recomm Rep 2022;71(RR-3)) factors: oxycodone 1.5, morphine 1,
# methadone 4.7; buprenorphine has none.


@pytest.mark.parametrize(
    ("drug", "mg", "route", "mme"),
    [
        ("Oxycodone", "10", Route.ORAL, Decimal("15.00")),
        ("morphine", "30", Route.ORAL, Decimal("30.00")),
        ("methadone", "10", Route.ORAL, Decimal("47.00")),
    ],
)
def test_an_oral_opioid_dose_has_the_cdc_mme(
    drug: str, mg: str, route: Route, mme: Decimal
) -> None:
    result = opioid_mme(drug, Decimal(mg), route, MME)
    assert result.mme == mme
    assert result.note == ""


def test_buprenorphine_street_opioids_and_other_routes_have_no_mme_and_say_why() -> None:
    assert "buprenorphine" in opioid_mme("buprenorphine", Decimal(8), Route.SUBLINGUAL, MME).note
    heroin = opioid_mme("heroin", Decimal(20), Route.INJECTED, MME)
    assert heroin.mme is None
    assert "no conversion factor" in heroin.note
    sniffed = opioid_mme("oxycodone", Decimal(10), Route.INTRANASAL, MME)
    assert sniffed.mme is None
    assert "oral" in sniffed.note


def test_a_fentanyl_patch_is_not_a_dose() -> None:
    with pytest.raises(InvalidInput, match="patch"):
        opioid_mme("fentanyl patch", Decimal(25), Route.OTHER, MME)


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "NaN", "Infinity", "", None, True, "1001"])
def test_bad_amounts_are_refused_naming_the_field(raw: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_amount(raw, "amount", Decimal(1000))
    assert caught.value.field == "amount"


def test_amounts_keep_one_spelling() -> None:
    assert str(check_amount("10", "amount", Decimal(100))) == "10"
    assert str(check_amount("2.50", "amount", Decimal(100))) == "2.5"


def test_taken_at_needs_a_zone_and_is_not_in_the_future() -> None:
    assert check_taken_at(None, NOW) == NOW
    with pytest.raises(InvalidInput, match="time zone"):
        check_taken_at(datetime(2026, 11, 25, 8, 0), NOW)
    with pytest.raises(InvalidInput, match="future"):
        check_taken_at(NOW + timedelta(hours=1), NOW)


def test_daily_summaries_add_grams_doses_and_mme() -> None:
    doses = [
        kratom(NOW, "2"),
        kratom(NOW + timedelta(hours=3), "1.5"),
        kratom(NOW + timedelta(days=1), "3"),
    ]
    days = summarise_dose_days(doses, UTC)
    assert [(d.day, d.kratom_grams, d.kratom_doses) for d in days] == [
        (date(2026, 11, 25), Decimal("3.5"), 2),
        (date(2026, 11, 26), Decimal(3), 1),
    ]
    assert days[0].mitragynine_mg == Decimal("52.5")


# ---------------------------------------------------------------------- escalation


RULES = parse_escalation_rules(load_reference().table("escalation_rules"))
TODAY = date(2026, 11, 25)


def week_days(first: date, grams: float, doses: int) -> list[DoseDay]:
    return [
        DoseDay(first + timedelta(days=i), Decimal(str(grams)), doses, None, 0, None, 0)
        for i in range(7)
    ]


def test_the_escalation_rules_come_from_the_reference_table() -> None:
    metrics = {r.metric for r in RULES}
    assert metrics == {Metric.GRAMS_PER_DAY, Metric.DOSES_PER_DAY}
    assert all(r.window_days == 7 and r.source for r in RULES)


def test_a_weekly_mean_rising_by_the_stated_amount_raises_escalation_with_its_numbers() -> None:
    days = week_days(TODAY - timedelta(days=13), 8, 3) + week_days(TODAY - timedelta(days=6), 11, 4)
    found = check_escalation(RULES, days, TODAY)
    assert {f.rule.metric for f in found} == {Metric.GRAMS_PER_DAY, Metric.DOSES_PER_DAY}
    grams = next(f for f in found if f.rule.metric is Metric.GRAMS_PER_DAY)
    assert grams.before.mean == Decimal(8)
    assert grams.after.mean == Decimal(11)
    assert grams.rise == Decimal(3)
    draft = escalation_alert("p", grams, TODAY)
    assert draft.kind is AlertKind.ESCALATION
    assert "from 8.00" in draft.explanation
    assert "to 11.00" in draft.explanation
    assert draft.facts["rise_pct"] == "38"


def test_a_small_rise_or_too_few_logged_days_raises_nothing() -> None:
    small = week_days(TODAY - timedelta(days=13), 8, 3) + week_days(TODAY - timedelta(days=6), 9, 3)
    assert check_escalation(RULES, small, TODAY) == []
    sparse = week_days(TODAY - timedelta(days=13), 8, 3)[:3] + week_days(
        TODAY - timedelta(days=6), 14, 6
    )
    assert check_escalation(RULES, sparse, TODAY) == []


def test_falling_use_never_raises_escalation() -> None:
    days = week_days(TODAY - timedelta(days=13), 12, 5) + week_days(TODAY - timedelta(days=6), 6, 2)
    assert check_escalation(RULES, days, TODAY) == []


# ---------------------------------------------------------------------- dependence screen

SCREEN = parse_screen(load_reference().table("dependence_screen"))


def answers(yes: set[str]) -> dict[str, object]:
    return {item.id: item.id in yes for item in SCREEN.items}


@pytest.mark.parametrize(
    ("count", "band"),
    # DSM-5 severity: 2-3 mild, 4-5 moderate, >= 6 severe (PMC6590307 Table 1).
    [
        (0, "below the threshold"),
        (1, "below the threshold"),
        (2, "mild"),
        (3, "mild"),
        (4, "moderate"),
        (5, "moderate"),
        (6, "severe"),
        (11, "severe"),
    ],
)
def test_dsm5_severity_bands(count: int, band: str) -> None:
    chosen = {item.id for item in SCREEN.items[:count]}
    result = score_screen(SCREEN, answers(chosen), medically_supervised=False)
    assert (result.count, result.severity) == (count, band)


def test_tolerance_and_withdrawal_do_not_count_under_medical_supervision() -> None:
    chosen = {"tolerance", "withdrawal", "craving", "cut_down"}
    assert score_screen(SCREEN, answers(chosen), False).severity == "moderate"
    supervised = score_screen(SCREEN, answers(chosen), True)
    assert (supervised.count, supervised.severity) == (2, "mild")
    assert set(supervised.not_counted) == {"tolerance", "withdrawal"}


def test_the_screen_has_the_eleven_criteria_and_refuses_missing_or_unknown_answers() -> None:
    assert [i.criterion for i in SCREEN.items] == list(range(1, 12))
    partial = answers(set())
    partial.pop("craving")
    with pytest.raises(InvalidInput) as caught:
        score_screen(SCREEN, partial, False)
    assert caught.value.field == "answers.craving"
    with pytest.raises(InvalidInput, match="Unknown"):
        score_screen(SCREEN, answers(set()) | {"bogus": True}, False)


# ---------------------------------------------------------------------- response table


def checkin(at: datetime, total: int, cid: str) -> ScoredCheckIn:
    return ScoredCheckIn(cid, "p", "sows", total, None, at)


def test_response_pairs_the_check_ins_around_each_dose_once() -> None:
    morning = datetime(2026, 11, 20, 8, tzinfo=UTC)
    checkins = [
        checkin(morning, 20, "a"),
        checkin(morning + timedelta(days=1), 14, "b"),
        checkin(morning + timedelta(days=2), 14, "c"),
    ]
    doses = [
        kratom(morning + timedelta(hours=1), "2", dose_id="1"),
        kratom(morning + timedelta(hours=6), "2.2", dose_id="2"),  # same pair, same size group
        kratom(morning + timedelta(days=1, hours=1), "2", dose_id="3"),
        kratom(morning + timedelta(days=1, hours=2), "4", "White — Demo", dose_id="4"),
        kratom(morning + timedelta(days=5), "2", dose_id="5"),  # no check-in after it
    ]
    rows = summarise_response(doses, checkins)
    red = next(r for r in rows if r.product.startswith("Red") and r.size_grams == 2)
    assert (red.doses, red.pairs, red.fell, red.same, red.rose) == (4, 2, 1, 1, 0)
    assert red.median_change == -3.0
    white = next(r for r in rows if r.product.startswith("White"))
    assert (white.doses, white.pairs, white.same) == (1, 1, 1)


# ---------------------------------------------------------------------- taper guidance


def test_taper_guidance_and_defaults_load_with_sources() -> None:
    reference = parse_taper_reference(load_reference().table("taper_guidance"))
    assert {g.id for g in reference.guidance} == {
        "wa_amdg",
        "cdc_2022_long_term",
        "cdc_2022_shorter",
        "va_dod_2017",
    }
    assert reference.default_for("kratom").unit_step == Decimal("0.5")
    assert reference.hold_rules["sows"].rule.min_rise == 6
    assert all(g.source for g in reference.guidance)


def test_a_plan_tapers_kratom_or_an_opioid_the_cdc_table_knows() -> None:
    assert parse_substance("Kratom", MME) == ("kratom", "g")
    assert parse_substance("oxycodone", MME) == ("oxycodone", "mg")
    with pytest.raises(InvalidInput):
        parse_substance("heroin", MME)

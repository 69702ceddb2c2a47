"""The affected-minus-reference trend: smallest detectable change and the darkening rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from speciosa.bootstrap import load_reference
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.domain.pigmentation.rules import parse_pigmentation_rules
from speciosa.domain.pigmentation.trend import (
    TrendPhoto,
    assess_trend,
    darkening_alert,
    smallest_detectable_change,
)

RULES = parse_pigmentation_rules(load_reference().table("pigmentation_rules").rows)
START = datetime(2026, 10, 1, 18, 0, tzinfo=UTC)


def photos(series: list[list[float]], every_days: int = 4) -> list[TrendPhoto]:
    out = []
    for session, values in enumerate(series):
        for repeat, delta_l in enumerate(values):
            at = START + timedelta(days=session * every_days, minutes=5 * repeat)
            out.append(TrendPhoto(f"m{session}-{repeat}", at, delta_l, abs(delta_l)))
    return out


def test_sdc_comes_from_same_day_repeats() -> None:
    # Pooled within-session SD of (−3.0, −3.4) and (−3.2, −2.8): 0.2828 → SDC = 1.96·√2·SD.
    sdc = smallest_detectable_change([[-3.0, -3.4], [-3.2, -2.8], [-4.0]], RULES)
    assert sdc.from_repeats
    assert sdc.repeat_sessions == 2
    assert sdc.within_session_sd == pytest.approx(0.28284, abs=1e-4)
    assert sdc.delta_l == pytest.approx(1.96 * 2**0.5 * 0.28284, abs=1e-3)


def test_without_repeats_the_default_sd_is_used_and_said() -> None:
    sdc = smallest_detectable_change([[-3.0], [-3.1]], RULES)
    assert not sdc.from_repeats
    assert sdc.delta_l == pytest.approx(1.96 * 2**0.5 * RULES.default_repeat_sd_delta_l)
    assert "default" in sdc.explanation


def test_the_floor_keeps_identical_repeats_from_making_the_rule_hair_trigger() -> None:
    assert smallest_detectable_change([[-3.0, -3.0]], RULES).delta_l == RULES.sdc_floor_delta_l


def test_darkening_needs_three_successive_sessions_beyond_the_sdc() -> None:
    series = [[-3.0, -3.1], [-3.05, -3.0], [-4.5], [-5.2]]
    trend = assess_trend("left hand", "right hand", photos(series), RULES)
    assert trend.darkening is None  # two sessions beyond the SDC: not yet
    trend = assess_trend("left hand", "right hand", photos([*series, [-6.0]]), RULES)
    assert trend.darkening is not None
    assert [s.mean_delta_l for s in trend.darkening.sessions] == [-4.5, -5.2, -6.0]
    draft = darkening_alert("person-1", trend)
    assert draft is not None
    assert draft.kind is AlertKind.DARKENING
    assert draft.facts["baseline_measurement_id"] == "m0-0"
    assert draft.facts["latest_measurement_id"] == "m4-0"
    assert draft.facts["change_delta_L"] == pytest.approx(-2.95)  # −6.0 against −3.05
    # The next darker session continues the same run: the same dedupe key, no second alert.
    later = assess_trend("left hand", "right hand", photos([*series, [-6.0], [-6.4]]), RULES)
    assert darkening_alert("person-1", later).dedupe_key == draft.dedupe_key  # type: ignore[union-attr]


def test_a_session_back_within_the_sdc_breaks_the_run() -> None:
    series = [[-3.0, -3.1], [-3.0], [-4.5], [-3.1], [-4.6], [-4.7]]
    assert assess_trend("a", "b", photos(series), RULES).darkening is None


def test_lightening_is_shown_but_never_raised_as_darkening() -> None:
    series = [[-3.0, -3.1], [-2.0], [-1.0], [0.0], [1.0]]
    trend = assess_trend("a", "b", photos(series), RULES)
    assert trend.darkening is None
    assert trend.sessions[-1].change_delta_l > 3.0

"""Clinical numbers come from reference data, not code (issue 12, item 7): the SOWS and COWS
maxima from the instruments' own items, the fentanyl-patch factor from the CDC 2022 table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from speciosa.bootstrap import load_reference
from speciosa.domain.dosing.doses import Route, opioid_mme
from speciosa.domain.dosing.mme import parse_mme_table
from speciosa.domain.dosing.plans import check_hold_rule
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.services.dosing.taper_drafts import hold_instrument_maxima


def test_the_hold_instruments_maxima_are_derived_from_their_items() -> None:
    # Handelsman L et al. Am J Drug Alcohol Abuse 1987;13(3):293-308: SOWS 16 items × 0-4 = 64.
    # Wesson DR, Ling W. J Psychoactive Drugs 2003;35(2):253-259: COWS maximum 48.
    assert hold_instrument_maxima(load_reference()) == {"sows": 64, "cows": 48}


@pytest.mark.parametrize(
    ("instrument", "rise", "ok"),
    [("sows", 64, True), ("sows", 65, False), ("cows", 48, True), ("cows", 49, False)],
)
def test_a_hold_rise_cannot_exceed_the_instrument_maximum(
    instrument: str, rise: int, ok: bool
) -> None:
    maxima = hold_instrument_maxima(load_reference())
    if ok:
        assert check_hold_rule(instrument, rise, 7, 3, maxima).min_rise == rise
    else:
        with pytest.raises(InvalidInput, match=f"from 1 to {maxima[instrument]}"):
            check_hold_rule(instrument, rise, 7, 3, maxima)


def test_the_patch_message_quotes_the_factor_of_the_cdc_table() -> None:
    # Dowell D et al. MMWR Recomm Rep 2022;71(RR-3): fentanyl transdermal 2.4 per mcg/h.
    table = parse_mme_table(load_reference().table("mme_factors"))
    factor = table.find("fentanyl patch")
    assert factor is not None
    with pytest.raises(InvalidInput, match=rf"× {factor.factor}"):
        opioid_mme("fentanyl patch", Decimal(25), next(iter(Route)), table)

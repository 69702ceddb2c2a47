"""Golden cases for the legal-status table (issue 12), each citing the source its row cites."""

from __future__ import annotations

from datetime import date

import pycountry
import pytest

from speciosa.bootstrap import load_reference
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.precautions.legal import LegalStatus, require_known, status_on
from speciosa.services.precautions.reference_tables import (
    PrecautionsReference,
    parse_precautions_reference,
)
from tests.support.jurisdictions import ISSUE_12_COUNTRIES

ON = date(2026, 12, 1)


@pytest.fixture(scope="module")
def ref() -> PrecautionsReference:
    return parse_precautions_reference(load_reference())


def test_every_state_dc_the_federal_level_and_the_listed_countries_have_a_row(
    ref: PrecautionsReference,
) -> None:
    in_us = pycountry.subdivisions.get(country_code="US")  # type: ignore[no-untyped-call]  # pycountry leaves Subdivisions.get unannotated
    states = {s.code for s in in_us if s.type == "State"}
    assert len(states) == 50
    wanted = states | {"US-DC", "US"} | set(ISSUE_12_COUNTRIES)
    assert wanted <= set(ref.legal.entries), sorted(wanted - set(ref.legal.entries))


def test_as_of_is_the_sources_date_not_the_day_of_entry() -> None:
    # The review found every row dated 2026-11-25, the day the rows were typed.
    rows = load_reference().table("legal_status").rows
    assert not [r["jurisdiction"] for r in rows if str(r["as_of"]) == "2026-11-25"]


@pytest.mark.parametrize(
    ("code", "on", "status", "age"),
    [
        # Acceptance: these exited 2 before; each now has a status.
        ("US-AZ", ON, LegalStatus.REGULATED, 18),  # A.R.S. § 36-795 (HB 2464, 2019)
        ("US-MS", ON, LegalStatus.REGULATED, 21),  # Mississippi kratom law from 1 Jul 2025
        ("US-TX", ON, LegalStatus.REGULATED, 18),  # Tex. Health & Safety Code ch. 444 (SB 497)
        ("US-OK", ON, LegalStatus.REGULATED, 18),  # 63 O.S. § 1-1432.4
        ("ID", ON, LegalStatus.REGULATED, None),  # Indonesia: Trade Min. Regs 20 & 21/2024
        ("DE", ON, LegalStatus.RESTRICTED, None),  # Germany: AMG, not BtMG
        ("CA", ON, LegalStatus.RESTRICTED, None),  # Canada: no authorised product
        ("NZ", ON, LegalStatus.RESTRICTED, None),  # New Zealand: prescription medicine
        # Florida: CS/HB 179 (2023), s. 501.9745 F.S.: no sale to under-21s from 1 Jul 2023.
        ("US-FL", date(2023, 6, 30), LegalStatus.LEGAL, None),
        ("US-FL", date(2023, 7, 1), LegalStatus.REGULATED, 21),
        # Florida AG emergency rule 2ER25-2 (13 Aug 2025): 7-OH > 0.04 % dry weight is Schedule I.
        ("US-FL", date(2025, 8, 13), LegalStatus.RESTRICTED, 21),
        ("US-FL", ON, LegalStatus.RESTRICTED, 21),
        # Ohio Board of Pharmacy emergency rule, 12 Dec 2025, 180 days (to 10 Jun 2026).
        ("US-OH", date(2025, 12, 12), LegalStatus.RESTRICTED, None),
        ("US-OH", date(2026, 6, 10), LegalStatus.LEGAL, None),
        # Colorado SB22-120 and SB25-072 (signed 28 May 2025): under-21 sales prohibited.
        ("US-CO", ON, LegalStatus.REGULATED, 21),
        # DEA notices of intent, 1 Jul 2026: concentrated 7-OH, MP, MGM-15, MGM-16.
        ("US", date(2026, 6, 30), LegalStatus.LEGAL, None),
        ("US", date(2026, 7, 1), LegalStatus.RESTRICTED, None),
    ],
)
def test_status_on_a_date(
    ref: PrecautionsReference, code: str, on: date, status: LegalStatus, age: int | None
) -> None:
    entry = status_on(ref.legal, code, on).entry
    assert (entry.status, entry.minimum_age) == (status, age)


def test_florida_7oh_rule_names_the_published_thresholds(ref: PrecautionsReference) -> None:
    aug_2025 = status_on(ref.legal, "US-FL", date(2025, 9, 1)).entry.seven_oh_rules
    assert "0.04 %" in aug_2025
    assert "dry-weight" in aug_2025
    assert "1 mg/g" in status_on(ref.legal, "US-FL", ON).entry.seven_oh_rules


@pytest.mark.parametrize("code", ["US-FL", "US-TX", "US-WY", "US-DC"])
def test_every_us_state_carries_the_federal_7oh_overlay(
    ref: PrecautionsReference, code: str
) -> None:
    federal = status_on(ref.legal, code, ON).federal
    assert federal is not None
    rules = federal.entry.seven_oh_rules
    for figure in ("0.050 %", "1.00 mg per unit", "MP", "MGM-15", "MGM-16"):
        assert figure in rules
    before = status_on(ref.legal, "US-FL", date(2026, 1, 1)).federal
    assert before is not None
    assert before.entry.status is LegalStatus.LEGAL


@pytest.mark.parametrize("code", ["TH", "GB", "US"])
def test_countries_and_the_federal_row_have_no_overlay(
    ref: PrecautionsReference, code: str
) -> None:
    assert status_on(ref.legal, code, ON).federal is None


def test_unverified_rows_say_why(ref: PrecautionsReference) -> None:
    for rows in ref.legal.entries.values():
        for entry in rows:
            assert entry.verified or entry.note, entry.jurisdiction


def test_only_known_jurisdictions_can_be_chosen(ref: PrecautionsReference) -> None:
    assert require_known(ref.legal, " us-fl ") == "US-FL"
    with pytest.raises(InvalidInput, match="Jurisdiction: 'ZZ-99' is not one Speciosa knows"):
        require_known(ref.legal, "ZZ-99")
    codes = [code for code, _ in ref.legal.choices]
    assert codes.index("TH") < codes.index("US-AL")  # countries first, then the states

"""MME golden cases: every CDC 2022 factor (Dowell et al., MMWR Recomm Rep 2022;71(RR-3), Table),
the guideline's own worked examples, combined regimens and refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speciosa.bootstrap import load_reference
from speciosa.domain.dosing.mme import MmeTable, calculate_mme, parse_mme_table, parse_regimen
from speciosa.domain.foundation.errors import InvalidInput


@pytest.fixture(scope="module")
def table() -> MmeTable:
    return parse_mme_table(load_reference().table("mme_factors"))


# (drug, dose_mg, doses_per_day, expected MME/day) — factor × mg/day, CDC 2022 Table.
GOLDEN = [
    ("codeine", 30, 4, 18.0),  # 0.15
    ("hydrocodone", 5, 4, 20.0),  # 1.0 — the Table's worked example: 20 mg/day = 20 MME
    ("hydromorphone", 2, 4, 40.0),  # 5.0
    ("methadone", 10, 2, 94.0),  # 4.7
    ("morphine", 15, 2, 30.0),  # 1.0
    ("oxycodone", 10, 2, 30.0),  # 1.5 — the Table's worked example: 20 mg/day = 30 MME
    ("oxymorphone", 5, 2, 30.0),  # 3.0
    ("tapentadol", 50, 2, 40.0),  # 0.4
    ("tramadol", 50, 4, 40.0),  # 0.2
]


@pytest.mark.parametrize(("drug", "dose", "per_day", "expected"), GOLDEN)
def test_every_cdc_factor(
    table: MmeTable, drug: str, dose: float, per_day: float, expected: float
) -> None:
    regimen = parse_regimen([{"drug": drug, "dose_mg": dose, "doses_per_day": per_day}], table)
    result = calculate_mme(regimen, table)
    assert result.total_mme == expected
    assert "2022" in result.items[0].source


def test_transdermal_fentanyl_is_per_microgram_per_hour(table: MmeTable) -> None:
    # 25 mcg/h × 2.4 = 60 MME/day (CDC 2022 Table, fentanyl transdermal in mcg/hr).
    regimen = parse_regimen([{"drug": "fentanyl_transdermal", "mcg_per_hour": 25}], table)
    assert calculate_mme(regimen, table).total_mme == 60.0


def test_combined_regimen_sums_items(table: MmeTable) -> None:
    regimen = parse_regimen(
        [
            {"drug": "OxyCodone", "dose_mg": 10, "doses_per_day": 2},
            {"drug": "Fentanyl Transdermal", "mcg_per_hour": 12},
            {"drug": "tramadol", "dose_mg": 50, "doses_per_day": 3},
        ],
        table,
    )
    result = calculate_mme(regimen, table)
    assert [line.mme for line in result.items] == [30.0, 28.8, 30.0]
    assert result.total_mme == 88.8


@pytest.mark.parametrize(
    ("regimen", "field", "words"),
    [
        (
            [{"drug": "buprenorphine", "dose_mg": 8, "doses_per_day": 1}],
            "regimen[0].drug",
            "partial",
        ),
        ([{"drug": "unobtainium", "dose_mg": 8, "doses_per_day": 1}], "regimen[0].drug", "Unknown"),
        (
            [{"drug": "morphine", "dose_mg": -5, "doses_per_day": 1}],
            "regimen[0].dose_mg",
            "zero or more",
        ),
        (
            [{"drug": "morphine", "dose_mg": "10", "doses_per_day": 1}],
            "regimen[0].dose_mg",
            "number",
        ),
        ([{"drug": "morphine", "dose_mg": 10}], "regimen[0].doses_per_day", "number"),
        (
            [{"drug": "morphine", "dose_mg": 10, "doses_per_day": True}],
            "regimen[0].doses_per_day",
            "number",
        ),
        ([{"drug": "fentanyl_transdermal"}], "regimen[0].mcg_per_hour", "number"),
        ([], "regimen", "non-empty"),
        ({"drug": "morphine"}, "regimen", "list"),
    ],
)
def test_refusals_name_the_field_and_why(
    table: MmeTable, regimen: object, field: str, words: str
) -> None:
    with pytest.raises(InvalidInput, match=words) as caught:
        parse_regimen(regimen, table)
    assert caught.value.field == field


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["codeine", "morphine", "oxycodone", "methadone"]),
            st.floats(0, 500),
            st.integers(0, 8),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_total_is_the_sum_of_items_and_never_negative(
    items: list[tuple[str, float, int]],
) -> None:
    table = parse_mme_table(load_reference().table("mme_factors"))
    regimen = parse_regimen(
        [{"drug": d, "dose_mg": mg, "doses_per_day": n} for d, mg, n in items], table
    )
    result = calculate_mme(regimen, table)
    assert result.total_mme >= 0
    assert abs(result.total_mme - sum(line.mme for line in result.items)) < 0.011

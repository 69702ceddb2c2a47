"""RxNorm codes of the medicine names (reference/rxnorm_codes.yaml) and the plan of a FHIR
import: which entries are added under which name, which codes are unknown, what is skipped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from speciosa.bootstrap import load_reference
from speciosa.domain.foundation.errors import InvalidInput, ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable
from speciosa.domain.precautions.medication_import import (
    MAX_IMPORTED,
    ImportedMedication,
    ImportOutcome,
    plan_import,
)
from speciosa.domain.precautions.records import Medication
from speciosa.domain.precautions.rxnorm import RXNORM, RxNormTable, parse_rxnorm_codes
from speciosa.services.precautions.reference_tables import parse_precautions_reference

SNOMED = "http://snomed.info/sct"
AT = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def codes() -> RxNormTable:
    return parse_precautions_reference(load_reference()).rxnorm


def listed(name: str, system: str | None = None, code: str | None = None) -> Medication:
    return Medication("m1", "p1", name, AT, "p1", "f", code_system=system, code=code)


# Ingredient RxCUIs as in the CPIC drug table (cpicpgx/cpic-schema drug.sql) and the opioid
# ingredient table named in rxnorm_codes.yaml; alprazolam's row is unverified, so never used.
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("buprenorphine", "1819"),
        ("Suboxone", "1819"),  # a brand resolves to its substance's code
        ("methadone", "6813"),
        ("Valium", "3322"),
        ("oxycodone", "7804"),
        ("naloxone", "7242"),
        ("alcohol", "448"),
        ("alprazolam", None),
        ("kratom", None),
        ("lisinopril", None),
    ],
)
def test_a_name_resolves_to_its_verified_code(
    codes: RxNormTable, name: str, code: str | None
) -> None:
    substances = parse_precautions_reference(load_reference()).substances
    found = codes.code_for(listed(name), substances)
    assert (found.code if found else None) == code
    if found:
        assert found.system == RXNORM


def test_a_stored_code_wins_and_a_coded_entry_is_checked_as_its_substance(
    codes: RxNormTable,
) -> None:
    entry = listed("Valium 5 mg tablet", RXNORM, "3322")
    assert codes.checked_name(entry) == "diazepam"
    assert codes.checked_name(listed("Amoxicillin", SNOMED, "27658006")) == "Amoxicillin"
    assert codes.checked_name(listed("something", RXNORM, "596")) == "something"  # unverified


def table(*rows: dict[str, object]) -> ReferenceTable:
    return ReferenceTable("rxnorm_codes", 1, 365, "", tuple(rows))


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ({"substance": "nosuch", "rxcui": "1", "verified": False}, "not a substance"),
        ({"substance": "methadone", "rxcui": "A1", "verified": False}, "digits"),
        ({"substance": "methadone", "rxcui": "6813", "verified": "yes"}, "true or false"),
        ({"substance": "methadone", "rxcui": "6813", "verified": True}, "checked against"),
    ],
)
def test_a_malformed_row_fails_start_up(row: dict[str, object], words: str) -> None:
    substances = parse_precautions_reference(load_reference()).substances
    with pytest.raises(ReferenceDataError, match=words):
        parse_rxnorm_codes(table(row | {"source": "s", "as_of": "2026-12-03"}), substances)


def test_the_import_plan(codes: RxNormTable) -> None:
    entries = [
        ImportedMedication("Valium 5 mg tablet", RXNORM, "3322"),
        ImportedMedication("", RXNORM, "6813"),  # a code alone: listed as its substance
        ImportedMedication("Amoxicillin", SNOMED, "27658006"),
        ImportedMedication("gabapentin"),
        ImportedMedication("GABAPENTIN"),  # the same name twice in one bundle
        ImportedMedication("sertraline"),  # already listed
        ImportedMedication("Amoxicillin (product)", SNOMED, "27658006", current=False),
    ]
    plan = plan_import(entries, [listed("Sertraline")], codes)
    assert [(d.name, d.outcome) for d in plan] == [
        ("Valium 5 mg tablet", ImportOutcome.ADDED),
        ("methadone", ImportOutcome.ADDED),
        ("Amoxicillin", ImportOutcome.ADDED_UNKNOWN_CODE),
        ("gabapentin", ImportOutcome.ADDED),
        ("GABAPENTIN", ImportOutcome.ALREADY_LISTED),
        ("sertraline", ImportOutcome.ALREADY_LISTED),
        ("Amoxicillin (product)", ImportOutcome.NOT_CURRENT),
    ]
    assert [d.adds for d in plan] == [True, True, True, True, False, False, False]


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ([], "no MedicationStatement"),
        ([ImportedMedication("x")] * (MAX_IMPORTED + 1), "at most"),
        ([ImportedMedication("", SNOMED, "1")], "neither a name nor a code"),
    ],
)
def test_an_import_that_cannot_be_planned_is_refused(
    codes: RxNormTable, entries: list[ImportedMedication], words: str
) -> None:
    with pytest.raises(InvalidInput, match=words):
        plan_import(entries, [], codes)

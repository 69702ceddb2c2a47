"""The precautions reference tables as shipped: provenance on every row, names that resolve,
rules in severity order, real ISO 3166 codes, dated legal changes, and the article's claims."""

from __future__ import annotations

from datetime import date

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speciosa.bootstrap import load_reference
from speciosa.domain.foundation.errors import InvalidInput, NotFound
from speciosa.domain.foundation.reference import as_date
from speciosa.domain.precautions.evidence import Grade
from speciosa.domain.precautions.interactions import Severity, check_interactions
from speciosa.domain.precautions.legal import LegalStatus, status_for_profile, status_on
from speciosa.domain.precautions.substances import TermKind
from speciosa.services.precautions.reference_tables import (
    PrecautionsReference,
    parse_precautions_reference,
)

TABLES = (
    "substances",
    "interaction_rules",
    "red_flags",
    "emergency_contacts",
    "legal_status",
    "evidence_claims",
    "condition_precautions",
)


@pytest.fixture(scope="module")
def ref() -> PrecautionsReference:
    return parse_precautions_reference(load_reference())


@pytest.mark.parametrize("table", TABLES)
def test_every_row_names_its_source_and_when_it_was_checked(table: str) -> None:
    rows = load_reference().table(table).rows
    assert rows, f"{table} is empty"
    for row in rows:
        assert isinstance(row["source"], str), row
        assert len(row["source"].strip()) > 10, row
        assert as_date(row["as_of"], table) <= date(2026, 12, 3)  # not after it was checked


def test_the_legal_table_is_reviewed_every_12_months() -> None:
    # Issue 12: a status older than 12 months "may be out of date".
    assert load_reference().table("legal_status").review_interval_days == 365


# ------------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("typed", "name", "via"),
    [
        ("Xanax", "alprazolam", "brand"),  # FDA DSC 2016 names Xanax as a benzodiazepine
        ("XANAX", "alprazolam", "brand"),
        ("  xanax  ", "alprazolam", "brand"),
        ("alprazolam", "alprazolam", "generic"),
        ("Valium", "diazepam", "brand"),
        ("Klonopin", "clonazepam", "brand"),
        ("Neurontin", "gabapentin", "brand"),  # FDA DSC 2019
        ("Lyrica CR", "pregabalin", "brand"),
        ("Suboxone", "buprenorphine", "brand"),
        ("Ultram", "tramadol", "brand"),
        ("Percocet", "oxycodone", "brand"),
        ("Ambien", "zolpidem", "brand"),
        ("beer", "alcohol", "alias"),
        ("grapefruit juice", "grapefruit", "alias"),
        ("ketum", "kratom", "alias"),  # CDC 2018 outbreak notice lists the other names
        ("7-OH", "7-hydroxymitragynine", "alias"),
    ],
)
def test_generic_and_brand_names_resolve_case_insensitively(
    ref: PrecautionsReference, typed: str, name: str, via: str
) -> None:
    found = ref.substances.resolve(typed)
    assert found is not None
    assert (found.name, found.kind, found.via) == (name, TermKind.SUBSTANCE, via)


@pytest.mark.parametrize(
    ("typed", "cls"),
    [
        ("benzodiazepine", "benzodiazepines"),
        ("Benzos", "benzodiazepines"),
        ("an opioid".removeprefix("an "), "opioids"),
        ("gabapentinoid", "gabapentinoids"),
        ("MAOI", "maois"),
        ("sleeping pills", "cns_depressants"),
        ("CYP3A4 substrate", "cyp3a_substrates"),
        ("stimulant", "stimulants"),
    ],
)
def test_class_names_resolve_to_the_class(ref: PrecautionsReference, typed: str, cls: str) -> None:
    found = ref.substances.resolve(typed)
    assert found is not None
    assert found.kind is TermKind.CLASS
    assert found.classes == frozenset({cls})


def test_a_brand_carries_its_classes(ref: PrecautionsReference) -> None:
    found = ref.substances.resolve("Xanax")
    assert found is not None
    assert found.classes == {"benzodiazepines", "cyp3a_substrates"}


def test_every_class_the_issue_names_exists_with_members(ref: PrecautionsReference) -> None:
    for cls in (
        "opioids",
        "benzodiazepines",
        "gabapentinoids",
        "cns_depressants",
        "cyp3a_substrates",
        "cyp2d6_substrates",
        "stimulants",
        "maois",
    ):
        assert ref.substances.has(cls, TermKind.CLASS)
        assert ref.substances.members(cls), cls
    for substance in ("alcohol", "grapefruit", "tramadol", "midazolam", "kratom"):
        assert ref.substances.has(substance, TermKind.SUBSTANCE)


# ------------------------------------------------------------------ checks


def test_unknown_names_are_reported_never_dropped(ref: PrecautionsReference) -> None:
    result = check_interactions(
        ["Xanax", "Frobnicol", "frobnicol", "ibuprofen"], ref.substances, ref.rules
    )
    assert result.unrecognised == ("Frobnicol", "frobnicol", "ibuprofen")
    assert [r.name for r in result.checked] == ["kratom", "alprazolam"]


def test_kratom_with_a_benzodiazepine_is_major(ref: PrecautionsReference) -> None:
    # FDA DSC 31 Aug 2016 boxed warning (opioid-acting + benzodiazepine).
    result = check_interactions(["Xanax"], ref.substances, ref.rules)
    first = result.interactions[0]
    assert (first.substance, first.with_, first.severity) == ("kratom", "alprazolam", "major")
    assert "benzodiazepines" in first.why
    # The CYP3A finding (Tanna 2023, midazolam AUC ratio 1.39) is reported too, below it.
    assert [i.rule_id for i in result.interactions] == [
        "kratom-benzodiazepines",
        "kratom-cyp3a-substrates",
    ]
    assert "1.39" in result.interactions[1].mechanism


def test_a_class_name_alone_is_checked(ref: PrecautionsReference) -> None:
    result = check_interactions(["benzo"], ref.substances, ref.rules)
    assert [(i.with_, i.severity) for i in result.interactions] == [
        ("benzodiazepines", Severity.MAJOR)
    ]


def test_tramadol_with_an_maoi_is_contraindicated_and_listed_first(
    ref: PrecautionsReference,
) -> None:
    # Tramadol label: not with MAOIs or within 14 days.
    result = check_interactions(["Nardil", "metoprolol", "Ultram"], ref.substances, ref.rules)
    severities = [i.severity for i in result.interactions]
    assert severities[0] is Severity.CONTRAINDICATED
    assert (result.interactions[0].substance, result.interactions[0].with_) == (
        "tramadol",
        "phenelzine",
    )
    assert severities == sorted(severities, key=lambda s: s.rank)
    assert Severity.MINOR in severities  # metoprolol: CYP2D6, in vitro only


def test_pairs_between_other_medicines_are_checked(ref: PrecautionsReference) -> None:
    result = check_interactions(["OxyContin", "Valium"], ref.substances, ref.rules)
    pairs = {(i.substance, i.with_, i.rule_id) for i in result.interactions}
    assert ("oxycodone", "diazepam", "opioids-benzodiazepines") in pairs
    assert ("kratom", "oxycodone", "kratom-opioids") in pairs


def test_duplicates_of_one_substance_count_once(ref: PrecautionsReference) -> None:
    result = check_interactions(["Xanax", "alprazolam", "kratom"], ref.substances, ref.rules)
    assert [r.name for r in result.checked] == ["kratom", "alprazolam"]
    assert len(result.interactions) == 2


def test_nothing_listed_means_nothing_to_report(ref: PrecautionsReference) -> None:
    result = check_interactions([], ref.substances, ref.rules)
    assert result.interactions == ()
    assert result.worst is None


def test_empty_or_overlong_names_are_refused(ref: PrecautionsReference) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        check_interactions(["  "], ref.substances, ref.rules)
    with pytest.raises(InvalidInput, match="longer than"):
        check_interactions(["x" * 101], ref.substances, ref.rules)


NAMES = st.lists(
    st.sampled_from(
        [
            "Xanax",
            "Ultram",
            "Nardil",
            "beer",
            "Neurontin",
            "Adderall",
            "grapefruit",
            "metoprolol",
            "OxyContin",
            "Ambien",
            "midazolam",
            "Zoloft",
            "benzo",
            "sleeping pills",
            "Robitussin DM",
        ]
    ),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(NAMES)
def test_results_are_always_most_severe_first_and_complete(names: list[str]) -> None:
    ref = parse_precautions_reference(load_reference())
    result = check_interactions(names, ref.substances, ref.rules)
    ranks = [i.severity.rank for i in result.interactions]
    assert ranks == sorted(ranks)
    # Every name is either checked or reported as unrecognised.
    for name in names:
        found = ref.substances.resolve(name)
        assert (found is not None and found.name in {r.name for r in result.checked}) or (
            name in result.unrecognised
        )
    # Order of the names does not change what is found.
    again = check_interactions(list(reversed(names)), ref.substances, ref.rules)
    assert {(i.rule_id, frozenset((i.substance, i.with_))) for i in again.interactions} == {
        (i.rule_id, frozenset((i.substance, i.with_))) for i in result.interactions
    }


# ------------------------------------------------------------------ legal


def test_every_jurisdiction_code_is_a_real_iso_3166_code() -> None:
    for row in load_reference().table("legal_status").rows:
        code = str(row["jurisdiction"])
        if "-" in code:
            found = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]  # pycountry leaves Subdivisions.get unannotated
            assert found is not None, code
        else:
            assert pycountry.countries.get(alpha_2=code) is not None, code
    for row in load_reference().table("emergency_contacts").rows:
        assert pycountry.countries.get(alpha_2=str(row["country"])) is not None


@pytest.mark.parametrize(
    ("code", "on", "status", "age"),
    [
        # R.I. Gen. Laws ch. 21-28.12, effective 1 Apr 2026: the ban ends, regulation begins.
        ("US-RI", date(2026, 3, 31), LegalStatus.BANNED, None),
        ("us-ri", date(2026, 4, 1), LegalStatus.REGULATED, 21),
        # Louisiana Act 41 of 2025: banned from 1 Aug 2025.
        ("US-LA", date(2025, 7, 31), LegalStatus.REGULATED, 18),
        ("US-LA", date(2025, 8, 1), LegalStatus.BANNED, None),
        ("US-AL", date(2026, 11, 25), LegalStatus.BANNED, None),
        ("US-OR", date(2026, 11, 25), LegalStatus.REGULATED, 21),
        ("AU", date(2026, 11, 25), LegalStatus.BANNED, None),
        ("TH", date(2026, 11, 25), LegalStatus.REGULATED, 18),
    ],
)
def test_status_on_a_date(
    ref: PrecautionsReference, code: str, on: date, status: LegalStatus, age: int | None
) -> None:
    finding = status_on(ref.legal, code, on)
    assert (finding.entry.status, finding.entry.minimum_age) == (status, age)


def test_the_next_dated_change_is_announced(ref: PrecautionsReference) -> None:
    finding = status_on(ref.legal, "US-RI", date(2026, 1, 1))
    assert finding.upcoming is not None
    assert finding.upcoming.effective_from == date(2026, 4, 1)
    assert status_on(ref.legal, "US-RI", date(2026, 5, 1)).upcoming is None


def test_a_status_past_its_review_interval_may_be_out_of_date(ref: PrecautionsReference) -> None:
    as_of = status_on(ref.legal, "US-OR", date(2026, 11, 25)).entry.as_of
    assert not status_on(ref.legal, "US-OR", as_of).stale
    assert not status_on(ref.legal, "US-OR", date.fromordinal(as_of.toordinal() + 365)).stale
    assert status_on(ref.legal, "US-OR", date.fromordinal(as_of.toordinal() + 366)).stale


def test_unknown_or_malformed_codes_are_named(ref: PrecautionsReference) -> None:
    with pytest.raises(NotFound, match="'ZZ'"):
        status_on(ref.legal, "zz", date(2026, 11, 25))
    with pytest.raises(InvalidInput, match="'U5A'"):
        status_on(ref.legal, "U5A", date(2026, 11, 25))


def test_a_profile_without_a_state_row_falls_back_to_the_country(
    ref: PrecautionsReference,
) -> None:
    # Every state has a row now; Puerto Rico (US-PR) does not, so the federal row stands in.
    finding = status_for_profile(ref.legal, "US-PR", date(2026, 11, 25))
    assert finding is not None
    assert (finding.entry.jurisdiction, finding.fallback_for) == ("US", "US-PR")
    assert status_for_profile(ref.legal, None, date(2026, 11, 25)) is None


# ------------------------------------------------------------------ evidence and conditions


def test_every_claim_of_the_source_article_is_graded(ref: PrecautionsReference) -> None:
    ids = {c.id for c in ref.evidence.claims}
    for claim in (
        "withdrawal_relief",
        "pain",
        "mood",
        "hyperpigmentation_improvement",
        "hyperpigmentation_risk",
        "dosage",
        "dependence",
        "interactions",
        "quality",
    ):
        assert claim in ids
    assert ref.evidence.get("hyperpigmentation_improvement").grade is Grade.CONTRADICTED
    assert ref.evidence.get("hyperpigmentation_risk").grade is Grade.CASE_REPORTS_ONLY
    for written in ref.evidence.claims:
        assert len(written.summary) > 80
        assert written.citations


def test_red_flags_cover_the_issue_checklist_and_say_what_to_do(
    ref: PrecautionsReference,
) -> None:
    assert ref.checklist.codes == (
        "trouble_breathing",
        "extreme_drowsiness",
        "seizure",
        "chest_pain",
        "yellow_skin_or_eyes",
        "dark_urine",
        "confusion",
        "suicidal_thoughts",
        "dehydration",
        "fainting_or_palpitations",
        "hallucinations",
    )
    liver = [f.code for f in ref.checklist.flags if f.liver]
    assert liver == ["yellow_skin_or_eyes", "dark_urine"]
    assert all(f.what_to_do_now for f in ref.checklist.flags)


def test_conditions_show_their_precautions(ref: PrecautionsReference) -> None:
    from speciosa.domain.precautions.conditions import precautions_for

    shown = precautions_for(ref.conditions, ["liver_disease"], takes_other_medications=True)
    assert [c.code for c in shown] == ["liver_disease", "other_medications"]
    assert "yellow_skin_or_eyes" in shown[0].red_flags
    assert [c.code for c in precautions_for(ref.conditions, [], False)] == []

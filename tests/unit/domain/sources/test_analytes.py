"""Analyte synonyms: the names labs write map to one analyte each; unknown names stay unknown."""

from __future__ import annotations

import pytest

from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.sources.analytes import AnalyteCatalogue, parse_analyte_catalogue

# The synonyms issue 5 names, plus common COA spellings.
SYNONYMS = [
    ("Pb", "lead"), ("lead", "lead"), ("Lead (Pb)", "lead"),
    ("As", "arsenic"), ("arsenic", "arsenic"), ("Total arsenic", "arsenic"),
    ("Cd", "cadmium"), ("cadmium", "cadmium"),
    ("Hg", "mercury"), ("mercury", "mercury"), ("MeHg", "methylmercury"),
    ("7-OH", "hydroxymitragynine"), ("7-OH-MG", "hydroxymitragynine"),
    ("7-hydroxymitragynine", "hydroxymitragynine"), ("7OH", "hydroxymitragynine"),
    ("7 hydroxymitragynine", "hydroxymitragynine"),
    ("Mitragynine", "mitragynine"), ("MG", "mitragynine"),
    ("E. coli", "e_coli"), ("Escherichia coli", "e_coli"), ("E coli", "e_coli"),
    ("Salmonella spp.", "salmonella"), ("salmonella", "salmonella"),
    ("TAMC", "aerobic_count"), ("Total aerobic plate count", "aerobic_count"),
    ("Yeast & Mold", "yeast_mould"), ("yeast and mould", "yeast_mould"), ("TYMC", "yeast_mould"),
    ("Total alkaloids", "total_alkaloids"), ("MGM-15", "mgm_15"), ("Moisture", "moisture"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "key"), SYNONYMS)
def test_lab_spellings_map_to_one_analyte(catalogue: AnalyteCatalogue, name: str, key: str) -> None:
    found = catalogue.find(name)
    assert found is not None, name
    assert found.key == key


@pytest.mark.parametrize("name", ["Frobnium", "Lead acetate", "Total THC", ""])
def test_unknown_names_are_not_guessed(catalogue: AnalyteCatalogue, name: str) -> None:
    assert catalogue.find(name) is None


def test_every_listed_synonym_resolves_to_its_own_row(catalogue: AnalyteCatalogue) -> None:
    synonyms = catalogue.synonyms()
    assert len(synonyms) > 80
    for spelling, key in synonyms.items():
        found = catalogue.find(spelling)
        assert found is not None
        assert found.key == key


def test_a_name_claimed_by_two_analytes_fails_start_up() -> None:
    rows = [
        {"analyte": "lead", "kind": "metal", "names": ["Pb"]},
        {"analyte": "plumbum", "kind": "metal", "names": ["pb"]},
    ]
    with pytest.raises(ReferenceDataError, match="names both"):
        parse_analyte_catalogue(rows)


def test_an_unknown_kind_fails_start_up() -> None:
    with pytest.raises(ReferenceDataError, match="kind"):
        parse_analyte_catalogue([{"analyte": "x", "kind": "vibes", "names": []}])


def test_a_trailing_abbreviation_in_brackets_is_tried_without() -> None:
    from speciosa.domain.sources.analytes import Analyte, AnalyteCatalogue, AnalyteKind

    catalogue = AnalyteCatalogue(
        [
            (
                Analyte("yeast_mould", "Yeast and mould", AnalyteKind.COUNT),
                ["Total yeast and mold"],
            ),
            (Analyte("lead", "Lead", AnalyteKind.METAL), ["Pb"]),
        ]
    )
    assert catalogue.find("Total Yeast and Mold (YM)") == catalogue.get("yeast_mould")
    assert catalogue.find("Lead (Pb)") == catalogue.get("lead")
    assert catalogue.find("Mercury (Hg)") is None  # unknown with or without
    assert (
        catalogue.find("Total Yeast and Mold (as measured by qPCR)") is None
    )  # not an abbreviation


# Organism names as printed on real certificates (../shared/coa-corpus: MCR, Steep Hill,
# Kaycha, Confident Cannabis, Tagleaf) and in the state rules they cite.
STEC = "shiga_toxin_e_coli"
LAB_ORGANISMS = [
    ("Total Viable Aerobic Bacteria", "aerobic_count"), ("Aerobic Bacteria", "aerobic_count"),
    ("Total Viable Aerobic Bacteria (TAC)", "aerobic_count"),
    ("Total Yeast and Mold (YM)", "yeast_mould"), ("Total Yeast & Mold", "yeast_mould"),
    ("TOTAL YEAST AND MOLD", "yeast_mould"),
    ("Total Bile-Tolerant Gram Negative Bacteria", "bile_tolerant_gram_negative"),
    ("Bile-Tolerant Gram-Neg. Bacteria (BTGN)", "bile_tolerant_gram_negative"),
    ("Total Coliforms (CC)", "coliforms"), ("Coliforms", "coliforms"),
    ("Enterobacteriaceae", "enterobacteriaceae"),
    ("Salmonella SPP", "salmonella"), ("SALMONELLA SPECIFIC GENE", "salmonella"),
    ("STEC", STEC), ("STEC E. coli", STEC), ("Shiga toxin-producing E. Coli", STEC),
    ("SHIGA TOXIN-PRODUCING E. COLI", STEC),
    ("ESCHERICHIA COLI SHIGELLA SPP", "e_coli_shigella"),
    ("ASPERGILLUS FLAVUS", "aspergillus_flavus"),
    ("Aspergillus fumigatus", "aspergillus_fumigatus"),
    ("Aspergillus niger", "aspergillus_niger"), ("ASPERGILLUS TERREUS", "aspergillus_terreus"),
    ("Aspergillus avus", "aspergillus_flavus"),  # the 'fl' ligature lost from a text layer
]  # fmt: skip


@pytest.mark.parametrize(("name", "key"), LAB_ORGANISMS)
def test_organism_names_labs_print_map_to_their_organism(
    catalogue: AnalyteCatalogue, name: str, key: str
) -> None:
    found = catalogue.find(name)
    assert found is not None, name
    assert found.key == key


@pytest.mark.parametrize(
    "name", ["STEC", "Shiga toxin-producing E. coli", "ESCHERICHIA COLI SHIGELLA SPP"]
)
def test_a_strain_specific_test_is_never_taken_for_e_coli_at_large(
    catalogue: AnalyteCatalogue, name: str
) -> None:
    """USP <2023> asks that E. coli be absent; a STEC test looks only for Shiga-toxin strains."""
    found = catalogue.find(name)
    assert found is not None
    assert found.key != "e_coli"


# Names no corpus lab printed, arranged from the organism's own words (name_words).
UNSEEN_ARRANGEMENTS = [
    ("Total Mesophilic Aerobic Bacteria", "aerobic_count"),
    ("Aerobic Plate Count (APC) per gram", "aerobic_count"),
    ("Yeasts and Moulds", "yeast_mould"), ("Mold & Yeast Count", "yeast_mould"),
    ("Salmonella enterica", "salmonella"), ("Shiga toxin E. coli", STEC),
    ("Bile tolerant Gram-negatives", "bile_tolerant_gram_negative"),
    ("E. coli / Shigella species", "e_coli_shigella"),
    ("A. flavus (Aspergillus)", "aspergillus_flavus"),
    ("Staph. aureus", "staphylococcus_aureus"),
]  # fmt: skip
NOT_GUESSED = [
    "Anaerobic bacteria", "Aerobic spore-formers", "Fecal coliforms", "Coliforms / E. coli",
    "Salmonella / Listeria", "Aspergillus flavus/fumigatus", "Yeast", "Mold",
    "Generic E. coli O157 test", "Salmonella and STEC",
    "Salmonella was not detected in any of the samples we tested this month",
]  # fmt: skip


@pytest.mark.parametrize(("name", "key"), UNSEEN_ARRANGEMENTS)
def test_an_organism_is_known_by_its_own_words_in_a_new_arrangement(
    catalogue: AnalyteCatalogue, name: str, key: str
) -> None:
    found = catalogue.find(name)
    assert found is not None, name
    assert found.key == key


@pytest.mark.parametrize("name", NOT_GUESSED)
def test_combined_tests_other_tests_and_sentences_are_not_guessed(
    catalogue: AnalyteCatalogue, name: str
) -> None:
    assert catalogue.find(name) is None


@pytest.mark.parametrize("words", ["aerobic", [[]], ["aerobic"]])
def test_name_words_that_are_not_lists_of_words_are_refused(words: object) -> None:
    row = {"analyte": "x", "kind": "count", "names": [], "name_words": words}
    with pytest.raises(ReferenceDataError, match="name_words"):
        parse_analyte_catalogue([row])

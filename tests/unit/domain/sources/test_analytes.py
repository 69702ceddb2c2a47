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

"""Column headings as labs print them, and what each column holds (table-driven)."""

from __future__ import annotations

import pytest

from speciosa.adapters.coa.header_terms import Role, role_of
from speciosa.adapters.coa.sections import Section, section_of_heading


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Result", Role.RESULT),
        ("Results", Role.RESULT),
        ("Result, ppb", Role.RESULT),
        ("Result (ppb)", Role.RESULT),
        ("AMT (µg/g)", Role.RESULT),
        ("Mass", Role.RESULT),
        ("Concentration", Role.RESULT),
        ("Amount", Role.RESULT),
        ("LOQ", Role.LOQ),
        ("LOQ (ppb)", Role.LOQ),
        ("Limit of Quantitation", Role.LOQ),
        ("Reporting Limit", Role.LOQ),
        ("PQL", Role.LOQ),
        ("LOD", Role.LOD),
        ("Limit of Detection", Role.LOD),
        ("MDL", Role.LOD),
        ("LOD/LOQ (µg/g)", Role.LOQ),
        ("Limit", Role.LIMIT),
        ("Limits ppb", Role.LIMIT),
        ("All Uses Limit (ppb)", Role.LIMIT),
        ("Action Level (PPM)", Role.LIMIT),
        ("Specification", Role.LIMIT),
        ("Maximum", Role.LIMIT),
        ("Status", Role.STATUS),
        ("Pass / Fail", Role.STATUS),
        ("Disposition", Role.STATUS),
        ("Finding", Role.STATUS),
        ("Conclusion", Role.STATUS),
        ("Units", Role.UNIT),
        ("Unit(s)", Role.UNIT),
        ("Analyte", Role.ANALYTE),
        ("Metal", Role.ANALYTE),
        ("Test Analysis", Role.ANALYTE),
        ("Test ID", Role.OTHER),
        ("Method", Role.OTHER),
        ("Datafile", Role.OTHER),
        ("Analysis Date", Role.OTHER),
        ("QC recovery (%)", Role.QC),
        ("%Rec", Role.QC),
        ("Spike Level (ppm)", Role.QC),
        ("Measured Conc. (ppb)", Role.QC),
        ("Expected Conc. (ppb)", Role.QC),
        ("Method Blank", Role.QC),
        ("LCS", Role.QC),
        ("Duplicate", Role.QC),
        ("ppb", Role.OTHER),  # a unit row under the headings names no column by itself
    ],
)
def test_column_headings_name_what_the_column_holds(heading: str, role: Role) -> None:
    assert role_of(heading) is role


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("Heavy Metals Lab Results", Section.METALS),
        ("M - 0 5 3 : H E AV Y M E TA L S B Y I C P - M S", Section.METALS),
        ("ELEMENTAL IMPURITIES BY ICP-MS", Section.METALS),
        ("[R] Heavy Metals QC", Section.QC),
        ("Quality Control - Matrix Spike", Section.QC),
        ("Microbials Lab Results", Section.MICROBIALS),
        ("[K] Pathogenic Bacteria", Section.MICROBIALS),
        ("Mycotoxins", Section.MYCOTOXINS),
        ("Residual Solvents", Section.SOLVENTS),
        ("Pesticides and Mycotoxins", Section.MYCOTOXINS),
        ("[H] Cannabinoid Profile", Section.POTENCY),
        ("Alkaloid Profile (HPLC)", Section.POTENCY),
        ("Terpenes", Section.TERPENES),
        ("Sample Information", None),
    ],
)
def test_section_headings(heading: str, section: Section | None) -> None:
    assert section_of_heading(heading) is section

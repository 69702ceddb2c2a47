"""The standards profile: every limit a certificate is judged against, each with its source.

Parsed once at start-up from the reference table `coa_limits`; a malformed row fails start-up.
Rule kinds (the `rule` column):

- `pde`: USP <2232> permitted daily exposure in µg/day, judged as concentration × daily grams;
- `concentration`: a concentration limit (state kratom rules; the federal 7-OH threshold);
- `count` / `absence`: USP <2023> microbial limits by product category;
- `alkaloid_share`: 7-OH as a share of the alkaloid composition;
- `enhanced_share`: the same published 2 % ceiling, used to flag an "enhanced" 7-OH profile;
- `per_serving`: milligrams of an alkaloid per serving or unit (needs the serving size);
- `alkaloid_reporting`: the rule that a kratom certificate must state mitragynine and 7-OH;
- `solvent_panel`: extracts must report residual solvents (USP <467>; their limits are
  `concentration` rows on solvent analytes);
- `synthetic`: lab-made derivatives that must not be present;
- `reference_daily_grams`: the daily amount assumed when none is stated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Action(StrEnum):
    FAIL = "fail"  # exceeding it fails the certificate
    FLAG = "flag"  # exceeding it is shown, but does not fail the certificate


class Comparison(StrEnum):
    LT = "lt"  # the value must be below the limit ("Lead < 1.2 ppm")
    LE = "le"  # the value may equal the limit ("not more than 10⁵ CFU/g")


class MicrobialCategory(StrEnum):
    DRIED_BOTANICAL = "dried_botanical"
    BOTANICAL_EXTRACT = "botanical_extract"


@dataclass(frozen=True)
class Citation:
    rule: str  # the rule's name as a person reads it
    source: str
    as_of: date
    note: str = ""


@dataclass(frozen=True)
class DailyExposureLimit:
    analyte: str
    pde_ug_per_day: Decimal
    citation: Citation


@dataclass(frozen=True)
class ConcentrationLimit:
    analyte: str
    limit_ug_per_g: Decimal  # mass fraction, in the base unit µg/g (1 % = 10 000 µg/g)
    comparison: Comparison
    action: Action
    citation: Citation

    def exceeded_by(self, value_ug_per_g: Decimal) -> bool:
        limit = self.limit_ug_per_g
        return (
            value_ug_per_g >= limit if self.comparison is Comparison.LT else value_ug_per_g > limit
        )


@dataclass(frozen=True)
class CountLimit:
    analyte: str
    max_cfu_per_g: Decimal
    category: MicrobialCategory
    required: bool
    citation: Citation


@dataclass(frozen=True)
class AbsenceRule:
    analyte: str
    sample_grams: Decimal
    category: MicrobialCategory
    citation: Citation


@dataclass(frozen=True)
class ShareRule:
    analyte: str
    max_percent: Decimal
    citation: Citation


@dataclass(frozen=True)
class ServingLimit:
    """Milligrams of an alkaloid in one serving or unit (federal per-unit 7-OH; GA, RI caps)."""

    analyte: str
    max_mg: Decimal
    comparison: Comparison
    action: Action
    citation: Citation

    def exceeded_by(self, mg: Decimal) -> bool:
        return mg >= self.max_mg if self.comparison is Comparison.LT else mg > self.max_mg


@dataclass(frozen=True)
class StandardsProfile:
    daily_exposure: tuple[DailyExposureLimit, ...]
    concentration: tuple[ConcentrationLimit, ...]
    counts: tuple[CountLimit, ...]
    absences: tuple[AbsenceRule, ...]
    share: ShareRule
    enhanced: ShareRule
    synthetic: Citation
    reference_daily_grams: Decimal
    reference_daily_grams_citation: Citation
    alkaloid_reporting: Citation
    per_serving: tuple[ServingLimit, ...] = ()
    solvent_panel: Citation | None = None  # why extracts must report residual solvents

    @property
    def required_metals(self) -> tuple[str, ...]:
        """The heavy-metal panel: every analyte with a USP <2232> PDE except methylmercury,
        which USP does not require when total mercury is below its limit."""
        return tuple(p.analyte for p in self.daily_exposure if p.analyte != "methylmercury")

    def required_microbial(self, category: MicrobialCategory) -> tuple[str, ...]:
        counts = [c.analyte for c in self.counts if c.category is category and c.required]
        return (*counts, *(a.analyte for a in self.absences if a.category is category))

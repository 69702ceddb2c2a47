"""Dosing arithmetic that needs no record: MME of a regimen, alkaloid milligrams, a taper's steps.

Shared by the CLI, the API and the dose journal; the reference tables are parsed once, here.
"""

from __future__ import annotations

from datetime import date

from speciosa.domain.dosing.alkaloids import AlkaloidDose, measure_alkaloids
from speciosa.domain.dosing.mme import MmeResult, calculate_mme, parse_mme_table, parse_regimen
from speciosa.domain.dosing.taper import TaperStep, check_parameters, plan_taper
from speciosa.services.foundation.reference import ReferenceCatalogue


class DosingCalculators:
    def __init__(self, reference: ReferenceCatalogue) -> None:
        self.mme_table = parse_mme_table(reference.table("mme_factors"))

    def mme(self, regimen: object) -> MmeResult:
        """`regimen` as decoded from JSON: a list of {drug, dose_mg, doses_per_day} or patches."""
        return calculate_mme(parse_regimen(regimen, self.mme_table), self.mme_table)

    @staticmethod
    def alkaloids(
        grams: float,
        mitragynine_pct: float,
        hydroxymitragynine_pct: float | None,
        *,
        fields: tuple[str, str, str] = ("grams", "mitragynine_pct", "hydroxymitragynine_pct"),
    ) -> AlkaloidDose:
        return measure_alkaloids(grams, mitragynine_pct, hydroxymitragynine_pct, fields=fields)

    @staticmethod
    def taper_steps(
        start: float | str,
        unit_step: float | str,
        reduction_pct: float | str,
        every_days: int,
        start_date: date,
    ) -> list[TaperStep]:
        return plan_taper(check_parameters(start, unit_step, reduction_pct, every_days, start_date))

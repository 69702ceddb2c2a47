"""RxNorm codes for Speciosa's medicine names (`reference/rxnorm_codes.yaml`), and how a medicine
list entry maps to and from a standard code.

Only rows marked `verified` are used: a code the table's author could not confirm in a source is
never written to an export nor accepted on import. A medicine name resolves to its substance
through the substances catalogue (generic, brand or other name), then to the substance's code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable
from speciosa.domain.precautions import rows as r
from speciosa.domain.precautions.records import Medication
from speciosa.domain.precautions.substances import SubstanceCatalogue, TermKind

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


@dataclass(frozen=True)
class MedicineCode:
    """A standard code for a medicine: system, code and its display text."""

    system: str
    code: str
    display: str


@dataclass(frozen=True)
class RxNormTable:
    by_substance: Mapping[str, MedicineCode]
    by_code: Mapping[str, str]  # RxCUI -> canonical substance name
    unverified: frozenset[str]  # RxCUIs listed but not confirmed in a source

    def code_for(
        self, medication: Medication, substances: SubstanceCatalogue
    ) -> MedicineCode | None:
        """The code a list entry carries: the one it was recorded with, else its substance's."""
        if medication.code_system and medication.code:
            substance = self.substance_for(medication.code_system, medication.code)
            known = self.by_substance.get(substance) if substance else None
            display = medication.code_display or medication.name
            return known or MedicineCode(medication.code_system, medication.code, display)
        found = substances.resolve(medication.name)
        if found is None or found.kind is not TermKind.SUBSTANCE:
            return None
        return self.by_substance.get(found.name)

    def substance_for(self, system: str, code: str) -> str | None:
        """The canonical substance name of a verified RxNorm code; None for anything else."""
        return self.by_code.get(code) if system == RXNORM else None

    def checked_name(self, medication: Medication) -> str:
        """The name the interaction check reads: the substance a verified code stands for (so
        "Valium 5 mg tablet" coded RxNorm 3322 is checked as diazepam), else the name."""
        substance = self.substance_for(medication.code_system or "", medication.code or "")
        return substance or medication.name


EMPTY_RXNORM = RxNormTable({}, {}, frozenset())


def parse_rxnorm_codes(table: ReferenceTable, substances: SubstanceCatalogue) -> RxNormTable:
    by_substance: dict[str, MedicineCode] = {}
    by_code: dict[str, str] = {}
    unverified: set[str] = set()
    for index, row in enumerate(table.rows):
        at = r.where(table.name, index)
        substance = r.text(row, "substance", at)
        code = r.text(row, "rxcui", at)
        if not code.isdigit():
            raise ReferenceDataError(f"{at}: rxcui must be digits, got {code!r}.")
        if not substances.has(substance, TermKind.SUBSTANCE):
            raise ReferenceDataError(f"{at}: '{substance}' is not a substance in substances.yaml.")
        verified = row.get("verified")
        if not isinstance(verified, bool):
            raise ReferenceDataError(f"{at}: verified must be true or false.")
        if verified and not r.text(row, "checked_against", at, required=False):
            raise ReferenceDataError(f"{at}: a verified code names what it was checked against.")
        if substance in by_substance or code in by_code or code in unverified:
            raise ReferenceDataError(f"{at}: {substance} / {code} is listed twice.")
        if not verified:
            unverified.add(code)
            continue
        by_substance[substance] = MedicineCode(RXNORM, code, r.text(row, "display", at))
        by_code[code] = substance
    return RxNormTable(by_substance, by_code, frozenset(unverified))

"""Speciosa's own codes for what a complete record holds and no standard code was found for
(red-flag reports, alert kinds, interaction checks, taper steps and holds, skin colour values,
certificates), published in each Bundle as a CodeSystem; and the standard systems used beside
them. UCUM units: CIELAB L*, a*, b* are dimensionless ("1"); ITA° is an angle in degrees
("deg", UCUM's unit for plane angle degrees)."""

from __future__ import annotations

from speciosa.adapters.fhir.codes import CODE_SYSTEM_VERSION, FHIR_BASE
from speciosa.adapters.fhir.questionnaires import resource_id
from speciosa.adapters.fhir.r4_models import CodeSystem
from speciosa.domain.foundation.alerts import AlertKind

RECORD_CODES = f"{FHIR_BASE}/CodeSystem/record"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
DOCUMENT_STATUS_CURRENT = "current"
UCUM_DIMENSIONLESS = "1"
UCUM_DEGREES = "deg"

CONCEPTS: dict[str, str] = {
    "medication-list": "A medicine on the person's list (checked for interactions)",
    "red-flag": "A red flag the person reported (a symptom needing urgent attention)",
    "interaction": "An interaction between listed substances, from Speciosa's interaction rules",
    "taper-plan": "A clinician-approved taper plan",
    "taper-step": "One reduction step of a taper plan (the daily amount from its date)",
    "taper-hold": "A hold of the next taper step because withdrawal scores rose",
    "skin-colour": "Skin colour of one site measured from a colour-calibrated photo",
    "cielab-l": "CIELAB L* (lightness, D65)",
    "cielab-a": "CIELAB a* (green–red, D65)",
    "cielab-b": "CIELAB b* (blue–yellow, D65)",
    "ita": "Individual typology angle ITA° = atan((L* − 50) / b*) · 180/π",
    "coa": "A lab certificate of analysis of a product batch the person bought",
    "coa-analyte": "One analyte's result on a certificate of analysis",
    "report-pdf": "Speciosa's PDF report of the period",
    **{f"alert-{k.value}": f"Speciosa alert: {k.value.replace('_', ' ')}" for k in AlertKind},
}


def record_coding(code: str) -> dict[str, str]:
    return {
        "system": RECORD_CODES,
        "version": CODE_SYSTEM_VERSION,
        "code": code,
        "display": CONCEPTS[code],
    }


def record_concept(code: str, text: str | None = None) -> dict[str, object]:
    return {"coding": [record_coding(code)], "text": text or CONCEPTS[code]}


def record_code_system() -> CodeSystem:
    return CodeSystem(
        id=resource_id("codesystem", RECORD_CODES),
        url=RECORD_CODES,
        version=CODE_SYSTEM_VERSION,
        name="SpeciosaRecordCodes",
        title="Speciosa record codes",
        status="active",
        experimental=False,
        description=(
            "Speciosa's own codes, used because no standard code was found for these concepts "
            "(red-flag reports, alert kinds, interaction findings, taper steps and holds, CIELAB "
            "skin colour values and ITA°, certificates of analysis). Standard codes are used "
            "where they exist: SNOMED CT 763699005 for the COWS total, LOINC 8867-4 for the "
            "heart rate, RxNorm for medicines."
        ),
        caseSensitive=True,
        content="complete",
        concept=[{"code": c, "display": d} for c, d in CONCEPTS.items()],
    )

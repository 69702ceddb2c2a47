"""Measured results of a complete record as typed FHIR resources: skin measurements (one
Observation per site with CIELAB L*, a*, b* and ITA° components in UCUM units, the site as
bodySite) and certificates of analysis (a DiagnosticReport with one Observation per analyte)."""

from __future__ import annotations

import math
from datetime import date

from speciosa.adapters.fhir.codes import UCUM
from speciosa.adapters.fhir.questionnaires import fhir_datetime, reference, resource_id
from speciosa.adapters.fhir.r4_models import DiagnosticReport, Observation
from speciosa.adapters.fhir.record_codes import (
    UCUM_DEGREES,
    UCUM_DIMENSIONLESS,
    record_coding,
    record_concept,
)
from speciosa.domain.pigmentation.measurement import SiteColour
from speciosa.domain.pigmentation.records import SkinPhotoRecord
from speciosa.domain.reports.period import ReportCoa
from speciosa.domain.sources.certificate import Certificate

OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


def _day(value: date) -> str:
    return value.isoformat()


def _colour_components(colour: SiteColour) -> list[dict[str, object]]:
    def part(code: str, value: float, unit: str, ucum: str) -> dict[str, object]:
        return {
            "code": record_concept(code),
            "valueQuantity": {"value": round(value, 2), "unit": unit, "system": UCUM, "code": ucum},
        }

    return [
        part("cielab-l", colour.L, "L*", UCUM_DIMENSIONLESS),
        part("cielab-a", colour.a, "a*", UCUM_DIMENSIONLESS),
        part("cielab-b", colour.b, "b*", UCUM_DIMENSIONLESS),
        part("ita", colour.ita_deg, "°", UCUM_DEGREES),
    ]


def skin_observations(record: SkinPhotoRecord, patient_id: str) -> list[Observation]:
    m = record.measurement
    sites = [("site", record.site, m.roi)]
    if m.reference is not None:
        sites.append(("reference", record.reference_site, m.reference))
    calibrated = "colour-calibrated" if m.calibrated else "NOT colour-calibrated"
    return [
        Observation(
            id=resource_id("skin", f"{record.id}:{role}"),
            status="final",
            category=[
                {"coding": [{"system": OBSERVATION_CATEGORY, "code": "exam", "display": "Exam"}]}
            ],
            code=record_concept("skin-colour"),
            subject=reference(patient_id),
            effectiveDateTime=fhir_datetime(record.taken_at),
            bodySite={"text": site},
            note=[
                {
                    "text": f"{'Reference' if role == 'reference' else 'Measured'} site, "
                    f"{calibrated} photo; ITA category {colour.category_label}."
                }
            ],
            component=_colour_components(colour),
        )
        for role, site, colour in sites
    ]


def _number(value: str) -> float | None:
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def certificate_resources(
    coa: ReportCoa, certificate: Certificate, patient_id: str
) -> tuple[DiagnosticReport, list[Observation]]:
    key = coa.certificate_id or coa.product
    observations = []
    for index, result in enumerate(certificate.results):
        number = _number(result.value)
        value: dict[str, object] = (
            {"valueQuantity": {"value": number, "unit": result.unit}}
            if number is not None and result.unit
            else {"valueString": f"{result.value} {result.unit}".strip()}
        )
        observations.append(
            Observation(
                id=resource_id("analyte", f"{key}:{index}"),
                status="final",
                category=[{"coding": [{"system": OBSERVATION_CATEGORY, "code": "laboratory"}]}],
                code=record_concept("coa-analyte", result.analyte),
                subject=reference(patient_id),
                **(
                    {"effectiveDateTime": _day(certificate.tested_on)}
                    if certificate.tested_on
                    else {}
                ),
                **value,
            )
        )
    conclusion = f"Verdict at the person's daily amount: {coa.verdict}."
    if coa.reasons:
        conclusion += " " + " ".join(coa.reasons)
    if coa.recalls:
        conclusion += " " + " ".join(coa.recalls)
    report = DiagnosticReport(
        id=resource_id("coa", key),
        status="final",
        category=[record_concept("coa")],
        code={"coding": [record_coding("coa")], "text": f"Certificate of analysis: {coa.product}"},
        subject=reference(patient_id),
        **({"effectiveDateTime": _day(certificate.tested_on)} if certificate.tested_on else {}),
        **({"issued": fhir_datetime(coa.uploaded_at)} if coa.uploaded_at else {}),
        performer=[{"display": certificate.lab}] if certificate.lab else None,
        result=[reference(o.id or "") for o in observations] or None,
        conclusion=conclusion,
    )
    return report, observations

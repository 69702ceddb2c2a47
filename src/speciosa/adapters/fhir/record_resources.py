"""The parts of a complete record beyond check-ins and doses, as typed FHIR resources: the
medicine list (MedicationStatement with RxNorm codes), taper plans (CarePlan, a step or hold per
activity), interactions (DetectedIssue), red flags and alerts (Flag), clinician notes
(Communication), skin measurements (Observation with CIELAB and ITA° components, the site as
bodySite), certificates (DiagnosticReport with one Observation per analyte) and the PDF report
(DocumentReference). References are `urn:uuid:` fullUrls inside the Bundle (see `bundle`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime

from speciosa.adapters.fhir.codes import UCUM
from speciosa.adapters.fhir.questionnaires import fhir_datetime, reference, resource_id
from speciosa.adapters.fhir.r4_models import (
    CarePlan,
    Communication,
    DetectedIssue,
    DiagnosticReport,
    DocumentReference,
    Flag,
    MedicationStatement,
    Observation,
)
from speciosa.adapters.fhir.record_codes import (
    FLAG_CATEGORY,
    UCUM_DEGREES,
    UCUM_DIMENSIONLESS,
    record_coding,
    record_concept,
)
from speciosa.domain.alerts import Alert
from speciosa.domain.clinical_record import RecordMedication, RecordRedFlagReport, RecordTaper
from speciosa.domain.dosing.taper import amount_number
from speciosa.domain.labs.certificate import Certificate
from speciosa.domain.pigmentation.measurement import SiteColour
from speciosa.domain.pigmentation.records import SkinPhotoRecord
from speciosa.domain.precautions.interactions import Interaction, Severity
from speciosa.domain.reports import ReportCoa, ReportNote

SEVERITY = {  # DetectedIssue.severity (R4 value set detectedissue-severity: high|moderate|low)
    Severity.CONTRAINDICATED: "high",
    Severity.MAJOR: "high",
    Severity.MODERATE: "moderate",
    Severity.MINOR: "low",
}
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


def medication_list_statement(
    entry: RecordMedication, patient_id: str, status: str = "active"
) -> MedicationStatement:
    m = entry.medication
    concept: dict[str, object] = {"text": m.name}
    if entry.code is not None:
        concept["coding"] = [
            {"system": entry.code.system, "code": entry.code.code, "display": entry.code.display}
        ]
    return MedicationStatement(
        id=resource_id("medication", m.id),
        identifier=[{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{m.id}"}],
        status=status,
        category={"coding": [record_coding("medication-list")]},
        medicationCodeableConcept=concept,
        subject=reference(patient_id),
        dateAsserted=fhir_datetime(m.added_at),
    )


def _day(value: date) -> str:
    return value.isoformat()


def taper_care_plan(taper: RecordTaper, patient_id: str, today: date) -> CarePlan:
    plan = taper.plan
    unit = {"value": 0, "unit": f"{plan.unit}/day"}
    activities: list[dict[str, object]] = []
    steps = taper.steps
    for index, step in enumerate(steps):
        until = steps[index + 1].date if index + 1 < len(steps) else None
        done = until is not None and until <= today
        status = "completed" if done else ("in-progress" if step.date <= today else "scheduled")
        moved = f"; moved {step.held_days} days by holds" if step.held_days else ""
        period = {"start": _day(step.date)} | ({"end": _day(until)} if until else {})
        activities.append(
            {
                "detail": {
                    "code": record_concept("taper-step"),
                    "status": status,
                    "scheduledPeriod": period,
                    "dailyAmount": unit | {"value": amount_number(step.amount)},
                    "description": f"Step {step.index}: {amount_number(step.amount)} "
                    f"{plan.unit}/day from {step.date:%d %b %Y}{moved}",
                }
            }
        )
    for hold in taper.holds:
        activities.append(
            {
                "detail": {
                    "code": record_concept("taper-hold"),
                    "status": "completed" if hold.due_before <= today else "on-hold",
                    "scheduledPeriod": {"start": _day(hold.trigger_day)},
                    "description": taper.explanations.get(hold.id, "")
                    or f"Held {hold.days} days: {hold.instrument.upper()} rose from "
                    f"{hold.from_total} to {hold.to_total}.",
                }
            }
        )
    status = {"approved": "active", "ended": "completed"}.get(plan.status.value, "unknown")
    return CarePlan(
        id=resource_id("careplan", plan.id),
        status=status,
        intent="plan",
        category=[record_concept("taper-plan")],
        title=plan.title,
        description=f"{plan.reduction_pct.normalize():f} % every {plan.every_days} days in "
        f"steps of {plan.unit_step.normalize():f} {plan.unit}; {plan.hold_rule.described}."
        + (f" {plan.note}" if plan.note else ""),
        subject=reference(patient_id),
        period={"start": _day(plan.start_date)} | ({"end": _day(steps[-1].date)} if steps else {}),
        created=fhir_datetime(plan.approved_at or plan.created_at),
        activity=activities,
    )


def interaction_issue(
    interaction: Interaction, patient_id: str, implicated: Sequence[str], identified: datetime
) -> DetectedIssue:
    key = f"{patient_id}:{interaction.rule_id}:{interaction.substance}:{interaction.with_}"
    return DetectedIssue(
        id=resource_id("interaction", key),
        status="final",
        code=record_concept("interaction", f"{interaction.substance} with {interaction.with_}"),
        severity=SEVERITY[interaction.severity],
        patient=reference(patient_id),
        identifiedDateTime=fhir_datetime(identified),
        implicated=[reference(i) for i in implicated] or None,
        detail=f"{interaction.severity.value}: {interaction.mechanism} {interaction.why}".strip(),
        reference=None,
        mitigation=[{"action": {"text": interaction.advice}}] if interaction.advice else None,
    )


def red_flag_flags(entry: RecordRedFlagReport, patient_id: str, latest: bool) -> list[Flag]:
    report = entry.report
    return [
        Flag(
            id=resource_id("red-flag", f"{report.id}:{flag.code}"),
            status="active" if latest else "inactive",
            category=[
                {"coding": [{"system": FLAG_CATEGORY, "code": "clinical", "display": "Clinical"}]}
            ],
            code={
                "coding": [record_coding("red-flag")],
                "text": f"{flag.label}" + (f" ({flag.urgency})" if flag.urgency else ""),
            },
            subject=reference(patient_id),
            period={"start": fhir_datetime(report.reported_at)},
        )
        for flag in entry.flags
    ]


def alert_flag(alert: Alert, patient_id: str) -> Flag:
    period = {"start": fhir_datetime(alert.raised_at)}
    if alert.acknowledged_at is not None:
        period["end"] = fhir_datetime(alert.acknowledged_at)
    return Flag(
        id=resource_id("alert", alert.id),
        status="active" if alert.open else "inactive",
        category=[
            {"coding": [{"system": FLAG_CATEGORY, "code": "clinical", "display": "Clinical"}]}
        ],
        code=record_concept(f"alert-{alert.kind.value}", f"{alert.title}. {alert.explanation}"),
        subject=reference(patient_id),
        period=period,
    )


def note_communication(note: ReportNote, patient_id: str) -> Communication:
    return Communication(
        id=resource_id("note", note.id),
        status="completed",
        subject=reference(patient_id),
        sent=fhir_datetime(note.written_at),
        sender={"display": note.author},
        payload=[{"contentString": note.text}],
    )


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


def pdf_document(
    patient_id: str, person_id: str, days: int, generated_at: datetime
) -> DocumentReference:
    return DocumentReference(
        id=resource_id("document", f"{person_id}:{days}:{generated_at.isoformat()}"),
        status="current",
        type=record_concept("report-pdf"),
        subject=reference(patient_id),
        date=fhir_datetime(generated_at),
        description=f"Speciosa report of the last {days} days (PDF)",
        content=[
            {
                "attachment": {
                    "contentType": "application/pdf",
                    "url": f"/api/v1/reports/{person_id}/pdf?days={days}",
                    "title": "Speciosa report",
                    "creation": fhir_datetime(generated_at),
                }
            }
        ],
    )

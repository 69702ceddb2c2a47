"""The parts of a complete record beyond check-ins and doses, as typed FHIR resources: the
medicine list (MedicationStatement with RxNorm codes), taper plans (CarePlan, a step or hold per
activity), interactions (DetectedIssue), red flags and alerts (Flag), clinician notes
(Communication) and the PDF report (DocumentReference); skin and certificate results are in
`record_observations`. References are `urn:uuid:` fullUrls inside the Bundle (see `bundle`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from speciosa.adapters.fhir.questionnaires import fhir_datetime, reference, resource_id
from speciosa.adapters.fhir.r4_models import (
    CarePlan,
    Communication,
    DetectedIssue,
    DocumentReference,
    Flag,
    MedicationStatement,
)
from speciosa.adapters.fhir.record_codes import (
    FLAG_CATEGORY,
    record_coding,
    record_concept,
)
from speciosa.domain.dosing.taper import amount_number
from speciosa.domain.foundation.alerts import Alert
from speciosa.domain.precautions.interactions import Interaction, Severity
from speciosa.domain.reports.clinical_record import (
    RecordMedication,
    RecordRedFlagReport,
    RecordTaper,
)
from speciosa.domain.reports.period import ReportNote

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

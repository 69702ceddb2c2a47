"""A person's complete record (`domain.clinical_record.ClinicalRecord`) as a typed FHIR R4
Bundle of type "collection": the report's Patient, instruments, check-ins and doses (`bundle`),
Speciosa's record CodeSystem, the medicine list, taper plans, interactions, red flags, alerts,
clinician notes, skin measurements, certificates, the PDF report as a DocumentReference, and one
Provenance per resource (who or what recorded it, and that Speciosa assembled it).

A record marked entered-in-error (a corrected dose or check-in) keeps that status in FHIR: it is
exported, never dropped, with status `entered-in-error` (`domain.clinical_record.record_status`
reads the record's own status wherever a feature stores one).
"""

from __future__ import annotations

from typing import Any

from speciosa.adapters.fhir.bundle import to_fhir_bundle
from speciosa.adapters.fhir.questionnaires import fhir_datetime, reference, resource_id
from speciosa.adapters.fhir.r4_models import Bundle, Provenance, Resource, parse_resource
from speciosa.adapters.fhir.record_codes import record_code_system
from speciosa.adapters.fhir.record_observations import certificate_resources, skin_observations
from speciosa.adapters.fhir.record_resources import (
    alert_flag,
    interaction_issue,
    medication_list_statement,
    note_communication,
    pdf_document,
    red_flag_flags,
    taper_care_plan,
)
from speciosa.domain.clinical_record import ClinicalRecord, RecordStatus, record_status

PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
ENTERED_IN_ERROR = "entered-in-error"


def _entered_in_error_ids(record: ClinicalRecord) -> set[str]:
    """The FHIR ids of doses and check-ins whose record says entered in error."""
    ids = set()
    for dose in record.report.dosing.doses:
        if record_status(getattr(dose, "status", None)) is RecordStatus.ENTERED_IN_ERROR:
            ids.add(resource_id("dose", dose.id))
    for checkin in record.report.checkins:
        if record_status(getattr(checkin, "status", None)) is RecordStatus.ENTERED_IN_ERROR:
            ids |= {resource_id(k, checkin.id) for k in ("response", "total", "pulse")}
    return ids


def _report_resources(record: ClinicalRecord) -> list[Resource]:
    wrong = _entered_in_error_ids(record)
    resources = []
    for entry in to_fhir_bundle(record.report)["entry"]:
        data: dict[str, Any] = entry["resource"]
        if data["id"] in wrong:
            data = data | {"status": ENTERED_IN_ERROR}
        resources.append(parse_resource(data))
    return resources


def record_resources(record: ClinicalRecord) -> list[Resource]:
    """Every resource of the record, Provenance last, in a stable order."""
    report = record.report
    patient_id = resource_id("patient", report.person.id)
    today = report.generated_at.astimezone(report.tz).date()
    resources = [*_report_resources(record), record_code_system()]
    statements: dict[str, str] = {}  # recognised substance -> MedicationStatement id
    for entry in record.medications:
        statement = medication_list_statement(entry, patient_id)
        resources.append(statement)
        if entry.recognised_as and statement.id:
            statements[entry.recognised_as] = statement.id
    for interaction in report.interactions:
        implicated = [
            statements[s] for s in (interaction.substance, interaction.with_) if s in statements
        ]
        resources.append(
            interaction_issue(interaction, patient_id, implicated, report.generated_at)
        )
    resources += [taper_care_plan(t, patient_id, today) for t in record.tapers]
    for index, flagged in enumerate(record.red_flags):
        resources += red_flag_flags(flagged, patient_id, latest=index == 0)
    resources += [alert_flag(a, patient_id) for a in report.alerts]
    resources += [note_communication(n, patient_id) for n in report.notes]
    for skin in record.skin:
        resources += skin_observations(skin, patient_id)
    for coa in report.coas:
        certificate = record.certificates.get(coa.certificate_id or "")
        if certificate is not None:
            diagnostic, analytes = certificate_resources(coa, certificate, patient_id)
            resources += [diagnostic, *analytes]
    resources.append(
        pdf_document(patient_id, report.person.id, report.period.days, report.generated_at)
    )
    return resources + [provenance(r, record) for r in resources]


def provenance(resource: Resource, record: ClinicalRecord) -> Provenance:
    """Who recorded it (the author, where the record names one) and that Speciosa assembled it."""
    target = resource.id or ""
    agents: list[dict[str, object]] = [
        {
            "type": {"coding": [{"system": PARTICIPANT_TYPE, "code": "assembler"}]},
            "who": {"display": "Speciosa"},
        }
    ]
    author = getattr(getattr(resource, "sender", None), "display", None)
    if author:
        agents.insert(
            0,
            {
                "type": {"coding": [{"system": PARTICIPANT_TYPE, "code": "author"}]},
                "who": {"display": author},
            },
        )
    return Provenance(
        id=resource_id("provenance", target),
        target=[reference(target)],
        recorded=fhir_datetime(record.report.generated_at),
        agent=agents,
    )


def to_fhir_record(record: ClinicalRecord) -> Bundle:
    report = record.report
    period = report.period
    resources = record_resources(record)
    return Bundle(
        id=resource_id(
            "record", f"{report.person.id}:{period.start}:{period.end}:{report.generated_at}"
        ),
        type="collection",
        timestamp=fhir_datetime(report.generated_at),
        entry=[{"fullUrl": f"urn:uuid:{r.id}", "resource": r} for r in resources],
    )

"""The report model as a FHIR R4 (4.0.1) Bundle of type "collection".

- Patient; Speciosa's two CodeSystems (scores and instrument answers without standard codes);
- one Questionnaire per instrument used, each option a Coding with the `ordinalValue` extension;
- one QuestionnaireResponse per check-in, whose answers are exactly the scored items (numbers
  that are not scored — the pulse in beats per minute, the note — stay out of it);
- per check-in an Observation with the total as `valueInteger`, `derivedFrom` its
  QuestionnaireResponse, so the total always equals the sum of its answers' ordinal values; the
  pulse in beats per minute as a separate vital-signs Observation (LOINC 8867-4);
- one MedicationStatement per logged dose.

Every reference is a `urn:uuid:` fullUrl inside the Bundle. Ids are UUIDs (at most 64
characters of [A-Za-z0-9-.]), derived deterministically from the records, so exporting the same
period twice gives the same ids. dateTimes carry seconds and a time zone; integers are numbers.
The instrument resources and the id, dateTime and reference helpers are in `questionnaires`.
"""

from __future__ import annotations

from typing import Any

from speciosa.adapters.fhir.codes import (
    CODE_SYSTEM_VERSION,
    COWS_TOTAL_DISPLAY,
    COWS_TOTAL_SNOMED,
    HEART_RATE_LOINC,
    LOINC,
    OBSERVATION_CATEGORY,
    OBSERVATION_CODES,
    PERSON_IDENTIFIER,
    SNOMED,
    UCUM,
)
from speciosa.adapters.fhir.questionnaires import (
    Resource,
    code_systems,
    fhir_datetime,
    questionnaire,
    questionnaire_response,
    reference,
    resource_id,
)
from speciosa.domain.reports.dosing import ReportDose
from speciosa.domain.reports.period import PersonReport, ReportCheckIn, ReportPerson
from speciosa.domain.withdrawal.instruments.definitions import Instrument

UCUM_UNITS = {"g": "g", "mg": "mg", "mL": "mL", "ml": "mL"}
PULSE_MEASUREMENT = "pulse_bpm"


IN_ERROR = {"status": "entered-in-error"}  # FHIR R4 status of a record entered in error


def total_code(instrument: Instrument) -> dict[str, Any]:
    if instrument.name == "cows":
        coding = {"system": SNOMED, "code": COWS_TOTAL_SNOMED, "display": COWS_TOTAL_DISPLAY}
    else:
        coding = {
            "system": OBSERVATION_CODES,
            "version": CODE_SYSTEM_VERSION,
            "code": f"{instrument.name}-total",
            "display": f"{instrument.title} total score",
        }
    return {"coding": [coding], "text": f"{instrument.title} total score"}


def patient(report: PersonReport) -> Resource:
    return patient_of(report.person)


def patient_of(person: ReportPerson) -> Resource:
    """The Patient alone (also what the FHIR API's Patient read sends, without the record)."""
    return {
        "resourceType": "Patient",
        "id": resource_id("patient", person.id),
        "identifier": [{"system": PERSON_IDENTIFIER, "value": person.id}],
        "active": True,
        "name": [{"text": person.name}],
    }


def total_observation(
    checkin: ReportCheckIn, instrument: Instrument, patient_id: str, response_id: str
) -> Resource:
    observation: Resource = {
        "resourceType": "Observation",
        "id": resource_id("total", checkin.id),
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": total_code(instrument),
        "subject": reference(patient_id),
        "effectiveDateTime": fhir_datetime(checkin.taken_at),
        "valueInteger": checkin.total,
        "derivedFrom": [reference(response_id)],
    }
    if checkin.band:
        observation["interpretation"] = [{"text": checkin.band}]
    if checkin.note:
        observation["note"] = [{"text": checkin.note}]
    return observation


def pulse_observation(checkin: ReportCheckIn, bpm: int, patient_id: str) -> Resource:
    return {
        "resourceType": "Observation",
        "id": resource_id("pulse", checkin.id),
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": OBSERVATION_CATEGORY,
                        "code": "vital-signs",
                        "display": "Vital Signs",
                    }
                ]
            }
        ],
        "code": {
            "coding": [{"system": LOINC, "code": HEART_RATE_LOINC, "display": "Heart rate"}],
            "text": "Resting pulse (COWS)",
        },
        "subject": reference(patient_id),
        "effectiveDateTime": fhir_datetime(checkin.taken_at),
        "valueQuantity": {"value": bpm, "unit": "beats/minute", "system": UCUM, "code": "/min"},
    }


def medication_statement(dose: ReportDose, patient_id: str) -> Resource:
    quantity: dict[str, Any] = {"value": dose.amount, "unit": dose.unit}
    if dose.unit in UCUM_UNITS:
        quantity |= {"system": UCUM, "code": UCUM_UNITS[dose.unit]}
    text = f"{dose.amount:g} {dose.unit}"
    if dose.grams is not None and dose.unit != "g":
        text += f" ({dose.grams:g} g leaf)"
    if dose.mitragynine_mg is not None:
        text += f"; {dose.mitragynine_mg:g} mg mitragynine"
    statement: Resource = {
        "resourceType": "MedicationStatement",
        "id": resource_id("dose", dose.id),
        "status": "completed",
        "medicationCodeableConcept": {"text": dose.label},
        "subject": reference(patient_id),
        "effectiveDateTime": fhir_datetime(dose.taken_at),
        "dosage": [{"text": text, "doseAndRate": [{"doseQuantity": quantity}]}],
    }
    if dose.route:
        statement["dosage"][0]["route"] = {"text": dose.route}
    if dose.note:
        statement["note"] = [{"text": dose.note}]
    return statement


def to_fhir_bundle(report: PersonReport) -> Resource:
    patient_resource = patient(report)
    patient_id = patient_resource["id"]
    resources: list[Resource] = [patient_resource, *code_systems(report.instruments)]
    resources += [questionnaire(i) for i in report.instruments]
    by_name = {i.name: i for i in report.instruments}
    for checkin in report.checkins:
        instrument = by_name[checkin.instrument]
        response = questionnaire_response(checkin, instrument, patient_id)
        resources.append(response)
        resources.append(total_observation(checkin, instrument, patient_id, response["id"]))
        for m in checkin.measurements:
            if m.id == PULSE_MEASUREMENT:
                resources.append(pulse_observation(checkin, m.value, patient_id))
    resources += [medication_statement(d, patient_id) for d in report.dosing.doses]
    # Corrections (issue 12): records marked entered in error are exported with that status,
    # so a receiver that already holds them withdraws them.
    for checkin in report.checkins_in_error:
        instrument = by_name[checkin.instrument]
        response = {**questionnaire_response(checkin, instrument, patient_id), **IN_ERROR}
        resources.append(response)
        resources.append(
            {**total_observation(checkin, instrument, patient_id, response["id"]), **IN_ERROR}
        )
    resources += [
        {**medication_statement(d, patient_id), **IN_ERROR} for d in report.dosing.entered_in_error
    ]
    period = report.period
    return {
        "resourceType": "Bundle",
        "id": resource_id(
            "bundle", f"{report.person.id}:{period.start}:{period.end}:{report.generated_at}"
        ),
        "type": "collection",
        "timestamp": fhir_datetime(report.generated_at),
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }

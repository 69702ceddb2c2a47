"""A person's complete record (`domain.reports.clinical_record.ClinicalRecord`) as a FHIR R4 Bundle
of
type "collection": the report's Patient, instruments, check-ins and doses (`bundle`), Speciosa's
record CodeSystem, the medicine list, taper plans, interactions, red flags, alerts, clinician
notes, skin measurements, certificates, the PDF report as a DocumentReference, and Provenance
covering every resource (Speciosa assembled each; a clinician's note also names its author).

Every resource is a fhir.resources model: the report's resources, built as JSON by `bundle`, are
parsed into models here (a shape the model refuses fails the export), the rest are built as
models. `record_json` writes the Bundle from each resource's JSON — the validated input for the
parsed ones — which is what the export and the API send; `to_fhir_record` is the same Bundle as
one model (the tests check that the two are equal).

A record marked entered-in-error (a corrected dose or check-in) keeps that status: it is
exported, never dropped, with status `entered-in-error`
(`domain.reports.clinical_record.record_status`
reads the record's own status wherever a feature stores one).
"""

from __future__ import annotations

import itertools
import json
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from speciosa.adapters.fhir.bundle import to_fhir_bundle
from speciosa.adapters.fhir.questionnaires import fhir_datetime, reference, resource_id
from speciosa.adapters.fhir.r4_models import Bundle, Provenance, Resource, parse_resource, to_json
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
from speciosa.domain.reports.clinical_record import ClinicalRecord, RecordStatus, record_status

PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
ENTERED_IN_ERROR = "entered-in-error"
ASSEMBLER = "Speciosa"


class RecordResource:
    """A resource as a model and as JSON (the JSON it was parsed from, or its model's dump)."""

    def __init__(self, model: Resource, data: dict[str, Any] | None = None) -> None:
        self.model = model
        self._data = data

    @property
    def id(self) -> str:
        return self.model.id or ""

    @property
    def json(self) -> dict[str, Any]:
        if self._data is None:
            self._data = to_json(self.model)
        return self._data


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


def _report_resources(record: ClinicalRecord) -> Iterator[RecordResource]:
    """Each resource parsed into its model as it is asked for (a year is ~1,500 of them)."""
    wrong = _entered_in_error_ids(record)
    for entry in to_fhir_bundle(record.report)["entry"]:
        data: dict[str, Any] = entry["resource"]
        if data["id"] in wrong:
            data = data | {"status": ENTERED_IN_ERROR}
        yield RecordResource(parse_resource(data), data)


def _clinical_models(record: ClinicalRecord) -> list[Resource]:
    report = record.report
    patient_id = resource_id("patient", report.person.id)
    today = report.generated_at.astimezone(report.tz).date()
    models: list[Resource] = [record_code_system()]
    statements: dict[str, str] = {}  # recognised substance -> MedicationStatement id
    for entry in record.medications:
        statement = medication_list_statement(entry, patient_id)
        models.append(statement)
        if entry.recognised_as and statement.id:
            statements[entry.recognised_as] = statement.id
    for interaction in report.interactions:
        implicated = [
            statements[s] for s in (interaction.substance, interaction.with_) if s in statements
        ]
        models.append(interaction_issue(interaction, patient_id, implicated, report.generated_at))
    models += [taper_care_plan(t, patient_id, today) for t in record.tapers]
    for index, flagged in enumerate(record.red_flags):
        models += red_flag_flags(flagged, patient_id, latest=index == 0)
    models += [alert_flag(a, patient_id) for a in report.alerts]
    models += [note_communication(n, patient_id) for n in report.notes]
    for skin in record.skin:
        models += skin_observations(skin, patient_id)
    for coa in report.coas:
        certificate = record.certificates.get(coa.certificate_id or "")
        if certificate is not None:
            diagnostic, analytes = certificate_resources(coa, certificate, patient_id)
            models += [diagnostic, *analytes]
    models.append(
        pdf_document(patient_id, report.person.id, report.period.days, report.generated_at)
    )
    return models


def _agent(code: str, who: str) -> dict[str, object]:
    return {
        "type": {"coding": [{"system": PARTICIPANT_TYPE, "code": code}]},
        "who": {"display": who},
    }


def _author(resource: RecordResource) -> str | None:
    """Who wrote it, where a resource names its author (a clinician's note)."""
    author = getattr(getattr(resource.model, "sender", None), "display", None)
    return str(author) if author else None


def provenances(resources: list[RecordResource], record: ClinicalRecord) -> list[Provenance]:
    """Provenance for every resource: one saying Speciosa assembled them all, and one per
    clinician naming the notes they wrote."""
    return _provenances([(r.id, _author(r)) for r in resources], record)


def _provenances(
    targets: Sequence[tuple[str, str | None]], record: ClinicalRecord
) -> list[Provenance]:
    recorded = fhir_datetime(record.report.generated_at)
    key = f"{record.person_id}:{recorded}"
    result = [
        Provenance(
            id=resource_id("provenance", f"{key}:{ASSEMBLER}"),
            target=[reference(target) for target, _ in targets],
            recorded=recorded,
            agent=[_agent("assembler", ASSEMBLER)],
        )
    ]
    authors: dict[str, list[str]] = {}
    for target, author in targets:
        if author:
            authors.setdefault(author, []).append(target)
    for author, written in sorted(authors.items()):
        result.append(
            Provenance(
                id=resource_id("provenance", f"{key}:{author}"),
                target=[reference(t) for t in written],
                recorded=recorded,
                agent=[_agent("author", author), _agent("assembler", ASSEMBLER)],
            )
        )
    return result


def iter_record_entries(record: ClinicalRecord) -> Iterator[RecordResource]:
    """Every resource of the record in a stable order, Provenance last, one at a time: only
    each resource's id and author are kept once it has been handed on (for the Provenance)."""
    targets: list[tuple[str, str | None]] = []
    clinical = (RecordResource(m) for m in _clinical_models(record))
    for resource in itertools.chain(_report_resources(record), clinical):
        targets.append((resource.id, _author(resource)))
        yield resource
    for provenance in _provenances(targets, record):
        yield RecordResource(provenance)


def record_entries(record: ClinicalRecord) -> list[RecordResource]:
    """Every resource of the record in a stable order, Provenance last."""
    return list(iter_record_entries(record))


def record_resources(record: ClinicalRecord) -> list[Resource]:
    return [r.model for r in record_entries(record)]


def _bundle_header(record: ClinicalRecord) -> dict[str, Any]:
    report = record.report
    period = report.period
    key = f"{report.person.id}:{period.start}:{period.end}:{report.generated_at}"
    return {
        "resourceType": "Bundle",
        "id": resource_id("record", key),
        "type": "collection",
        "timestamp": fhir_datetime(report.generated_at),
    }


def record_json(record: ClinicalRecord) -> dict[str, Any]:
    """The Bundle as JSON, from each resource's JSON (see the module docstring)."""
    entries = record_entries(record)
    return _bundle_header(record) | {
        "entry": [{"fullUrl": f"urn:uuid:{r.id}", "resource": r.json} for r in entries]
    }


def record_json_chunks(
    record: ClinicalRecord, entries: Iterable[RecordResource] | None = None, *, indent: bool = True
) -> Iterator[str]:
    """The text of `json.dumps(record_json(record), ensure_ascii=False, indent=1)` (or, with
    `indent=False`, of the same without `indent`), piece by piece: one resource is built,
    written and let go at a time, so a year of record is never held as models or as one string
    (`entries`: `iter_record_entries(record)`, or a wrapper of it that counts)."""
    resources = iter_record_entries(record) if entries is None else entries
    if not indent:
        yield json.dumps(_bundle_header(record), ensure_ascii=False)[:-1] + ', "entry": ['
        for n, r in enumerate(resources):
            entry = {"fullUrl": f"urn:uuid:{r.id}", "resource": r.json}
            yield ("" if n == 0 else ", ") + json.dumps(entry, ensure_ascii=False)
        yield "]}"
        return
    head = json.dumps(_bundle_header(record), ensure_ascii=False, indent=1)
    yield head[: -len("\n}")] + ',\n "entry": ['
    first = True
    for r in resources:
        entry = {"fullUrl": f"urn:uuid:{r.id}", "resource": r.json}
        text = json.dumps(entry, ensure_ascii=False, indent=1)
        # Two levels deep in the Bundle; JSON strings hold no raw line breaks.
        yield ("\n" if first else ",\n") + textwrap.indent(text, "  ")
        first = False
    yield "]\n}" if first else "\n ]\n}"


def to_fhir_record(record: ClinicalRecord) -> Bundle:
    header = _bundle_header(record)
    header.pop("resourceType")
    return Bundle(
        **header,
        entry=[{"fullUrl": f"urn:uuid:{r.id}", "resource": r} for r in record_resources(record)],
    )

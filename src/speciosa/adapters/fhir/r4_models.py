"""The one module that imports the FHIR model library (`fhir.resources`, PyPI fhir.resources 8.3).

fhir.resources 8 builds FHIR R5 by default and ships R4B (4.3.0) and STU3 subpackages, no R4
(4.0.1) one. R4B was published as R4 with a few resources added or changed (medication
definition, Evidence, SubscriptionTopic); the resources Speciosa writes and reads — Patient,
Questionnaire(Response), Observation, MedicationStatement/Request, CarePlan, Flag, DetectedIssue,
Communication, DiagnosticReport, DocumentReference, Provenance, CodeSystem, CapabilityStatement,
OperationOutcome, Bundle — have the same elements in R4 and R4B. So resources are built and
parsed with the R4B models, and every Bundle the tests see is validated against HL7's official
R4 (4.0.1) JSON schema, which refuses any element R4 lacks.
"""

from __future__ import annotations

import json
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle, BundleEntry, BundleLink
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.communication import Communication
from fhir.resources.R4B.detectedissue import DetectedIssue
from fhir.resources.R4B.diagnosticreport import DiagnosticReport
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.flag import Flag
from fhir.resources.R4B.medicationrequest import MedicationRequest
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.provenance import Provenance
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

FHIR_VERSION = "4.0.1"
FHIR_JSON = "application/fhir+json"

__all__ = [
    "FHIR_JSON",
    "FHIR_VERSION",
    "Bundle",
    "BundleEntry",
    "BundleLink",
    "CapabilityStatement",
    "CarePlan",
    "CodeSystem",
    "Communication",
    "DetectedIssue",
    "DiagnosticReport",
    "DocumentReference",
    "Flag",
    "MedicationRequest",
    "MedicationStatement",
    "Observation",
    "OperationOutcome",
    "Patient",
    "Provenance",
    "Resource",
    "ValidationError",
    "parse_resource",
    "to_json",
    "to_text",
]


def parse_resource(data: dict[str, Any]) -> Resource:
    """A resource of any type from its JSON (its `resourceType` picks the model)."""
    kind = data.get("resourceType")
    if not isinstance(kind, str):
        raise ValueError("resourceType is missing")
    model = get_fhir_model_class(kind)
    resource = model.model_validate(data)
    assert isinstance(resource, Resource)
    return resource


def to_text(resource: Resource) -> str:
    """The resource as FHIR JSON text (absent elements left out)."""
    text: str = resource.model_dump_json(exclude_none=True, by_alias=True)
    return text


def to_json(resource: Resource) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(to_text(resource))
    return data

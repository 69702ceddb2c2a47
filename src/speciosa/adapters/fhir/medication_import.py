"""Reads the medicines out of a FHIR R4 Bundle another system sent (a patient portal's
MedicationStatement or MedicationRequest list), parsed with the model library.

A medicine is its `medicationCodeableConcept`, or the Medication its `medicationReference` points
at (contained, or an entry of the Bundle by fullUrl or Medication/id). The RxNorm coding is
preferred when there are several; the name is the concept's text, else the coding's display.
Statements and requests marked entered-in-error are left out: they were never taken; completed,
stopped, not-taken, cancelled or revoked ones are read as not current (reported, not listed).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from speciosa.adapters.fhir.r4_models import Bundle, ValidationError
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.precautions.medication_import import ImportedMedication
from speciosa.domain.precautions.rxnorm import RXNORM

MEDICATION_KINDS = ("MedicationStatement", "MedicationRequest")
# Statuses (R4 medication-statement-status, medicationrequest-status) saying it is not taken now.
NOT_CURRENT = frozenset({"completed", "stopped", "not-taken", "cancelled", "revoked"})
WHAT_WE_READ = "a FHIR R4 Bundle of MedicationStatement or MedicationRequest resources"


def _problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()) if not str(p).startswith("function"))
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg"))


def parse_bundle(raw: bytes) -> Bundle:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(f"The file is not JSON ({error}); send {WHAT_WE_READ}.") from None
    except (RecursionError, ValueError):
        # Nesting too deep for the parser, or a number too long to convert: not a Bundle.
        raise InvalidInput(
            f"The file is JSON nested too deeply or with a number too long to read; "
            f"send {WHAT_WE_READ}."
        ) from None
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise InvalidInput(f"The JSON is not a FHIR Bundle; send {WHAT_WE_READ}.")
    try:
        return Bundle.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(f"The Bundle is not valid FHIR: {_problem(error)}.") from None


def _concept_medicine(concept: Any) -> ImportedMedication:
    codings = list(getattr(concept, "coding", None) or [])
    chosen = next((c for c in codings if c.system == RXNORM), codings[0] if codings else None)
    name = getattr(concept, "text", None) or (chosen.display if chosen else None) or ""
    if chosen is None or not chosen.code:
        return ImportedMedication(name=name)
    return ImportedMedication(
        name=name, system=chosen.system or None, code=chosen.code, display=chosen.display
    )


def read_medications(bundle: Bundle) -> list[ImportedMedication]:
    entries = list(bundle.entry or [])
    medications: dict[str, Any] = {}
    for entry in entries:
        medication: Any = entry.resource
        if medication is not None and medication.get_resource_type() == "Medication":
            medications[f"Medication/{medication.id}"] = medication
            if entry.fullUrl:
                medications[entry.fullUrl] = medication
    found = []
    for index, entry in enumerate(entries):
        resource: Any = entry.resource
        if resource is None or resource.get_resource_type() not in MEDICATION_KINDS:
            continue
        if resource.status == "entered-in-error":
            continue
        concept = resource.medicationCodeableConcept
        if concept is None and resource.medicationReference is not None:
            target = resource.medicationReference.reference or ""
            contained = {f"#{c.id}": c for c in resource.contained or []}
            named = contained.get(target) or medications.get(target)
            if named is None:
                raise InvalidInput(
                    f"Entry {index + 1}: its medicationReference {target!r} points at no "
                    "Medication in the Bundle."
                )
            concept = named.code
        if concept is None:
            raise InvalidInput(
                f"Entry {index + 1} ({resource.get_resource_type()}) names no medicine."
            )
        medicine = _concept_medicine(concept)
        if resource.status in NOT_CURRENT:
            medicine = replace(medicine, current=False)
        found.append(medicine)
    if not found:
        raise InvalidInput(f"The Bundle holds no medicines; send {WHAT_WE_READ}.")
    return found

"""The instruments in FHIR: Speciosa's two CodeSystems, one Questionnaire per instrument and one
QuestionnaireResponse per check-in, with the deterministic ids, dateTimes and `urn:uuid:`
references that every resource of the Bundle (`bundle`) uses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from speciosa.adapters.fhir.codes import (
    ANSWER_CODES,
    CODE_SYSTEM_VERSION,
    NO_STANDARD_CODE,
    OBSERVATION_CODES,
    ORDINAL_VALUE,
    QUESTIONNAIRE_BASE,
)
from speciosa.domain.reports.period import ReportCheckIn
from speciosa.domain.withdrawal.instruments.definitions import Instrument, Item, Option

Resource = dict[str, Any]
NAMESPACE = uuid.UUID("2b0f3c4e-8d7a-4b61-9f3e-5a1c7d9e0b42")


def resource_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def fhir_datetime(at: datetime) -> str:
    """A FHIR dateTime/instant: seconds and a time zone are always present."""
    return at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def reference(entry_id: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{entry_id}"}


def answer_code(instrument: str, item: str, score: int) -> str:
    return f"{instrument}.{item}.{score}"


def answer_coding(instrument: Instrument, item: Item, option: Option) -> dict[str, Any]:
    return {
        "extension": [{"url": ORDINAL_VALUE, "valueDecimal": option.score}],
        "system": ANSWER_CODES,
        "version": CODE_SYSTEM_VERSION,
        "code": answer_code(instrument.name, item.id, option.score),
        "display": option.text,
    }


def questionnaire_url(instrument: Instrument) -> str:
    return f"{QUESTIONNAIRE_BASE}/{instrument.name}"


def code_systems(instruments: tuple[Instrument, ...]) -> list[Resource]:
    scores = {
        "resourceType": "CodeSystem",
        "id": resource_id("codesystem", OBSERVATION_CODES),
        "url": OBSERVATION_CODES,
        "version": CODE_SYSTEM_VERSION,
        "name": "SpeciosaWithdrawalScores",
        "title": "Speciosa withdrawal score codes",
        "status": "active",
        "experimental": False,
        "description": NO_STANDARD_CODE,
        "caseSensitive": True,
        "content": "fragment",
        "concept": [
            {
                "code": f"{i.name}-total",
                "display": f"{i.title} total score",
                "definition": f"Sum of the item scores of the {i.title}; source: {i.source}",
            }
            for i in instruments
            if i.name != "cows"
        ],
    }
    answers = {
        "resourceType": "CodeSystem",
        "id": resource_id("codesystem", ANSWER_CODES),
        "url": ANSWER_CODES,
        "version": CODE_SYSTEM_VERSION,
        "name": "SpeciosaInstrumentAnswers",
        "title": "Speciosa withdrawal instrument answer codes",
        "status": "active",
        "experimental": False,
        "description": NO_STANDARD_CODE
        + " Each code is instrument.item.score; its ordinal value is the score.",
        "caseSensitive": True,
        "content": "fragment",
        "concept": [
            {"code": answer_code(i.name, item.id, o.score), "display": o.text}
            for i in instruments
            for item in i.items
            for o in item.options
        ],
    }
    return [scores, answers] if scores["concept"] else [answers]


def questionnaire(instrument: Instrument) -> Resource:
    return {
        "resourceType": "Questionnaire",
        "id": resource_id("questionnaire", instrument.name),
        "url": questionnaire_url(instrument),
        "version": CODE_SYSTEM_VERSION,
        "name": instrument.name.upper(),
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": f"{instrument.instructions} Source: {instrument.source}".strip(),
        "item": [
            {
                "linkId": item.id,
                "text": item.text,
                "type": "choice",
                "required": True,
                "answerOption": [
                    {"valueCoding": answer_coding(instrument, item, o)} for o in item.options
                ],
            }
            for item in instrument.items
        ],
    }


def questionnaire_response(
    checkin: ReportCheckIn, instrument: Instrument, patient_id: str
) -> Resource:
    items = []
    for answer in checkin.answers:
        item = instrument.item(answer.item_id)
        option = item.option_for(answer.score) if item else None
        if item is None or option is None:
            raise ValueError(f"check-in {checkin.id}: {answer.item_id}={answer.score} is unknown")
        items.append(
            {
                "linkId": item.id,
                "text": item.text,
                "answer": [{"valueCoding": answer_coding(instrument, item, option)}],
            }
        )
    return {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id("response", checkin.id),
        "identifier": {"system": f"{QUESTIONNAIRE_BASE}-response", "value": checkin.id},
        "questionnaire": f"{questionnaire_url(instrument)}|{CODE_SYSTEM_VERSION}",
        "status": "completed",
        "subject": reference(patient_id),
        "authored": fhir_datetime(checkin.taken_at),
        "item": items,
    }

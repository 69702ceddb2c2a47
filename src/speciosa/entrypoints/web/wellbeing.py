"""Cravings (0–10) and last night's sleep (domain/withdrawal/wellbeing.py) on the web: the optional
questions
inside the person's daily check-in, labelled as not part of SOWS, and the card with the last
week's answers on the person's home page and the clinician's page for the person.

The answers are stored under the check-in's client id once the check-in itself is stored, so a
re-sent form (a double tap, the offline queue replaying) stores them once."""

from __future__ import annotations

from typing import Any

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.withdrawal.checkins import CheckIn
from speciosa.domain.withdrawal.wellbeing import (
    CRAVINGS_MAX,
    CRAVINGS_MIN,
    CRAVINGS_QUESTION,
    SLEEP_QUALITY,
    SLEEP_QUESTION,
    parse_cravings,
    parse_sleep_quality,
)
from speciosa.entrypoints.web.checkin_form import CheckInFormExtension
from speciosa.entrypoints.web.form_fields import FormFields, first

SHOWN = 7  # answers on the card


def _context(_services: Services, _actor: Actor) -> dict[str, Any]:
    return {
        "wellbeing_questions": {
            "cravings": CRAVINGS_QUESTION,
            "sleep": SLEEP_QUESTION,
            "cravings_range": range(CRAVINGS_MIN, CRAVINGS_MAX + 1),
            "sleep_options": SLEEP_QUALITY,
        }
    }


def _validate(fields: FormFields) -> list[str]:
    problems = []
    for parse, name in ((parse_cravings, "cravings"), (parse_sleep_quality, "sleep_quality")):
        try:
            parse(first(fields, name))
        except InvalidInput as error:
            problems.append(error.detail)
    return problems


def _after_record(
    services: Services, actor: Actor, fields: FormFields, checkin: CheckIn
) -> str | None:
    services.wellbeing.record(
        actor,
        checkin,
        parse_cravings(first(fields, "cravings")),
        parse_sleep_quality(first(fields, "sleep_quality")),
    )
    return None


WELLBEING_QUESTIONS = CheckInFormExtension(
    template="withdrawal/_wellbeing_questions.html",
    context=_context,
    after_record=_after_record,
    validate=_validate,
)


def load_wellbeing_card(services: Services, actor: Actor, person_id: str) -> dict[str, Any]:
    answers = services.wellbeing.recent(actor, person_id, SHOWN)
    tz = services.person_time.timezone_of(actor, person_id)
    return {
        "answers": [(w.recorded_at.astimezone(tz), w) for w in answers],
        "clinician": actor.is_clinician,
    }

"""Corrections of what was recorded (doses and check-ins): a record is never edited or deleted.
A correction stores a new record that `supersedes` the original, and the original becomes
`corrected` with `superseded_by` pointing at it; a record that should not exist at all becomes
`entered_in_error`. Only `current` records count in totals, escalation, alerts and holds; the
history and the audit log show every version.

Who may correct: the person, for their own records; a clinician, for what they recorded
themselves (e.g. a COWS they rated). An admin records and corrects nothing clinical.

The FHIR export (adapters/fhir) marks `entered_in_error` records `entered-in-error`; a
corrected original is not exported, its correction is.
"""

from __future__ import annotations

from enum import StrEnum

from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.errors import AccessDenied, Conflict, InvalidInput

MAX_REASON_LENGTH = 500


class RecordStatus(StrEnum):
    CURRENT = "current"
    CORRECTED = "corrected"  # replaced by the record named in superseded_by
    ENTERED_IN_ERROR = "entered_in_error"  # should never have been recorded


def parse_status(value: str | None) -> RecordStatus:
    return RecordStatus(value or RecordStatus.CURRENT.value)


def check_reason(value: object) -> str:
    reason = str(value or "").strip()
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(
            f"The reason must be at most {MAX_REASON_LENGTH} characters.", field="reason"
        )
    return reason


def check_may_correct(actor: Actor, person_id: str, recorded_by: str, noun: str) -> None:
    """The person corrects their own records; a clinician only what they recorded."""
    if actor.is_admin:
        raise AccessDenied("Admins manage accounts and correct no clinical data.")
    if actor.is_person and actor.user_id != person_id:
        raise AccessDenied(f"You can correct only your own {noun}s.")
    if actor.is_clinician and recorded_by != actor.user_id:
        raise AccessDenied(
            f"A clinician corrects only a {noun} they recorded; ask the person to correct it."
        )


def check_still_current(status: RecordStatus, superseded_by: str | None, noun: str) -> None:
    if status is RecordStatus.CORRECTED:
        raise Conflict(
            f"This {noun} was already corrected; correct the newer version {superseded_by}."
        )
    if status is RecordStatus.ENTERED_IN_ERROR:
        raise Conflict(f"This {noun} was marked as entered in error; record a new one instead.")

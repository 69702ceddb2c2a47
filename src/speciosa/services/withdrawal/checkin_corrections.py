"""Correcting a withdrawal check-in, or marking it entered in error (issue 12). The original
stays in the history with its status; charts, daily totals, alerts, holds and reports read
current check-ins only. Open alerts raised from the original are closed with a note, and a
corrected check-in is evaluated by the alert rules like a new one (then the hold review runs,
as after any check-in).

The person corrects their own self-rated check-ins (SOWS); a clinician corrects what they rated
(COWS, OOWS). `PATCH /api/v1/checkins/{id}` and `POST /api/v1/checkins/{id}/entered-in-error`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.alerts import Alert, AlertDraft
from speciosa.domain.foundation.corrections import check_reason
from speciosa.domain.foundation.errors import AccessDenied
from speciosa.domain.foundation.idempotency import fingerprint
from speciosa.domain.withdrawal.checkins import CheckIn, check_taken_at, clean_note
from speciosa.domain.withdrawal.instruments.catalogue import InstrumentCatalogue
from speciosa.domain.withdrawal.instruments.definitions import Instrument, Rater
from speciosa.domain.withdrawal.instruments.scoring import score_answers
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.record_corrections import (
    CorrectedRecord,
    RecordCorrections,
    RecordKind,
    new_version_id,
)
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from speciosa.services.withdrawal.course import WithdrawalService


@dataclass(frozen=True)
class CheckInCorrection:
    """What changes; None keeps the original's value. `id` names the new version."""

    id: object = None
    answers: object = None
    taken_at: datetime | None = None
    note: str | None = None
    reason: object = ""


CorrectedCheckIn = CorrectedRecord[CheckIn]


class CheckInCorrector:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        alerts: AlertService,
        instruments: InstrumentCatalogue,
        withdrawal: WithdrawalService,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._alerts = alerts
        self._instruments = instruments
        self._withdrawal = withdrawal
        kind = RecordKind[CheckIn](
            "check-in", "checkin", lambda uow: uow.checkins, self._check_rater
        )
        self._steps = RecordCorrections(kind, uow_factory, guard, audit, self._close_stale)

    def _check_rater(self, actor: Actor, original: CheckIn) -> None:
        instrument = self._instruments.get(original.instrument)
        if actor.is_person and instrument.rater is not Rater.PERSON:
            raise AccessDenied(
                f"{instrument.title} is rated by a clinician; ask them to correct it."
            )

    def correct(self, actor: Actor, checkin_id: str, change: CheckInCorrection) -> CorrectedCheckIn:
        reason = check_reason(change.reason)
        new_id = new_version_id(change.id)
        now = self._clock.now()
        with self._uow_factory() as uow:
            original = self._steps.original(uow, actor, checkin_id)
            instrument = self._instruments.get(original.instrument)
            answers = (
                change.answers
                if change.answers is not None
                else stored_answers(original, instrument)
            )
            note = clean_note(change.note if change.note is not None else original.note)
            taken_at = check_taken_at(change.taken_at or original.taken_at, now)
            sent = fingerprint(
                {
                    "corrects": original.id,
                    "answers": answers,
                    "taken_at": taken_at.isoformat(),
                    "note": note,
                }
            )
            stored = self._steps.replayed(uow, original, new_id, sent)
            if stored is not None:  # a retry of this very correction
                return CorrectedCheckIn(stored, original, False, [], [])
            score = score_answers(instrument, answers)
            checkin = CheckIn(
                id=new_id,
                person_id=original.person_id,
                instrument=instrument.name,
                answers=score.answers,
                measurements=score.measurements,
                total=score.total,
                band=score.band_label,
                taken_at=taken_at,
                recorded_at=now,
                recorded_by=actor.user_id,
                note=note,
                fingerprint=sent,
                supersedes=original.id,
            )
            closed = self._steps.retire(uow, actor, original, checkin, reason)
            band = score.band.described if score.band else ""
            drafts = self._withdrawal.evaluate_checkin(uow, checkin, band)
            raised = self._alerts.raise_drafts(uow, fresh_keys(drafts, closed, new_id))
            self._steps.audit_correction(
                uow,
                actor,
                original,
                checkin,
                reason,
                change=f"{original.instrument} total {original.total} -> {checkin.total}",
                created=f"{instrument.name} total {checkin.total}",
            )
            uow.commit()
        return CorrectedCheckIn(checkin, original, True, raised, closed)

    def mark_entered_in_error(
        self, actor: Actor, checkin_id: str, reason: object = ""
    ) -> CorrectedCheckIn:
        return self._steps.mark_entered_in_error(actor, checkin_id, reason)

    def _close_stale(
        self, uow: UnitOfWork, actor: Actor, original: CheckIn, what: str
    ) -> list[Alert]:
        stale = [
            a
            for a in uow.alerts.for_person(original.person_id, open_only=True)
            if a.source_type == "checkin" and a.source_id == original.id
        ]
        why = (
            f"Closed automatically: the {original.instrument.upper()} check-in of "
            f"{original.taken_at:%d %b %H:%M} UTC (total {original.total}) was {what} by "
            f"{actor.name or 'its author'}."
        )
        return self._alerts.close_stale_within(uow, actor, stale, why)


def stored_answers(checkin: CheckIn, instrument: Instrument) -> dict[str, object]:
    """The original's answers as a client would send them (a measurement such as pulse_bpm in
    place of the item it scores), as `CheckInService.explain` re-scores them."""
    answers: dict[str, object] = {}
    for item in instrument.items:
        measurement = instrument.measurement_for_item(item.id)
        if measurement is not None and measurement.id in checkin.measurements:
            answers[measurement.id] = checkin.measurements[measurement.id]
        else:
            answers[item.id] = checkin.answers.get(item.id)
    return answers


def fresh_keys(drafts: list[AlertDraft], closed: list[Alert], new_id: str) -> list[AlertDraft]:
    """A corrected check-in that still fires a rule raises a new alert even where the closed
    one used the same day's dedupe key."""
    taken = {a.dedupe_key for a in closed}
    return [
        replace(d, dedupe_key=f"{d.dedupe_key}:{new_id}") if d.dedupe_key in taken else d
        for d in drafts
    ]

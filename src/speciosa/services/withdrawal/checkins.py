"""Recording and reading withdrawal check-ins.

A check-in carries a client-generated UUID: a retry with the same id and the same body returns
the first record and creates nothing; the same id with a different body is a conflict. The
unique primary key is the arbiter, so two concurrent copies of one request store one record.
Alerts are evaluated and stored in the same transaction as the check-in: a 2xx means both are
on disk, or neither is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.alerts import Alert, AlertDraft
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, Conflict, InvalidInput
from speciosa.domain.foundation.idempotency import check_replay, fingerprint, parse_client_id
from speciosa.domain.withdrawal.checkins import CheckIn, check_taken_at, clean_note
from speciosa.domain.withdrawal.instruments.catalogue import InstrumentCatalogue
from speciosa.domain.withdrawal.instruments.definitions import Instrument, Rater
from speciosa.domain.withdrawal.instruments.scoring import Score, score_answers
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.timed_records import Page, read_one, read_page
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from speciosa.services.withdrawal.checkin_corrections import (
    CheckInCorrection,
    CheckInCorrector,
    CorrectedCheckIn,
)
from speciosa.services.withdrawal.course import WithdrawalService

DEFAULT_PAGE = 50
MAX_PAGE = 200
# A clinician-rated assessment recorded more than this after it was taken says why (a record
# kept honest, as on the paper form's time column); a few minutes' typing is not back-dating.
BACKDATE_GRACE = timedelta(hours=1)
MAX_REASON_LENGTH = 500


@dataclass(frozen=True)
class NewCheckIn:
    """What the client sent. Values are checked here, not trusted from the entrypoint."""

    id: object
    instrument: object
    answers: object
    taken_at: datetime | None = None
    person_id: str | None = None
    note: str | None = None
    backdate_reason: str | None = None  # why a clinician-rated assessment is recorded late

    def fingerprint(self) -> str:
        """Only what the client sent: a server default (taken_at = now) never breaks a replay."""
        sent: dict[str, object] = {
            "instrument": self.instrument,
            "answers": self.answers,
            "taken_at": self.taken_at.isoformat() if self.taken_at else None,
            "person_id": self.person_id,
            "note": self.note,
        }
        if self.backdate_reason:  # only when given, so earlier fingerprints stay the same
            sent["backdate_reason"] = self.backdate_reason
        return fingerprint(sent)


@dataclass(frozen=True)
class RecordedCheckIn:
    checkin: CheckIn
    created: bool
    alerts: list[Alert]


@dataclass(frozen=True)
class CheckInDraft:
    """A check-in checked and scored, not yet read against the database."""

    checkin: CheckIn
    band: str  # the band's description, for the alert rules


@dataclass(frozen=True)
class PreparedCheckIn:
    """A check-in with the alerts it raises, ready to store; or the stored first copy of a
    retry (`replayed`), which stores nothing."""

    checkin: CheckIn
    alerts: list[AlertDraft]
    replayed: CheckIn | None = None


CheckInPage = Page[CheckIn]


class CheckInService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        alerts: AlertService,
        instruments: InstrumentCatalogue,
        withdrawal: WithdrawalService,
        corrections: CheckInCorrector,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._alerts = alerts
        self.instruments = instruments
        self._withdrawal = withdrawal
        self.corrections = corrections

    def correct(self, actor: Actor, checkin_id: str, change: CheckInCorrection) -> CorrectedCheckIn:
        """A new version of the check-in; the original stays, marked corrected (issue 12).
        Entrypoints correct through `dosing.checkin_recording.RecordCheckIn`, which reviews the
        taper holds the new version calls for."""
        return self.corrections.correct(actor, checkin_id, change)

    def mark_entered_in_error(
        self, actor: Actor, checkin_id: str, reason: object = ""
    ) -> CorrectedCheckIn:
        return self.corrections.mark_entered_in_error(actor, checkin_id, reason)

    # ------------------------------------------------------------------ writing

    def record(self, actor: Actor, new: NewCheckIn) -> RecordedCheckIn:
        """The check-in and the alerts it raises, in one transaction. Entrypoints record through
        `dosing.checkin_recording.RecordCheckIn`, which reviews the taper holds in the same
        write transaction."""
        draft = self.draft(actor, new)
        with self._uow_factory(read_only=True) as uow:
            prepared = self.prepare_in(uow, actor, draft)
        if prepared.replayed is not None:
            return RecordedCheckIn(prepared.replayed, created=False, alerts=[])
        with self._uow_factory() as uow:
            recorded = self.store_in(uow, actor, prepared)
            uow.commit()
        return recorded

    def draft(self, actor: Actor, new: NewCheckIn) -> CheckInDraft:
        """What the client sent, checked and scored: no database, so a refusal costs nothing."""
        checkin_id = parse_client_id(new.id)
        subject = self._guard.subject_of(actor, new.person_id)
        instrument = self.instruments.get(new.instrument)
        if actor.is_person and instrument.rater is not Rater.PERSON:
            raise AccessDenied(
                f"{instrument.title} is rated by a clinician or observer; record your own "
                "check-in with SOWS."
            )
        if actor.is_admin:
            raise AccessDenied("Admins manage accounts and record no clinical data.")
        score = score_answers(instrument, new.answers)
        now = self._clock.now()
        taken_at = check_taken_at(new.taken_at, now)
        note = clean_note(new.note)
        reason = self._backdate_reason(instrument, new.backdate_reason, taken_at, now)
        checkin = CheckIn(
            id=checkin_id,
            person_id=subject,
            instrument=instrument.name,
            answers=score.answers,
            measurements=score.measurements,
            total=score.total,
            band=score.band_label,
            taken_at=taken_at,
            recorded_at=now,
            recorded_by=actor.user_id,
            note=note,
            fingerprint=new.fingerprint(),
            backdate_reason=reason,
        )
        return CheckInDraft(checkin, score.band.described if score.band else "")

    def prepare_in(self, uow: UnitOfWork, actor: Actor, draft: CheckInDraft) -> PreparedCheckIn:
        """Everything that only reads, inside the caller's read transaction (access, a retry's
        first record, the alert rules over recent check-ins), so that SQLite's single write
        lock is held only for the inserts and the commit."""
        checkin = draft.checkin
        self._guard.require(uow, actor, checkin.person_id, Purpose.WRITE)
        if uow.checkins.get(checkin.id) is not None:
            return PreparedCheckIn(checkin, [], replayed=self._replayed(uow, checkin))
        alerts = self._withdrawal.evaluate_checkin(uow, checkin, draft.band, stored=False)
        return PreparedCheckIn(checkin, alerts)

    def store_in(self, uow: UnitOfWork, actor: Actor, prepared: PreparedCheckIn) -> RecordedCheckIn:
        """The inserts, inside the caller's write transaction (the caller commits): the
        check-in, the alerts prepared for it and its audit row."""
        checkin = prepared.checkin
        if not uow.checkins.add(checkin):
            # A concurrent copy won the race since the read: re-read it.
            return RecordedCheckIn(self._replayed(uow, checkin), created=False, alerts=[])
        raised = self._alerts.raise_drafts(uow, prepared.alerts)
        self._audit.add(
            uow,
            actor,
            AuditAction.CREATE,
            "checkin",
            resource_id=checkin.id,
            person_id=checkin.person_id,
            detail=f"{checkin.instrument} total {checkin.total}",
        )
        return RecordedCheckIn(checkin, created=True, alerts=raised)

    def _replayed(self, uow: UnitOfWork, checkin: CheckIn) -> CheckIn:
        stored = uow.checkins.get(checkin.id)
        if stored is None:  # pragma: no cover - the insert said it exists
            raise Conflict(f"The check-in {checkin.id} could not be read back; try again.")
        if stored.person_id != checkin.person_id:
            # Someone else's record: say only that the id is taken, reveal and change nothing.
            raise Conflict(
                f"A check-in with id {checkin.id} already exists. Generate a new id for a new "
                "check-in."
            )
        check_replay(stored.fingerprint, checkin.fingerprint, "check-in", checkin.id)
        return stored

    @staticmethod
    def _backdate_reason(
        instrument: Instrument, given: str | None, taken_at: datetime, now: datetime
    ) -> str:
        """A clinician-rated assessment recorded over an hour after it was taken needs the
        reason (kept with it); a self-report may be entered late without one."""
        reason = " ".join((given or "").split())
        if len(reason) > MAX_REASON_LENGTH:
            raise InvalidInput(
                f"The backdate_reason must be at most {MAX_REASON_LENGTH} characters.",
                field="backdate_reason",
            )
        late = now - taken_at > BACKDATE_GRACE
        if late and not reason and instrument.rater is not Rater.PERSON:
            raise InvalidInput(
                f"This {instrument.name.upper()} assessment is dated more than an hour ago: "
                'give the backdate_reason (e.g. "scored on paper during the night round").',
                field="backdate_reason",
            )
        return reason if late else ""

    # ------------------------------------------------------------------ reading

    def get(self, actor: Actor, checkin_id: str) -> CheckIn:
        return read_one(
            self._uow_factory,
            self._guard,
            actor,
            checkin_id,
            noun="checkin",
            fetch=lambda uow, key: uow.checkins.get(key),
        )

    def page(
        self,
        actor: Actor,
        person_id: str | None,
        cursor: str | None = None,
        limit: int = DEFAULT_PAGE,
    ) -> CheckInPage:
        return read_page(
            self._guard,
            actor,
            person_id,
            cursor,
            limit,
            MAX_PAGE,
            resource="checkins",
            fetch=lambda uow, subject, n, after: uow.checkins.page(subject, n, after),
        )

    # ------------------------------------------------------------------ explaining

    def instrument_of(self, checkin: CheckIn) -> Instrument:
        return self.instruments.get(checkin.instrument)

    def explain(self, checkin: CheckIn) -> Score:
        """Re-score the stored answers: which option each item scored, with its wording."""
        instrument = self.instrument_of(checkin)
        answers: dict[str, object] = {}
        for item in instrument.items:
            measurement = instrument.measurement_for_item(item.id)
            if measurement is not None and measurement.id in checkin.measurements:
                answers[measurement.id] = checkin.measurements[measurement.id]
            else:
                answers[item.id] = checkin.answers.get(item.id)
        return score_answers(instrument, answers)

    def page_in(
        self, uow: UnitOfWork, person_id: str, limit: int, after: tuple[datetime, str] | None
    ) -> list[CheckIn]:
        """Newest first, every status; inside the caller's transaction (the caller has checked
        access and audits)."""
        return uow.checkins.page(person_id, limit, after)

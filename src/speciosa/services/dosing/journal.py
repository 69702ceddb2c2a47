"""The dose journal: log a kratom or opioid dose (idempotent on the client's id), "same as last
time", read the journal, and the per-person response table.

A dose carries a client-generated UUID, exactly like a check-in: the same id and body return
the first record; the same id with a different body is a conflict; the primary key settles a
concurrent duplicate. Escalation (a rising weekly mean of grams or doses a day) is evaluated in
the same transaction as the kratom dose that shows it.

Read API for other features (reports, dashboard, FHIR, exports):
- `journal(actor, person_id, start, end)` -> `DoseJournal` (doses oldest first, `DoseDay`
  summaries per local day, the person's time zone); access-checked and audited.
- `doses_in(uow, person_id, start, end)` and `days_in(uow, person_id, first_day, last_day)`
  inside a caller's transaction (the caller has checked access).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from speciosa.domain.dosing.doses import (
    REPEAT_CONFIRM_WINDOW,
    Dose,
    DoseDay,
    DoseKind,
    check_taken_at,
    clean_note,
    parse_kind,
    summarise_dose_days,
)
from speciosa.domain.dosing.escalation import EscalationRule
from speciosa.domain.dosing.response import ResponseRow, summarise_response
from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.alerts import Alert
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, Conflict, InvalidInput, NotFound
from speciosa.domain.foundation.idempotency import check_replay, parse_client_id
from speciosa.services.dosing.calculators import DosingCalculators
from speciosa.services.dosing.dose_corrections import CorrectedDose, DoseCorrection, DoseCorrector
from speciosa.services.dosing.escalation import escalation_drafts
from speciosa.services.dosing.journal_entries import DoseEntry, NewDose, kratom_dose, opioid_dose
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.person_time import day_bounds, person_timezone
from speciosa.services.foundation.timed_records import Page, read_one, read_page
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from speciosa.services.sources.certificates import CertificateService

DEFAULT_PAGE = 50
MAX_PAGE = 200
RESPONSE_DAYS = 60  # how far back the response table looks
MAX_JOURNAL_DAYS = 400


@dataclass(frozen=True)
class RecordedDose:
    dose: Dose
    created: bool
    alerts: list[Alert]


DosePage = Page[Dose]


@dataclass(frozen=True)
class DoseJournal:
    person_id: str
    tz: tzinfo
    doses: list[Dose]  # oldest first
    days: list[DoseDay]


class DoseService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        alerts: AlertService,
        certificates: CertificateService,
        calculators: DosingCalculators,
        escalation_rules: Sequence[EscalationRule],
        corrections: DoseCorrector,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._alerts = alerts
        self._certificates = certificates
        self._calculators = calculators
        self.escalation_rules = escalation_rules
        self.corrections = corrections

    def correct(self, actor: Actor, dose_id: str, change: DoseCorrection) -> CorrectedDose:
        """A new version of the dose; the original stays, marked corrected (issue 12)."""
        return self.corrections.correct(actor, dose_id, change)

    def mark_entered_in_error(
        self, actor: Actor, dose_id: str, reason: object = ""
    ) -> CorrectedDose:
        return self.corrections.mark_entered_in_error(actor, dose_id, reason)

    def recent_repeat(self, actor: Actor, person_id: str) -> Dose | None:
        """The last kratom dose when it was logged so recently that "same as last time" again
        is more likely a double tap than a second dose (the web asks before storing)."""
        last = self.last_kratom(actor, person_id)
        if last is None:
            return None
        recent = self._clock.now() - REPEAT_CONFIRM_WINDOW
        return last if max(last.recorded_at, last.taken_at) > recent else None

    # ------------------------------------------------------------------ writing

    def record(self, actor: Actor, new: NewDose) -> RecordedDose:
        dose_id = parse_client_id(new.id)
        if actor.is_admin:
            raise AccessDenied("Admins manage accounts and record no clinical data.")
        subject = self._guard.subject_of(actor, new.person_id)
        kind = parse_kind(new.kind)
        now = self._clock.now()
        taken_at = check_taken_at(new.taken_at, now)
        note = clean_note(new.note)
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, subject, Purpose.WRITE)
            entry = DoseEntry(actor, subject, new, dose_id, taken_at, note, now)
            if kind is DoseKind.KRATOM:
                dose = kratom_dose(uow, self._certificates, entry)
            else:
                dose = opioid_dose(self._calculators.mme_table, entry)
            if not uow.doses.add(dose):
                return RecordedDose(self._replayed(uow, dose), created=False, alerts=[])
            drafts = escalation_drafts(uow, self.escalation_rules, dose, self._clock.now())
            raised = self._alerts.raise_drafts(uow, drafts)
            self._audit.add(
                uow,
                actor,
                AuditAction.CREATE,
                "dose",
                resource_id=dose.id,
                person_id=subject,
                detail=f"{dose.kind.value} {dose.amount} {dose.unit}",
            )
            uow.commit()
        return RecordedDose(dose, created=True, alerts=raised)

    def _replayed(self, uow: UnitOfWork, dose: Dose) -> Dose:
        stored = uow.doses.get(dose.id)
        if stored is None:  # pragma: no cover - the insert said it exists
            raise Conflict(f"The dose {dose.id} could not be read back; try again.")
        if stored.person_id != dose.person_id:
            raise Conflict(
                f"A dose with id {dose.id} already exists. Generate a new id for a new dose."
            )
        check_replay(stored.fingerprint, dose.fingerprint, "dose", dose.id)
        return stored

    def repeat_last(
        self, actor: Actor, dose_id: object, person_id: str | None = None
    ) -> RecordedDose:
        """'Same as last time': the last kratom dose again, now."""
        subject = self._guard.subject_of(actor, person_id)
        last = self.last_kratom(actor, subject)
        if last is None:
            raise NotFound("There is no earlier dose to repeat; log one first.")
        return self.record(
            actor,
            NewDose(
                id=dose_id,
                kind=DoseKind.KRATOM.value,
                amount=str(last.amount),
                unit=last.unit,
                purchase_id=last.purchase_id,
                person_id=person_id,
            ),
        )

    # ------------------------------------------------------------------ reading

    def last_kratom(self, actor: Actor, person_id: str) -> Dose | None:
        return self._guard.read(
            actor, person_id, "doses", lambda uow: uow.doses.latest_kratom(person_id)
        )

    def get(self, actor: Actor, dose_id: str) -> Dose:
        return read_one(
            self._uow_factory,
            self._guard,
            actor,
            dose_id,
            noun="dose",
            fetch=lambda uow, key: uow.doses.get(key),
        )

    def page(
        self,
        actor: Actor,
        person_id: str | None,
        cursor: str | None = None,
        limit: int = DEFAULT_PAGE,
    ) -> DosePage:
        return read_page(
            self._guard,
            actor,
            person_id,
            cursor,
            limit,
            MAX_PAGE,
            resource="doses",
            fetch=lambda uow, subject, n, after: uow.doses.page(subject, n, after),
        )

    def doses_in(
        self, uow: UnitOfWork, person_id: str, start: datetime, end: datetime
    ) -> list[Dose]:
        """Inside the caller's transaction (the caller has checked access)."""
        return uow.doses.between(person_id, start, end)

    def days_in(
        self, uow: UnitOfWork, person_id: str, first_day: date, last_day: date
    ) -> list[DoseDay]:
        """Local-day summaries from first_day to last_day inclusive, inside the caller's
        transaction (the caller has checked access)."""
        tz = person_timezone(uow, person_id)
        start, end = day_bounds(first_day, last_day, tz)
        return summarise_dose_days(uow.doses.between(person_id, start, end), tz)

    def journal(self, actor: Actor, person_id: str, first_day: date, last_day: date) -> DoseJournal:
        if (last_day - first_day).days > MAX_JOURNAL_DAYS or last_day < first_day:
            raise InvalidInput(
                f"Ask for at most {MAX_JOURNAL_DAYS} days, first day before last.", field="days"
            )

        def read(uow: UnitOfWork) -> DoseJournal:
            tz = person_timezone(uow, person_id)
            start, end = day_bounds(first_day, last_day, tz)
            doses = uow.doses.between(person_id, start, end)
            return DoseJournal(person_id, tz, doses, summarise_dose_days(doses, tz))

        return self._guard.read(actor, person_id, "dose_journal", read)

    def response_table(
        self, actor: Actor, person_id: str, days: int = RESPONSE_DAYS
    ) -> list[ResponseRow]:
        """How this person's SOWS moved after each product and dose size (counts, no advice)."""
        now = self._clock.now()
        start = now - timedelta(days=days)

        def read(uow: UnitOfWork) -> list[ResponseRow]:
            doses = uow.doses.between(person_id, start, now)
            checkins = uow.checkins.scored_between(
                person_id, start - timedelta(days=1), now + timedelta(days=1)
            )
            return summarise_response(doses, checkins)

        return self._guard.read(actor, person_id, "dose_response", read)

    def today_summary(self, actor: Actor, person_id: str) -> tuple[DoseDay | None, Sequence[Dose]]:
        """Today's totals and doses in the person's own day (for the home card)."""

        def read(uow: UnitOfWork) -> tuple[DoseDay | None, Sequence[Dose]]:
            tz = person_timezone(uow, person_id)
            today = self._clock.now().astimezone(tz).date()
            start, end = day_bounds(today, today, tz)
            doses = uow.doses.between(person_id, start, end)
            days = summarise_dose_days(doses, tz)
            return (days[0] if days else None), doses

        return self._guard.read(actor, person_id, "doses", read)

    def page_in(
        self, uow: UnitOfWork, person_id: str, limit: int, after: tuple[datetime, str] | None
    ) -> list[Dose]:
        """Newest first, every status; inside the caller's transaction (the caller has checked
        access and audits)."""
        return uow.doses.page(person_id, limit, after)

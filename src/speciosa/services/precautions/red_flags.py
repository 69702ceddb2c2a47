"""Red-flag reports: record what the person ticked, answer with what to do now, and raise a
`red_flag` alert in the same transaction so that it reaches the clinician's dashboard first.

`record_within(uow, …)` works inside a caller's transaction (the daily check-in form can pass
its ticked flags and check-in id); `report(…)` opens and commits its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.alerts import Alert
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import Conflict, InvalidInput, NotFound
from speciosa.domain.foundation.idempotency import check_replay, fingerprint, parse_client_id
from speciosa.domain.precautions.records import RedFlagReport
from speciosa.domain.precautions.red_flags import (
    RedFlagChecklist,
    Triage,
    check_note,
    red_flag_draft,
    triage,
)
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

MAX_LISTED = 200


@dataclass(frozen=True)
class RedFlagOutcome:
    report: RedFlagReport
    triage: Triage
    alerts: tuple[Alert, ...]
    replayed: bool = False


class RedFlagService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        alerts: AlertService,
        checklist: RedFlagChecklist,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._alerts = alerts
        self.checklist = checklist

    def preview(self, codes: Sequence[str], jurisdiction: str | None = None) -> Triage:
        """What to do now for these flags, without recording anything."""
        return triage(self.checklist, codes, jurisdiction)

    def report(
        self,
        actor: Actor,
        person_id: str | None,
        flags: Sequence[str],
        *,
        checkin_id: str | None = None,
        note: str = "",
        client_id: str | None = None,
    ) -> RedFlagOutcome:
        subject = self._guard.subject_of(actor, person_id)
        with self._uow_factory() as uow:
            outcome = self.record_within(
                uow, actor, subject, flags, checkin_id=checkin_id, note=note, client_id=client_id
            )
            if not outcome.replayed:
                uow.commit()
        return outcome

    def record_within(
        self,
        uow: UnitOfWork,
        actor: Actor,
        person_id: str,
        flags: Sequence[str],
        *,
        checkin_id: str | None = None,
        note: str = "",
        client_id: str | None = None,
    ) -> RedFlagOutcome:
        """Record inside the caller's transaction (the caller commits)."""
        self._guard.require(uow, actor, person_id, Purpose.WRITE)
        profile = uow.persons.get(person_id)
        result = triage(self.checklist, flags, profile.jurisdiction if profile else None)
        note = check_note(note)
        if checkin_id is not None and not 0 < len(checkin_id) <= 64:
            raise InvalidInput("The check-in id must be 1-64 characters.", field="checkin_id")
        report_id = parse_client_id(client_id) if client_id else str(uuid.uuid4())
        sent = fingerprint(
            {
                "person_id": person_id,
                "flags": sorted(result.codes),
                "checkin_id": checkin_id,
                "note": note,
            }
        )
        existing = uow.precautions.get_red_flag_report(report_id)
        if existing is not None:
            return self._replay(existing, sent, profile.jurisdiction if profile else None)
        report = RedFlagReport(
            id=report_id,
            person_id=person_id,
            flags=result.codes,
            reported_at=self._clock.now(),
            reported_by=actor.user_id,
            fingerprint=sent,
            checkin_id=checkin_id,
            note=note,
        )
        if not uow.precautions.add_red_flag_report(report):
            stored = uow.precautions.get_red_flag_report(report_id)
            if stored is None:  # pragma: no cover - the unique constraint said it exists
                raise Conflict("The report could not be stored; try again.")
            return self._replay(stored, sent, profile.jurisdiction if profile else None)
        raised = self._alerts.raise_drafts(
            uow, [red_flag_draft(person_id, report.id, result, report.reported_at)]
        )
        self._audit.add(
            uow,
            actor,
            AuditAction.CREATE,
            "red_flag_report",
            resource_id=report.id,
            person_id=person_id,
            detail=",".join(result.codes),
        )
        return RedFlagOutcome(report, result, tuple(raised))

    def _replay(self, stored: RedFlagReport, sent: str, jurisdiction: str | None) -> RedFlagOutcome:
        check_replay(stored.fingerprint, sent, "red-flag report", stored.id)
        return RedFlagOutcome(
            stored, triage(self.checklist, stored.flags, jurisdiction), (), replayed=True
        )

    def reports_for(self, actor: Actor, person_id: str, limit: int = 50) -> list[RedFlagReport]:
        return self._guard.read(
            actor,
            person_id,
            "red_flag_reports",
            lambda uow: uow.precautions.red_flag_reports(person_id, min(limit, MAX_LISTED)),
        )

    def report_of(self, actor: Actor, report_id: str) -> RedFlagReport:
        """One report, however old, to its person and the clinicians they consented to
        (audited). A refusal reads like a report that does not exist."""
        hidden = NotFound(f"There is no red-flag report {report_id} that you can see.")
        with self._uow_factory(read_only=True) as uow:
            stored = uow.precautions.get_red_flag_report(report_id)
        if stored is None:
            raise hidden
        try:
            return self._guard.read(
                actor,
                stored.person_id,
                "red_flag_report",
                lambda _uow: stored,
                resource_id=stored.id,
            )
        except NotFound:
            raise hidden from None

    def triage_of(self, actor: Actor, report_id: str) -> tuple[RedFlagReport, Triage]:
        """A recorded report and what to do now, in the person's own jurisdiction (both reads
        access-checked and audited, like `report_of`)."""
        report = self.report_of(actor, report_id)

        def read_jurisdiction(uow: UnitOfWork) -> str | None:
            profile = uow.persons.get(report.person_id)
            return profile.jurisdiction if profile else None

        jurisdiction = self._guard.read(actor, report.person_id, "profile", read_jurisdiction)
        return report, self.preview(report.flags, jurisdiction)

    def reports_in(self, uow: UnitOfWork, person_id: str, limit: int) -> list[RedFlagReport]:
        """The newest reports first; inside the caller's transaction (the caller has checked
        access and audits)."""
        return uow.precautions.red_flag_reports(person_id, limit)

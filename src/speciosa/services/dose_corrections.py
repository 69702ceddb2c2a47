"""Correcting a logged dose, or marking it entered in error (issue 12). The original stays in
the journal's history with its status; only current doses count in daily totals, escalation and
"same as last time". Escalation alerts that the wrong dose raised are closed with a note when
the current doses no longer show the rise, and the corrected dose is evaluated like a new one.

`PATCH /api/v1/doses/{id}` and `POST /api/v1/doses/{id}/entered-in-error` and the person's web
history call these; a retry of the same correction (same new id and body) returns the first.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from speciosa.domain.access import Purpose
from speciosa.domain.accounts import Actor
from speciosa.domain.alerts import Alert
from speciosa.domain.audit import AuditAction
from speciosa.domain.corrections import (
    RecordStatus,
    check_may_correct,
    check_reason,
    check_still_current,
)
from speciosa.domain.dosing.doses import Dose, DoseKind, check_taken_at, clean_note
from speciosa.domain.dosing.escalation import EscalationRule
from speciosa.domain.errors import Conflict, NotFound
from speciosa.domain.idempotency import check_replay, parse_client_id
from speciosa.services.access import AccessGuard
from speciosa.services.alerts import AlertService
from speciosa.services.audit import AuditTrail
from speciosa.services.calculators import DosingCalculators
from speciosa.services.dose_entries import DoseEntry, NewDose, kratom_dose, opioid_dose
from speciosa.services.dose_escalation import escalation_drafts, stale_escalations
from speciosa.services.labs import LabService
from speciosa.services.ports import Clock
from speciosa.services.unit_of_work_port import UnitOfWork, UnitOfWorkFactory

KEEP = None  # a field left out of a correction keeps the original's value


@dataclass(frozen=True)
class DoseCorrection:
    """What changes; None keeps the original's value. `id` is the client's id for the new
    version (a retry with the same id returns it)."""

    id: object = None
    amount: object = KEEP
    unit: object = KEEP
    purchase_id: str | None = KEEP
    drug: object = KEEP
    route: object = KEEP
    taken_at: datetime | None = KEEP
    note: str | None = KEEP
    reason: object = ""


@dataclass(frozen=True)
class CorrectedDose:
    dose: Dose  # the new current version, or the dose now entered in error
    original: Dose
    created: bool
    alerts: list[Alert]  # raised by the corrected dose
    closed: list[Alert]  # closed because their rise is gone


class DoseCorrector:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        alerts: AlertService,
        labs: LabService,
        calculators: DosingCalculators,
        rules: Sequence[EscalationRule],
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._alerts = alerts
        self._labs = labs
        self._calculators = calculators
        self._rules = rules

    def _original(self, uow: UnitOfWork, actor: Actor, dose_id: str) -> Dose:
        hidden = NotFound(f"There is no dose {dose_id} that you can see.")
        original = uow.doses.get(dose_id)
        if original is None:
            raise hidden
        try:
            self._guard.require(uow, actor, original.person_id, Purpose.WRITE)
        except NotFound:
            raise hidden from None
        check_may_correct(actor, original.person_id, original.recorded_by, "dose")
        return original

    def correct(self, actor: Actor, dose_id: str, change: DoseCorrection) -> CorrectedDose:
        reason = check_reason(change.reason)
        new_id = parse_client_id(change.id) if change.id else str(uuid.uuid4())
        now = self._clock.now()
        with self._uow_factory() as uow:
            original = self._original(uow, actor, dose_id)
            new = merged(original, change)
            if original.superseded_by == new_id:  # a retry of this very correction
                stored = uow.doses.get(new_id)
                if stored is not None:
                    check_replay(stored.fingerprint, new.fingerprint(), "correction", new_id)
                    return CorrectedDose(stored, original, False, [], [])
            check_still_current(original.status, original.superseded_by, "dose")
            taken_at = check_taken_at(new.taken_at, now)
            entry = DoseEntry(
                actor, original.person_id, new, new_id, taken_at, clean_note(new.note), now
            )
            if original.kind is DoseKind.KRATOM:
                dose = kratom_dose(uow, self._labs, entry)
            else:
                dose = opioid_dose(self._calculators.mme_table, entry)
            dose = replace(dose, supersedes=original.id)
            if not uow.doses.add(dose):
                raise Conflict(f"A dose with id {new_id} already exists; use a new id.")
            if not uow.doses.mark(original.id, RecordStatus.CORRECTED, dose.id, reason):
                raise Conflict("This dose was changed at the same time; reload and try again.")
            closed = self._close_stale(uow, actor, original, "corrected")
            raised = self._alerts.raise_drafts(uow, escalation_drafts(uow, self._rules, dose, now))
            self._audit.add(
                uow,
                actor,
                AuditAction.UPDATE,
                "dose",
                resource_id=original.id,
                person_id=original.person_id,
                detail=(
                    f"corrected by {dose.id}: {original.amount} {original.unit} -> "
                    f"{dose.amount} {dose.unit}" + (f"; reason: {reason}" if reason else "")
                )[:500],
            )
            self._audit.add(
                uow,
                actor,
                AuditAction.CREATE,
                "dose",
                resource_id=dose.id,
                person_id=dose.person_id,
                detail=f"correction of {original.id}: {dose.kind.value} {dose.amount} {dose.unit}",
            )
            uow.commit()
        return CorrectedDose(dose, original, True, raised, closed)

    def mark_entered_in_error(
        self, actor: Actor, dose_id: str, reason: object = ""
    ) -> CorrectedDose:
        why = check_reason(reason)
        with self._uow_factory() as uow:
            original = self._original(uow, actor, dose_id)
            if original.status is RecordStatus.ENTERED_IN_ERROR:  # a retry: nothing to do
                return CorrectedDose(original, original, False, [], [])
            check_still_current(original.status, original.superseded_by, "dose")
            if not uow.doses.mark(original.id, RecordStatus.ENTERED_IN_ERROR, None, why):
                raise Conflict("This dose was changed at the same time; reload and try again.")
            closed = self._close_stale(uow, actor, original, "marked as entered in error")
            self._audit.add(
                uow,
                actor,
                AuditAction.UPDATE,
                "dose",
                resource_id=original.id,
                person_id=original.person_id,
                detail=("entered in error" + (f"; reason: {why}" if why else ""))[:500],
            )
            uow.commit()
        marked = replace(original, status=RecordStatus.ENTERED_IN_ERROR, status_reason=why)
        return CorrectedDose(marked, original, True, [], closed)

    def _close_stale(self, uow: UnitOfWork, actor: Actor, original: Dose, what: str) -> list[Alert]:
        if not original.is_kratom:
            return []
        stale = stale_escalations(uow, self._rules, original.person_id, self._clock.now())
        why = (
            f"Closed automatically: the dose of {original.taken_at:%d %b %H:%M} UTC "
            f"({original.amount} {original.unit}) was {what} by {actor.name or 'its author'}, "
            "and the current doses no longer show this rise."
        )
        return self._alerts.close_stale_within(uow, actor, stale, why)


def merged(original: Dose, change: DoseCorrection) -> NewDose:
    """The corrected dose as a client would have sent it (its fingerprint makes retries safe)."""

    def pick(given: object, kept: object) -> object:
        return kept if given is KEEP else given

    return NewDose(
        id=change.id,
        kind=original.kind.value,
        amount=pick(change.amount, str(original.amount)),
        unit=pick(change.unit, original.unit),
        purchase_id=original.purchase_id if change.purchase_id is KEEP else change.purchase_id,
        drug=pick(change.drug, original.drug or None),
        route=pick(change.route, original.route.value if original.route else None),
        taken_at=original.taken_at if change.taken_at is KEEP else change.taken_at,
        person_id=original.person_id,
        note=original.note if change.note is KEEP else change.note,
    )

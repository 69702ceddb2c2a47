"""Correcting a logged dose, or marking it entered in error (issue 12). The original stays in
the journal's history with its status; only current doses count in daily totals, escalation and
"same as last time". Escalation alerts that the wrong dose raised are closed with a note when
the current doses no longer show the rise, and the corrected dose is evaluated like a new one.

`PATCH /api/v1/doses/{id}` and `POST /api/v1/doses/{id}/entered-in-error` and the person's web
history call these; a retry of the same correction (same new id and body) returns the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from speciosa.domain.dosing.doses import Dose, DoseKind, check_taken_at, clean_note
from speciosa.domain.dosing.escalation import EscalationRule
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.alerts import Alert
from speciosa.domain.foundation.corrections import check_reason
from speciosa.services.dosing.calculators import DosingCalculators
from speciosa.services.dosing.escalation import escalation_drafts, stale_escalations
from speciosa.services.dosing.journal_entries import DoseEntry, NewDose, kratom_dose, opioid_dose
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
from speciosa.services.sources.certificates import CertificateService

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


CorrectedDose = CorrectedRecord[Dose]


class DoseCorrector:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        alerts: AlertService,
        certificates: CertificateService,
        calculators: DosingCalculators,
        rules: Sequence[EscalationRule],
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._alerts = alerts
        self._certificates = certificates
        self._calculators = calculators
        self._rules = rules
        kind = RecordKind[Dose]("dose", "dose", lambda uow: uow.doses)
        self._steps = RecordCorrections(kind, uow_factory, guard, audit, self._close_stale)

    def correct(self, actor: Actor, dose_id: str, change: DoseCorrection) -> CorrectedDose:
        reason = check_reason(change.reason)
        new_id = new_version_id(change.id)
        now = self._clock.now()
        with self._uow_factory() as uow:
            original = self._steps.original(uow, actor, dose_id)
            new = merged(original, change)
            stored = self._steps.replayed(uow, original, new_id, new.fingerprint())
            if stored is not None:  # a retry of this very correction
                return CorrectedDose(stored, original, False, [], [])
            taken_at = check_taken_at(new.taken_at, now)
            entry = DoseEntry(
                actor, original.person_id, new, new_id, taken_at, clean_note(new.note), now
            )
            if original.kind is DoseKind.KRATOM:
                dose = kratom_dose(uow, self._certificates, entry)
            else:
                dose = opioid_dose(self._calculators.mme_table, entry)
            dose = replace(dose, supersedes=original.id)
            closed = self._steps.retire(uow, actor, original, dose, reason)
            raised = self._alerts.raise_drafts(uow, escalation_drafts(uow, self._rules, dose, now))
            self._steps.audit_correction(
                uow,
                actor,
                original,
                dose,
                reason,
                change=f"{original.amount} {original.unit} -> {dose.amount} {dose.unit}",
                created=f"{dose.kind.value} {dose.amount} {dose.unit}",
            )
            uow.commit()
        return CorrectedDose(dose, original, True, raised, closed)

    def mark_entered_in_error(
        self, actor: Actor, dose_id: str, reason: object = ""
    ) -> CorrectedDose:
        return self._steps.mark_entered_in_error(actor, dose_id, reason)

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

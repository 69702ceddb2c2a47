"""Medicines imported from another system (a FHIR Bundle read by the entrypoint's adapter) onto
a person's list, in ONE transaction: every entry is added, or none is. The interaction check then
runs on the whole list, raising alerts for major or contraindicated interactions as a typed
medicine does (`PrecautionsService.add_medication`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.alerts import Alert
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.idempotency import fingerprint
from speciosa.domain.precautions.interactions import InteractionCheck
from speciosa.domain.precautions.medication_import import (
    MAX_DISPLAY_LENGTH,
    ImportDecision,
    ImportedMedication,
    ImportOutcome,
    plan_import,
)
from speciosa.domain.precautions.records import Medication
from speciosa.domain.precautions.rxnorm import RxNormTable
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWorkFactory
from speciosa.services.precautions.person_precautions import PrecautionsService


@dataclass(frozen=True)
class MedicationImport:
    person_id: str
    decisions: tuple[ImportDecision, ...]
    added: tuple[Medication, ...]
    check: InteractionCheck
    alerts: tuple[Alert, ...]

    @property
    def unknown_codes(self) -> tuple[ImportDecision, ...]:
        return tuple(d for d in self.decisions if d.outcome is ImportOutcome.ADDED_UNKNOWN_CODE)

    @property
    def not_current(self) -> tuple[ImportDecision, ...]:
        return tuple(d for d in self.decisions if d.outcome is ImportOutcome.NOT_CURRENT)

    @property
    def already_listed(self) -> tuple[ImportDecision, ...]:
        return tuple(d for d in self.decisions if d.outcome is ImportOutcome.ALREADY_LISTED)


class MedicationImportService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        precautions: PrecautionsService,
        rxnorm: RxNormTable,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._precautions = precautions
        self._rxnorm = rxnorm

    def import_medications(
        self, actor: Actor, person_id: str | None, entries: Sequence[ImportedMedication]
    ) -> MedicationImport:
        subject = self._guard.subject_of(actor, person_id)
        now = self._clock.now()
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, subject, Purpose.WRITE)
            listed = uow.precautions.medications(subject)
            decisions = plan_import(entries, listed, self._rxnorm)
            added = []
            for decision in decisions:
                if not decision.adds:
                    continue
                source = decision.source
                medication = Medication(
                    id=str(uuid.uuid4()),
                    person_id=subject,
                    name=decision.name,
                    added_at=now,
                    added_by=actor.user_id,
                    fingerprint=fingerprint({"person_id": subject, "name": decision.name}),
                    code_system=source.system if source.code else None,
                    code=source.code or None,
                    code_display=(source.display or "")[:MAX_DISPLAY_LENGTH] or None
                    if source.code
                    else None,
                )
                uow.precautions.add_medication(medication)
                added.append(medication)
                self._audit.add(
                    uow,
                    actor,
                    AuditAction.CREATE,
                    "medication",
                    resource_id=medication.id,
                    person_id=subject,
                    detail=f"imported from FHIR ({decision.outcome.value})",
                )
            check, raised = self._precautions.recheck_within(uow, subject, [*listed, *added])
            uow.commit()
        return MedicationImport(subject, tuple(decisions), tuple(added), check, tuple(raised))

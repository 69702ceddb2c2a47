"""Precautions for one person: their medication list and conditions (interactions re-checked on
every change, a major or contraindicated one raising an `interaction` alert), the legal status of
their jurisdiction, and the public reference (interaction checks, legal status, evidence)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.alerts import Alert
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import Conflict, NotFound
from speciosa.domain.foundation.idempotency import check_replay, fingerprint, parse_client_id
from speciosa.domain.foundation.persons import normalise_jurisdiction
from speciosa.domain.precautions.conditions import (
    ConditionPrecaution,
    check_condition_codes,
    precautions_for,
)
from speciosa.domain.precautions.evidence import EvidenceRegistry
from speciosa.domain.precautions.interactions import (
    Interaction,
    InteractionCheck,
    check_interactions,
)
from speciosa.domain.precautions.legal import (
    LegalFinding,
    require_known,
    status_for_profile,
    status_on,
)
from speciosa.domain.precautions.records import (
    Medication,
    RecordedCondition,
    RedFlagReport,
    check_medication_name,
)
from speciosa.domain.precautions.substances import Resolved, normalise_name
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from speciosa.services.precautions.interaction_alerts import interaction_drafts
from speciosa.services.precautions.reference_tables import PrecautionsReference


@dataclass(frozen=True)
class PrecautionsOverview:
    """Everything the person and their clinician see about precautions, in one read."""

    person_id: str
    medications: tuple[Medication, ...]
    conditions: tuple[str, ...]
    check: InteractionCheck
    precautions: tuple[ConditionPrecaution, ...]
    legal: LegalFinding | None
    jurisdiction: str | None
    red_flags: tuple[RedFlagReport, ...]


@dataclass(frozen=True)
class MedicationChange:
    medication: Medication
    check: InteractionCheck
    alerts: tuple[Alert, ...]
    replayed: bool = False


class PrecautionsService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        alerts: AlertService,
        reference: PrecautionsReference,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._alerts = alerts
        self.reference = reference

    # ------------------------------------------------------------ public reference (no record)

    def check(self, names: Sequence[str]) -> InteractionCheck:
        """Check a list of names against kratom and each other (no person's record involved)."""
        return check_interactions(names, self.reference.substances, self.reference.rules)

    def legal_status(self, code: str, on: date | None = None) -> LegalFinding:
        return status_on(self.reference.legal, code, on or self._clock.now().date())

    @property
    def evidence(self) -> EvidenceRegistry:
        return self.reference.evidence

    # ------------------------------------------------------------ the person's record

    def _check_list(self, medications: Sequence[Medication]) -> InteractionCheck:
        return self.check_medications(medications)

    def check_medications(self, medications: Sequence[Medication]) -> InteractionCheck:
        """Check list entries: a coded entry as the substance its code stands for."""
        return self.check([self.reference.rxnorm.checked_name(m) for m in medications])

    def recheck_within(
        self, uow: UnitOfWork, person_id: str, active: Sequence[Medication]
    ) -> tuple[InteractionCheck, list[Alert]]:
        """Check the person's list after something was added, and raise the alerts its major or
        contraindicated interactions call for, inside the caller's transaction."""
        check = self.check_medications(active)
        drafts = interaction_drafts(
            person_id, check, active, self.reference.substances, self.reference.rxnorm
        )
        return check, self._alerts.raise_drafts(uow, drafts)

    def resolve_medication(self, medication: Medication) -> Resolved | None:
        """What a list entry was recognised as (by its code, else its name)."""
        return self.reference.substances.resolve(self.reference.rxnorm.checked_name(medication))

    def add_medication(
        self, actor: Actor, person_id: str | None, name: str, client_id: str | None = None
    ) -> MedicationChange:
        """Add to the list, re-check, raise alerts for major/contraindicated interactions."""
        subject = self._guard.subject_of(actor, person_id)
        name = check_medication_name(name)
        medication_id = parse_client_id(client_id) if client_id else str(uuid.uuid4())
        sent = fingerprint({"person_id": subject, "name": name})
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, subject, Purpose.WRITE)
            existing = uow.precautions.get_medication(medication_id)
            if existing is not None:
                return self._replay(uow, existing, sent)
            listed = uow.precautions.medications(subject)
            if any(m.key == normalise_name(name) for m in listed):
                raise Conflict(f"{name} is already on the list.", field="name")
            medication = Medication(
                id=medication_id,
                person_id=subject,
                name=name,
                added_at=self._clock.now(),
                added_by=actor.user_id,
                fingerprint=sent,
            )
            if not uow.precautions.add_medication(medication):
                # A concurrent request with the same id won the race: answer as a replay.
                stored = uow.precautions.get_medication(medication_id)
                if stored is None:  # pragma: no cover - the unique constraint said it exists
                    raise Conflict("The medication could not be stored; try again.")
                return self._replay(uow, stored, sent)
            check, raised = self.recheck_within(uow, subject, [*listed, medication])
            self._audit.add(
                uow,
                actor,
                AuditAction.CREATE,
                "medication",
                resource_id=medication.id,
                person_id=subject,
                detail=f"interactions={len(check.interactions)} alerts={len(raised)}",
            )
            uow.commit()
        return MedicationChange(medication, check, tuple(raised))

    def _replay(self, uow: UnitOfWork, stored: Medication, sent: str) -> MedicationChange:
        check_replay(stored.fingerprint, sent, "medication", stored.id)
        listed = uow.precautions.medications(stored.person_id)
        return MedicationChange(stored, self._check_list(listed), (), replayed=True)

    def remove_medication(self, actor: Actor, medication_id: str) -> InteractionCheck:
        with self._uow_factory() as uow:
            # A refusal reads like a medication that is not listed: it never names whose list.
            hidden = NotFound(f"There is no medication {medication_id} on a list you can change.")
            medication = uow.precautions.get_medication(medication_id)
            if medication is None or not medication.active:
                raise hidden
            try:
                self._guard.require(uow, actor, medication.person_id, Purpose.WRITE)
            except NotFound:
                raise hidden from None
            uow.precautions.remove_medication(medication_id, self._clock.now())
            self._audit.add(
                uow,
                actor,
                AuditAction.DELETE,
                "medication",
                resource_id=medication_id,
                person_id=medication.person_id,
            )
            remaining = uow.precautions.medications(medication.person_id)
            uow.commit()
        return self._check_list(remaining)

    def set_conditions(
        self, actor: Actor, person_id: str | None, codes: Sequence[str]
    ) -> tuple[str, ...]:
        subject = self._guard.subject_of(actor, person_id)
        chosen = check_condition_codes(self.reference.conditions, codes)
        now = self._clock.now()
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, subject, Purpose.WRITE)
            before = {c.code: c for c in uow.precautions.conditions(subject)}
            uow.precautions.replace_conditions(
                subject,
                [
                    before.get(code) or RecordedCondition(subject, code, now, actor.user_id)
                    for code in chosen
                ],
            )
            self._audit.add(
                uow,
                actor,
                AuditAction.UPDATE,
                "conditions",
                person_id=subject,
                detail=",".join(chosen) or "none",
            )
            uow.commit()
        return chosen

    def set_jurisdiction(self, actor: Actor, person_id: str | None, code: str | None) -> str | None:
        """Change the profile's jurisdiction (ISO 3166 code, or none); the legal status follows."""
        subject = self._guard.subject_of(actor, person_id)
        jurisdiction = normalise_jurisdiction(code)
        if jurisdiction is not None:
            # Chosen from the known list: a code with no legal-status row (e.g. "ZZ-99") is refused.
            jurisdiction = require_known(self.reference.legal, jurisdiction)
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, subject, Purpose.WRITE)
            profile = uow.persons.get(subject)
            if profile is None:  # pragma: no cover - require() checked the person exists
                raise NotFound(f"There is no person {subject}.")
            uow.persons.save(replace(profile, jurisdiction=jurisdiction))
            self._audit.add(
                uow,
                actor,
                AuditAction.UPDATE,
                "profile",
                person_id=subject,
                detail=f"jurisdiction={jurisdiction or 'none'}",
            )
            uow.commit()
        return jurisdiction

    def overview(self, actor: Actor, person_id: str) -> PrecautionsOverview:
        """The person's precautions; audited as a clinical read."""

        def read(uow: UnitOfWork) -> PrecautionsOverview:
            medications = tuple(uow.precautions.medications(person_id))
            conditions = tuple(c.code for c in uow.precautions.conditions(person_id))
            profile = uow.persons.get(person_id)
            jurisdiction = profile.jurisdiction if profile else None
            check = self._check_list(medications)
            return PrecautionsOverview(
                person_id=person_id,
                medications=medications,
                conditions=conditions,
                check=check,
                precautions=precautions_for(
                    self.reference.conditions, conditions, bool(medications)
                ),
                legal=status_for_profile(
                    self.reference.legal, jurisdiction, self._clock.now().date()
                ),
                jurisdiction=jurisdiction,
                red_flags=tuple(uow.precautions.red_flag_reports(person_id, limit=10)),
            )

        return self._guard.read(actor, person_id, "precautions", read)

    def interactions_of(self, actor: Actor, person_id: str) -> list[Interaction]:
        return list(self.overview(actor, person_id).check.interactions)

    def medications_in(self, uow: UnitOfWork, person_id: str) -> list[Medication]:
        """Inside the caller's transaction (the caller has checked access and audits)."""
        return uow.precautions.medications(person_id)

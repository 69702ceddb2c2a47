"""Consent: a person grants a clinician access to their record, revokes it, opts into research."""

from __future__ import annotations

from dataclasses import dataclass

from speciosa.domain.foundation.access import Consent
from speciosa.domain.foundation.accounts import Actor, Role, User
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, NotFound
from speciosa.domain.foundation.persons import PersonProfile
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class Grant:
    clinician: User
    consent: Consent


class ConsentService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, audit: AuditTrail) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._audit = audit

    def grant(self, actor: Actor, clinician_id: str) -> Consent:
        """The person gives one clinician access to their whole record; takes effect at once."""
        self._require_person(actor)
        with self._uow_factory() as uow:
            clinician = uow.users.get(clinician_id)
            if clinician is None or clinician.role is not Role.CLINICIAN or clinician.disabled:
                raise NotFound(f"There is no clinician {clinician_id}.", field="clinician_id")
            consent = Consent(actor.user_id, clinician_id, granted_at=self._clock.now())
            uow.consents.save(consent)
            self._audit.add(
                uow,
                actor,
                AuditAction.GRANT,
                "consent",
                resource_id=clinician_id,
                person_id=actor.user_id,
            )
            uow.commit()
        return consent

    def revoke(self, actor: Actor, clinician_id: str) -> None:
        self._require_person(actor)
        with self._uow_factory() as uow:
            consent = uow.consents.get(actor.user_id, clinician_id)
            if consent is None or not consent.active:
                raise NotFound(
                    "That clinician does not have access to your record.", field="clinician_id"
                )
            uow.consents.save(
                Consent(
                    consent.person_id,
                    consent.clinician_id,
                    consent.granted_at,
                    revoked_at=self._clock.now(),
                )
            )
            self._audit.add(
                uow,
                actor,
                AuditAction.REVOKE,
                "consent",
                resource_id=clinician_id,
                person_id=actor.user_id,
            )
            uow.commit()

    def grants(self, actor: Actor) -> list[Grant]:
        """The clinicians this person has granted access to (active and revoked)."""
        self._require_person(actor)
        with self._uow_factory(read_only=True) as uow:
            result = []
            for consent in uow.consents.for_person(actor.user_id):
                clinician = uow.users.get(consent.clinician_id)
                if clinician is not None:
                    result.append(Grant(clinician, consent))
        self._audit.record_read(actor, "consent", person_id=actor.user_id)
        return result

    def research_consented(self, actor: Actor) -> bool:
        """Whether this person has opted into pseudonymous research exports."""
        self._require_person(actor)
        with self._uow_factory(read_only=True) as uow:
            profile = uow.persons.get(actor.user_id)
        self._audit.record_read(actor, "research-consent", person_id=actor.user_id)
        return bool(profile and profile.research_consent)

    def set_research_consent(self, actor: Actor, consented: bool) -> PersonProfile:
        """Opt in or out of pseudonymous research exports."""
        self._require_person(actor)
        with self._uow_factory() as uow:
            profile = uow.persons.get(actor.user_id)
            if profile is None:
                raise NotFound("Your profile is missing; ask an admin.")
            profile = profile.with_research_consent(self._clock.now() if consented else None)
            uow.persons.save(profile)
            self._audit.add(
                uow,
                actor,
                AuditAction.GRANT if consented else AuditAction.REVOKE,
                "research-consent",
                person_id=actor.user_id,
            )
            uow.commit()
        return profile

    @staticmethod
    def _require_person(actor: Actor) -> None:
        if not actor.is_person:
            raise AccessDenied("Only the person whose record it is can grant or revoke access.")

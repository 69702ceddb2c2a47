"""The one authorisation module: every person-scoped read or write goes through `AccessGuard`.

The rule itself is pure (`domain.foundation.access.decide_person_access`); this module loads the
consent,
applies the rule, hides refusals as "not found", and couples each clinical read with its audit row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from speciosa.domain.foundation.access import Purpose, decide_person_access
from speciosa.domain.foundation.accounts import Actor, User
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessRefused, InvalidInput
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

T = TypeVar("T")


def refusal(actor: Actor, person_id: str, purpose: Purpose) -> AccessRefused:
    """The 404 of a refused person-scoped request; the entrypoint records it for admins."""
    return AccessRefused(
        f"There is no person {person_id} whose record you can see.",
        actor_id=actor.user_id,
        actor_role=actor.role.value,
        address=actor.address,
        target=f"person {person_id}"[:120],
        what="read" if purpose is Purpose.READ else "write",
    )


class AccessGuard:
    def __init__(self, uow_factory: UnitOfWorkFactory, audit: AuditTrail) -> None:
        self._uow_factory = uow_factory
        self._audit = audit

    def require(self, uow: UnitOfWork, actor: Actor, person_id: str, purpose: Purpose) -> None:
        """Raise NotFound unless `actor` may `purpose` the record of `person_id`."""
        consent = uow.consents.get(person_id, actor.user_id) if actor.is_clinician else None
        decision = decide_person_access(actor, person_id, consent, purpose)
        if not decision.allowed:
            raise refusal(actor, person_id, purpose)
        # A person's own record exists (their signed-in account has a profile); a record reached
        # through a grant is checked, since a grant could outlive a profile.
        own = actor.is_person and actor.user_id == person_id
        if not own and uow.persons.get(person_id) is None:
            raise refusal(actor, person_id, purpose)

    def subject_of(self, actor: Actor, person_id: str | None) -> str:
        """Whose record a write is about: a person writes their own; a clinician must say whose."""
        if actor.is_person:
            if person_id not in (None, "", actor.user_id):
                raise refusal(actor, str(person_id), Purpose.WRITE)
            return actor.user_id
        if not person_id:
            raise InvalidInput("Say which person this is for (person_id).", field="person_id")
        return person_id

    def readable_person_ids(self, uow: UnitOfWork, actor: Actor) -> list[str]:
        if actor.is_person:
            return [actor.user_id]
        if actor.is_clinician:
            return uow.consents.person_ids_for_clinician(actor.user_id)
        return []

    def readable_persons(self, actor: Actor) -> list[User]:
        """The accounts of the persons whose record `actor` can see (a person: themself), each
        listing audited as a read of that person's account."""
        with self._uow_factory(read_only=True) as uow:
            found = [uow.users.get(i) for i in self.readable_person_ids(uow, actor)]
        users = [u for u in found if u is not None]
        if users:
            with self._uow_factory() as uow:
                for user in users:
                    self._audit.add(uow, actor, AuditAction.READ, "account", person_id=user.id)
                uow.commit()
        return users

    def read(
        self,
        actor: Actor,
        person_id: str,
        resource: str,
        read: Callable[[UnitOfWork], T],
        *,
        resource_id: str | None = None,
    ) -> T:
        """Check access, read in a read-only transaction, then commit the audit row, then return."""
        with self._uow_factory(read_only=True) as uow:
            self.require(uow, actor, person_id, Purpose.READ)
            result = read(uow)
        self._audit.record_read(actor, resource, person_id=person_id, resource_id=resource_id)
        return result

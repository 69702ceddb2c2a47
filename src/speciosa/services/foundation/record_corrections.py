"""The steps every correction shares, whatever record it corrects (issue 12): finding the
original the actor may correct, recognising a retry of the same correction, retiring the
original in favour of its new version, marking it entered in error, and the audit entries.

Doses (`dose_corrections`) and check-ins (`checkin_corrections`) supply what differs: how the
new version is built, which open alerts the original leaves stale, and what the new version
raises. The original is never changed beyond its status, so the history keeps it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import Field, dataclass, replace
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.alerts import Alert
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.corrections import (
    RecordStatus,
    check_may_correct,
    check_reason,
    check_still_current,
)
from speciosa.domain.foundation.errors import Conflict, NotFound
from speciosa.domain.foundation.idempotency import check_replay, parse_client_id
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


class CorrectableRecord(Protocol):
    """What a dose and a check-in both carry for corrections (both are dataclasses)."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @property
    def id(self) -> str: ...

    @property
    def person_id(self) -> str: ...

    @property
    def recorded_by(self) -> str: ...

    @property
    def fingerprint(self) -> str: ...

    @property
    def status(self) -> RecordStatus: ...

    @property
    def superseded_by(self) -> str | None: ...


R = TypeVar("R", bound=CorrectableRecord)


class CorrectableStore(Protocol[R]):
    """The part of a repository (doses, check-ins) a correction writes through."""

    def get(self, record_id: str, /) -> R | None: ...

    def add(self, record: R, /) -> bool: ...

    def mark(
        self, record_id: str, status: RecordStatus, superseded_by: str | None, reason: str, /
    ) -> bool: ...


@dataclass(frozen=True)
class CorrectedRecord(Generic[R]):
    record: R  # the new current version, or the record now entered in error
    original: R
    created: bool  # False for a retry that changed nothing
    alerts: list[Alert]  # raised by the new version
    closed: list[Alert]  # closed because the original raised them


@dataclass(frozen=True)
class RecordKind(Generic[R]):
    noun: str  # in messages to people: "dose", "check-in"
    resource: str  # in the audit log: "dose", "checkin"
    store: Callable[[UnitOfWork], CorrectableStore[R]]
    # What else stops this actor correcting this record (raises AccessDenied); None: nothing.
    check_actor: Callable[[Actor, R], None] | None = None


# (uow, actor, original, what was done to it) -> the alerts closed because of it
CloseStale = Callable[[UnitOfWork, Actor, R, str], list[Alert]]


def new_version_id(given: object) -> str:
    """The client's id for the new version, or a fresh one when it sent none."""
    return parse_client_id(given) if given else str(uuid.uuid4())


class RecordCorrections(Generic[R]):
    """The shared steps for one kind of record; `close_stale` closes what the original raised."""

    def __init__(
        self,
        kind: RecordKind[R],
        uow_factory: UnitOfWorkFactory,
        guard: AccessGuard,
        audit: AuditTrail,
        close_stale: CloseStale[R],
    ) -> None:
        self._kind = kind
        self._uow_factory = uow_factory
        self._guard = guard
        self._audit = audit
        self._close_stale = close_stale

    def original(self, uow: UnitOfWork, actor: Actor, record_id: str) -> R:
        """The record to correct; one the actor may not see is 'not found', not 'forbidden'."""
        hidden = NotFound(f"There is no {self._kind.noun} {record_id} that you can see.")
        original = self._kind.store(uow).get(record_id)
        if original is None:
            raise hidden
        try:
            self._guard.require(uow, actor, original.person_id, Purpose.WRITE)
        except NotFound:
            raise hidden from None
        check_may_correct(actor, original.person_id, original.recorded_by, self._kind.noun)
        if self._kind.check_actor is not None:
            self._kind.check_actor(actor, original)
        return original

    def replayed(self, uow: UnitOfWork, original: R, new_id: str, sent: str) -> R | None:
        """The stored new version when this is a retry of the correction that already replaced
        `original` (same id and body); None when `original` is still current to be corrected."""
        if original.superseded_by == new_id:
            stored = self._kind.store(uow).get(new_id)
            if stored is not None:
                check_replay(stored.fingerprint, sent, "correction", new_id)
                return stored
        check_still_current(original.status, original.superseded_by, self._kind.noun)
        return None

    def retire(
        self, uow: UnitOfWork, actor: Actor, original: R, new: R, reason: str
    ) -> list[Alert]:
        """Store `new` and mark `original` corrected by it; the alerts closed as stale."""
        noun, store = self._kind.noun, self._kind.store(uow)
        if not store.add(new):
            raise Conflict(f"A {noun} with id {new.id} already exists; use a new id.")
        if not store.mark(original.id, RecordStatus.CORRECTED, new.id, reason):
            raise Conflict(f"This {noun} was changed at the same time; reload and try again.")
        return self._close_stale(uow, actor, original, "corrected")

    def audit_correction(
        self,
        uow: UnitOfWork,
        actor: Actor,
        original: R,
        new: R,
        reason: str,
        change: str,
        created: str,
    ) -> None:
        """`change` says what changed ("a -> b"); `created` describes the new version."""
        self._record(
            uow, actor, AuditAction.UPDATE, original, f"corrected by {new.id}: {change}", reason
        )
        self._record(uow, actor, AuditAction.CREATE, new, f"correction of {original.id}: {created}")

    def _record(
        self,
        uow: UnitOfWork,
        actor: Actor,
        action: AuditAction,
        record: R,
        what: str,
        reason: str = "",
    ) -> None:
        """One audit entry about `record`; the reason, when given, is kept with it."""
        self._audit.add(
            uow,
            actor,
            action,
            self._kind.resource,
            resource_id=record.id,
            person_id=record.person_id,
            detail=(what + (f"; reason: {reason}" if reason else ""))[:500],
        )

    def mark_entered_in_error(
        self, actor: Actor, record_id: str, reason: object = ""
    ) -> CorrectedRecord[R]:
        """Retire the record with no new version; a retry returns it again, unchanged."""
        why = check_reason(reason)
        noun = self._kind.noun
        with self._uow_factory() as uow:
            original = self.original(uow, actor, record_id)
            if original.status is RecordStatus.ENTERED_IN_ERROR:  # a retry: nothing to do
                return CorrectedRecord(original, original, False, [], [])
            check_still_current(original.status, original.superseded_by, noun)
            if not self._kind.store(uow).mark(
                original.id, RecordStatus.ENTERED_IN_ERROR, None, why
            ):
                raise Conflict(f"This {noun} was changed at the same time; reload and try again.")
            closed = self._close_stale(uow, actor, original, "marked as entered in error")
            self._record(uow, actor, AuditAction.UPDATE, original, "entered in error", why)
            uow.commit()
        marked = replace(original, status=RecordStatus.ENTERED_IN_ERROR, status_reason=why)
        return CorrectedRecord(marked, original, True, [], closed)

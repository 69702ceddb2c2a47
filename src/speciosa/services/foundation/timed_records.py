"""Reading a person's timed records (check-ins, doses): one record by id, and pages of them
newest first behind an opaque cursor. Shared so that every such record hides and pages alike:
an id the caller may not see reads as "not found", and a cursor this API did not give out is a
422, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, Protocol, TypeVar

from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.errors import InvalidInput, NotFound
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


class TimedRecord(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def person_id(self) -> str: ...

    @property
    def taken_at(self) -> datetime: ...


R = TypeVar("R", bound=TimedRecord)
Position = tuple[datetime, str]


@dataclass(frozen=True)
class Page(Generic[R]):
    items: list[R]
    next: str | None


def encode_cursor(record: TimedRecord) -> str:
    raw = f"{record.taken_at.isoformat()}|{record.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> Position:
    """A cursor this API gave out, or a 422 that says so (never a 500)."""
    problem = InvalidInput(
        "The cursor is not one this API gave out; start again without it.", field="cursor"
    )
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        taken, _, record_id = (
            base64.urlsafe_b64decode(padded.encode("ascii")).decode().partition("|")
        )
        at = datetime.fromisoformat(taken)
        record_id = str(uuid.UUID(record_id))
        if at.tzinfo is None:
            raise problem
        at = at.astimezone(UTC)  # overflows for dates no cursor of ours can hold
    except (ValueError, UnicodeError, binascii.Error, OverflowError):
        raise problem from None
    return at, record_id


def read_one(
    uow_factory: UnitOfWorkFactory,
    guard: AccessGuard,
    actor: Actor,
    record_id: str,
    *,
    noun: str,
    fetch: Callable[[UnitOfWork, str], R | None],
) -> R:
    """The record, if `actor` may see its person's record (audited); otherwise "not found"."""
    hidden = NotFound(f"There is no {noun} {record_id} that you can see.")
    try:
        key = str(uuid.UUID(record_id))
    except ValueError:
        raise hidden from None
    with uow_factory(read_only=True) as uow:
        found = fetch(uow, key)
    if found is None:
        raise hidden
    try:
        return guard.read(actor, found.person_id, noun, lambda _uow: found, resource_id=key)
    except NotFound:
        raise hidden from None


def read_page(
    guard: AccessGuard,
    actor: Actor,
    person_id: str | None,
    cursor: str | None,
    limit: int,
    max_limit: int,
    *,
    resource: str,
    fetch: Callable[[UnitOfWork, str, int, Position | None], list[R]],
) -> Page[R]:
    """Newest first; `fetch(uow, person, n, after)` returns up to n records older than `after`."""
    subject = guard.subject_of(actor, person_id)
    if not 1 <= limit <= max_limit:
        raise InvalidInput(f"limit must be from 1 to {max_limit}.", field="limit")
    after = decode_cursor(cursor) if cursor else None
    items = guard.read(actor, subject, resource, lambda uow: fetch(uow, subject, limit + 1, after))
    more = len(items) > limit
    items = items[:limit]
    return Page(items, encode_cursor(items[-1]) if more and items else None)

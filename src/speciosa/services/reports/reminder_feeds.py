"""The private reminder calendar (see domain/reports/reminders.py): create or regenerate its secret
address, revoke it, and read it by the secret alone (a phone calendar has no session)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import tzinfo

from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, NotFound
from speciosa.domain.reports.reminders import CalendarFeed
from speciosa.services.dosing.taper_views import PlanView
from speciosa.services.dosing.tapers import TaperService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.person_time import person_timezone
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWorkFactory

TOKEN_BYTES = 32
_UNKNOWN = "This calendar address is not valid (it was replaced or turned off)."


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FeedContent:
    feed: CalendarFeed
    timezone: tzinfo
    plans: list[PlanView]


class ReminderFeedService:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, audit: AuditTrail, tapers: TaperService
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._audit = audit
        self._tapers = tapers

    @staticmethod
    def _require_person(actor: Actor) -> None:
        if not actor.is_person:
            raise AccessDenied("Only a person has a reminder calendar of their own.")

    def current(self, actor: Actor) -> CalendarFeed | None:
        """The person's reminder calendar, if they made one (the reminder time; audited)."""
        self._require_person(actor)
        with self._uow_factory(read_only=True) as uow:
            feed = uow.calendar_feeds.for_person(actor.user_id)
        self._audit.record_read(actor, "reminder_feed", person_id=actor.user_id)
        return feed

    def issue(self, actor: Actor, reminder_minutes: int) -> str:
        """A new secret address (any earlier one stops working). The secret is returned once."""
        self._require_person(actor)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        feed = CalendarFeed(actor.user_id, token_hash(token), reminder_minutes, self._clock.now())
        with self._uow_factory() as uow:
            replaced = uow.calendar_feeds.for_person(actor.user_id) is not None
            uow.calendar_feeds.save(feed)
            self._audit.add(
                uow,
                actor,
                AuditAction.UPDATE if replaced else AuditAction.GRANT,
                "reminder_feed",
                person_id=actor.user_id,
                detail=f"daily at {feed.reminder_clock}",
            )
            uow.commit()
        return token

    def revoke(self, actor: Actor) -> None:
        self._require_person(actor)
        with self._uow_factory() as uow:
            if not uow.calendar_feeds.delete(actor.user_id):
                raise NotFound("You have no reminder calendar to turn off.")
            self._audit.add(
                uow, actor, AuditAction.REVOKE, "reminder_feed", person_id=actor.user_id
            )
            uow.commit()

    def content(self, token: str) -> FeedContent:
        """What the calendar app gets: read as the person (the secret stands for them)."""
        if not token or len(token) > 128:
            raise NotFound(_UNKNOWN)
        with self._uow_factory(read_only=True) as uow:
            feed = uow.calendar_feeds.by_token_hash(token_hash(token))
            if feed is None:
                raise NotFound(_UNKNOWN)
            user = uow.users.get(feed.person_id)
            if user is None or user.disabled:
                raise NotFound(_UNKNOWN)
            tz = person_timezone(uow, feed.person_id)
        owner = Actor(feed.person_id, Role.PERSON, user.name, "calendar feed")
        plans = [v for v in self._tapers.plans_for(owner, feed.person_id) if v.plan.active]
        self._audit.record_read(owner, "reminder_feed", person_id=feed.person_id)
        return FeedContent(feed, tz, plans)

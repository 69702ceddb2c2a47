"""Concurrent copies of one check-in (a phone retrying while the first request is still being
written) store one record and raise one alert: the unique id is the database's to enforce, so
this runs on SQLite, not on the fakes."""

from __future__ import annotations

import threading
import uuid

import pytest

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.services.withdrawal.checkins import NewCheckIn
from tests.conftest import make_user
from tests.support.instruments import SOWS_ITEMS


def sows(value: int) -> dict[str, int]:
    return dict.fromkeys(SOWS_ITEMS, value)


@pytest.fixture
def person(sqlite_services: Services) -> Actor:
    user = make_user(sqlite_services, Role.PERSON, "Pat Person")
    return Actor(user.id, Role.PERSON, user.name)


def test_concurrent_copies_of_one_checkin_store_one_record(
    sqlite_services: Services, person: Actor
) -> None:
    new = NewCheckIn(id=str(uuid.uuid4()), instrument="sows", answers=sows(2))
    results: list[bool] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            results.append(sqlite_services.checkins.record(person, new).created)
        except BaseException as error:  # pragma: no cover - the assertion reports it
            errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [False] * 5 + [True]
    assert len(sqlite_services.checkins.page(person, None).items) == 1
    alerts = sqlite_services.alerts.for_person(person, person.user_id)
    assert [a.kind for a in alerts] == [AlertKind.WITHDRAWAL_SEVERE]  # 32 >= 21, raised once

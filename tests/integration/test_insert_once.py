"""Insert-if-absent on both backends: the second insert of the same key reports "exists", so a
concurrent duplicate is re-read as a replay, never stored or counted twice."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa

from speciosa.adapters.db.rows.withdrawal import CheckInRow
from speciosa.adapters.db.savepoints import insert_unless_exists
from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Role
from tests.conftest import make_user
from tests.support.database import open_connection, unit_of_work


def test_the_second_insert_of_a_key_says_it_exists(services: Services) -> None:
    person = make_user(services, Role.PERSON)
    now = datetime(2026, 11, 25, 9, tzinfo=UTC)
    row = {
        "id": str(uuid.uuid4()),
        "person_id": person.id,
        "instrument": "sows",
        "answers": {},
        "measurements": {},
        "total": 0,
        "band": "none",
        "taken_at": now,
        "recorded_at": now,
        "recorded_by": person.id,
        "note": "",
        "fingerprint": "x",
    }
    table = CheckInRow.__table__
    with unit_of_work(services) as uow:
        assert insert_unless_exists(uow.session, table, row) is True  # type: ignore[arg-type]
        assert insert_unless_exists(uow.session, table, row) is False  # type: ignore[arg-type]
        uow.commit()
    with unit_of_work(services) as uow:
        assert insert_unless_exists(uow.session, table, row | {"total": 5}) is False  # type: ignore[arg-type]
        uow.commit()
    with open_connection(services) as connection:
        stored = connection.execute(sa.select(table.c.total).where(table.c.id == row["id"])).all()
    assert stored == [(0,)]

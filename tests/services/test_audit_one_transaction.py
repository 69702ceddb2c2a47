"""A page view's read audit rows in one transaction (issue 17): none is written while the page
is built, all are written (in order, one transaction) before it is returned — also when the
page fails half-way — and a nested block leaves the writing to the outermost."""

from __future__ import annotations

import pytest

from speciosa.domain.foundation.accounts import Role
from tests.services.conftest import World


def reads_of(world: World, person_id: str) -> list[str]:
    return [e.resource for e in world.uow.store.audit if e.person_id == person_id]


def test_the_rows_wait_for_the_end_of_the_page_view(world: World) -> None:
    person = world.user(Role.PERSON, "p@x.org")
    before = reads_of(world, person.user_id)
    with world.audit.one_transaction():
        world.alerts.for_person(person, person.user_id)
        with world.audit.one_transaction():  # nested: the outer block writes
            world.alerts.for_person(person, person.user_id, open_only=True)
        world.consent.grants(person)
        assert reads_of(world, person.user_id) == before
        opened = world.uow.opened
    assert reads_of(world, person.user_id)[len(before) :] == ["alerts", "alerts", "consent"]
    assert world.uow.opened == opened + 1  # one transaction for the three rows


def test_reads_before_a_failure_are_still_written(world: World) -> None:
    person = world.user(Role.PERSON, "p@x.org")
    before = len(reads_of(world, person.user_id))

    def failing_page() -> None:
        with world.audit.one_transaction():
            world.alerts.for_person(person, person.user_id)
            raise RuntimeError("the page failed after a read")

    with pytest.raises(RuntimeError):
        failing_page()
    assert len(reads_of(world, person.user_id)) == before + 1


def test_outside_a_block_each_read_is_written_at_once(world: World) -> None:
    person = world.user(Role.PERSON, "p@x.org")
    before = len(reads_of(world, person.user_id))
    world.alerts.for_person(person, person.user_id)
    assert len(reads_of(world, person.user_id)) == before + 1

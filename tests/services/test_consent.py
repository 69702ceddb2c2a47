from __future__ import annotations

import pytest

from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Role
from speciosa.domain.foundation.alerts import AlertDraft, AlertKind
from speciosa.domain.foundation.errors import AccessDenied, NotFound
from tests.services.conftest import World


def test_grant_and_revoke_take_effect_at_once(world: World) -> None:
    person = world.user(Role.PERSON, "p@x.org")
    clinician = world.user(Role.CLINICIAN, "c@x.org")
    with world.uow() as uow, pytest.raises(NotFound):
        world.guard.require(uow, clinician, person.user_id, Purpose.READ)

    world.consent.grant(person, clinician.user_id)
    with world.uow() as uow:
        world.guard.require(uow, clinician, person.user_id, Purpose.READ)
        assert world.guard.readable_person_ids(uow, clinician) == [person.user_id]

    world.consent.revoke(person, clinician.user_id)
    with world.uow() as uow:
        with pytest.raises(NotFound):
            world.guard.require(uow, clinician, person.user_id, Purpose.READ)
        assert world.guard.readable_person_ids(uow, clinician) == []


def test_only_the_person_grants_and_only_to_a_clinician(world: World) -> None:
    person = world.user(Role.PERSON, "p@x.org")
    other = world.user(Role.PERSON, "q@x.org")
    clinician = world.user(Role.CLINICIAN, "c@x.org")
    with pytest.raises(AccessDenied):
        world.consent.grant(clinician, clinician.user_id)
    with pytest.raises(NotFound):
        world.consent.grant(person, other.user_id)
    with pytest.raises(NotFound):
        world.consent.revoke(person, clinician.user_id)


def test_admin_reads_no_clinical_data(world: World) -> None:
    person = world.user(Role.PERSON, "p@x.org")
    admin = world.user(Role.ADMIN, "a@x.org")
    with pytest.raises(NotFound):
        world.alerts.for_person(admin, person.user_id)


def test_every_clinical_read_leaves_an_audit_row(world: World) -> None:
    person = world.user(Role.PERSON, "p@x.org")
    clinician = world.user(Role.CLINICIAN, "c@x.org")
    world.consent.grant(person, clinician.user_id)
    before = len(world.uow.store.audit)
    world.alerts.for_person(clinician, person.user_id)
    events = world.uow.store.audit[before:]
    assert [(e.actor_id, e.action.value, e.resource, e.person_id) for e in events] == [
        (clinician.user_id, "read", "alerts", person.user_id)
    ]
    assert world.audit.for_own_record(person)[0].actor_id == clinician.user_id


def test_acknowledging_needs_consent_and_is_audited(world: World) -> None:
    person = world.user(Role.PERSON, "p@x.org")
    clinician = world.user(Role.CLINICIAN, "c@x.org")
    with world.uow() as uow:
        [alert] = world.alerts.raise_drafts(
            uow,
            [AlertDraft(person.user_id, AlertKind.RED_FLAG, "Seizure", "ticked", dedupe_key="k")],
        )
        assert (
            world.alerts.raise_drafts(
                uow,
                [
                    AlertDraft(
                        person.user_id, AlertKind.RED_FLAG, "Seizure", "ticked", dedupe_key="k"
                    )
                ],
            )
            == []
        )
        uow.commit()
    with pytest.raises(NotFound):
        world.alerts.acknowledge(clinician, alert.id)
    with pytest.raises(AccessDenied):
        world.alerts.acknowledge(person, alert.id)
    world.consent.grant(person, clinician.user_id)
    done = world.alerts.acknowledge(clinician, alert.id, " seen, called ")
    assert done.acknowledged_by == clinician.user_id
    assert done.acknowledgement_note == "seen, called"
    assert world.uow.store.audit[-1].detail == "acknowledged"

"""The pigmentation service on the in-memory fakes with a stand-in photo pipeline: the
darkening alert is raised once per run from the stored history, with the numbers behind it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest

from speciosa.adapters.clock import FixedClock
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.domain.foundation.errors import NotFound
from speciosa.domain.pigmentation.measurement import SiteColour, SkinMeasurement
from speciosa.domain.pigmentation.regions import Box
from speciosa.services.pigmentation.photos import NewSkinPhoto, PigmentationService
from tests.conftest import make_user
from tests.fakes.outside import InMemoryPhotoStore
from tests.services.clinic import FakeClinic
from tests.support.pigmentation_photos import REFERENCE


def site(lightness: float) -> SiteColour:
    return SiteColour(
        lightness, 9.0, 16.0, 30.0, "intermediate", "Intermediate", 40.0, 20.0, "#b08070"
    )


@dataclass(frozen=True)
class Measured:
    measurement: SkinMeasurement
    width: int = 800
    height: int = 600

    def clean_jpeg(self) -> bytes:
        return b"clean-" + str(self.measurement.delta_L).encode()


class StandInAnalyser:
    """Reads the affected L* from the 'photo' bytes: the test decides what is measured."""

    def measure(
        self, photo: bytes, roi: Box, reference_roi: Box | None = None, **_: object
    ) -> Measured:
        affected = float(photo.decode())
        m = SkinMeasurement(
            True, 1.0, "matrix", site(affected), site(62.0), abs(affected - 62.0), affected - 62.0
        )
        return Measured(m)


@pytest.fixture
def service(fake_clinic: FakeClinic) -> PigmentationService:
    s = fake_clinic
    return PigmentationService(
        s.uow,
        s.clock,
        s.guard,
        s.audit,
        s.alerts,
        StandInAnalyser(),
        InMemoryPhotoStore(),
        REFERENCE,
    )


def record(service: PigmentationService, actor: Actor, affected: float) -> None:
    service.record(
        actor,
        None,
        NewSkinPhoto(
            str(uuid.uuid4()),
            str(affected).encode(),
            Box(1, 1, 20, 20),
            Box(30, 1, 20, 20),
            "left hand",
            "right hand",
        ),
    )


def test_darkening_is_raised_once_for_a_sustained_run(
    service: PigmentationService, fake_clinic: FakeClinic, clock: FixedClock
) -> None:
    user = make_user(fake_clinic, Role.PERSON)
    actor = Actor(user.id, Role.PERSON, user.name, "127.0.0.1")
    start = clock.now()
    sessions = [[59.0, 59.1], [59.05, 59.0], [57.5], [56.8], [56.0], [55.4]]
    darkening_after = []
    for day, values in enumerate(sessions):
        for repeat, value in enumerate(values):
            clock.set(start + timedelta(days=4 * day, minutes=5 * repeat))
            record(service, actor, value)
        alerts = [
            a
            for a in fake_clinic.alerts.for_person(actor, user.id)
            if a.kind is AlertKind.DARKENING
        ]
        darkening_after.append(len(alerts))
    assert darkening_after == [0, 0, 0, 0, 1, 1]
    alert = next(
        a for a in fake_clinic.alerts.for_person(actor, user.id) if a.kind is AlertKind.DARKENING
    )
    assert alert.facts["sessions_beyond_sdc"] == 3
    assert alert.facts["sdc_from_repeat_photos"] is True
    trend = service.trends(actor, user.id)[0]
    assert trend.darkening is not None
    assert len(trend.darkening.sessions) == 4
    suggested = service.suggested_boxes(actor, user.id)
    assert suggested is not None
    assert suggested.roi == Box(1, 1, 20, 20)
    assert suggested.site == "left hand"


def test_another_person_cannot_write_or_read(
    service: PigmentationService, fake_clinic: FakeClinic
) -> None:
    owner = make_user(fake_clinic, Role.PERSON, "Owner")
    stranger = make_user(fake_clinic, Role.PERSON, "Stranger")
    owner_actor = Actor(owner.id, Role.PERSON, owner.name, "")
    stranger_actor = Actor(stranger.id, Role.PERSON, stranger.name, "")
    record(service, owner_actor, 58.0)
    stored = service.for_person(owner_actor, owner.id)[0]
    with pytest.raises(NotFound):
        service.photo(stranger_actor, stored.id)
    with pytest.raises(NotFound):
        service.record(
            stranger_actor, owner.id, NewSkinPhoto(str(uuid.uuid4()), b"58", Box(1, 1, 20, 20))
        )
    assert service.photo(owner_actor, stored.id).startswith(b"clean-")

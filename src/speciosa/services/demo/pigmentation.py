"""The skin part of the demo clinic: chart photos of two skin sites, rendered on the fly.

The `darkening` person photographs the back of the left hand (affected) and the back of the
right hand (reference) every four days, twice on the first two sessions (so the smallest
detectable change comes from their own repeats); the affected site darkens from day 10, so the
within-photo difference grows until the progressive-darkening alert fires. The `smooth_taper`
person keeps a stable pair, so the clinician sees what "no change" looks like. Every photo goes
through the real pipeline (chart detection, correction, storage), as an upload would.
"""

from __future__ import annotations

import uuid

from speciosa.services.demo.clinic import DemoContext, DemoPerson
from speciosa.services.pigmentation.photos import NewSkinPhoto, PigmentationService
from speciosa.services.ports.outside import SkinDemoPhotoRenderer

SITE = "back of left hand"
REFERENCE_SITE = "back of right hand"
REFERENCE_LAB = (62.0, 9.0, 17.0)
DARKENING_DAYS = (2, 6, 10, 14, 18, 22, 26)
REPEAT_DAYS = (2, 6)
STABLE_DAYS = (3, 13, 23)
DARKENING_FROM_DAY = 10
# Grey-brown darkening: L* falls about 1.2 per session and b* a little
# (docs/skin-photo-measurements.md: the pigment can be grey-blue, so b* falls with L*).
L_PER_DAY = 0.3
B_PER_DAY = 0.1


def _affected_lab(day: int, story: str) -> tuple[float, float, float]:
    if story != "darkening" or day < DARKENING_FROM_DAY:
        return 59.0, 9.5, 16.5
    days = day - DARKENING_FROM_DAY + 4
    return 59.0 - L_PER_DAY * days, 9.5 - 0.05 * days, 16.5 - B_PER_DAY * days


class PigmentationDemo:
    def __init__(self, service: PigmentationService, renderer: SkinDemoPhotoRenderer) -> None:
        self._service = service
        self._renderer = renderer

    def setup(self, ctx: DemoContext) -> None:
        """Nothing before the first day."""

    def _photo_days(self, person: DemoPerson) -> tuple[int, ...]:
        if person.story == "darkening":
            return DARKENING_DAYS
        if person.story == "smooth_taper":
            return STABLE_DAYS
        return ()

    def on_day(self, ctx: DemoContext, day: int) -> None:
        for person in ctx.persons:
            if day not in self._photo_days(person):
                continue
            repeats = 2 if person.story == "darkening" and day in REPEAT_DAYS else 1
            for repeat in range(repeats):
                ctx.clock.set(ctx.at(day, 18, 5 * repeat))
                photo = self._renderer.render(
                    _affected_lab(day, person.story), REFERENCE_LAB, ctx.rng.randrange(1 << 30)
                )
                self._service.record(
                    person.account.actor,
                    None,
                    NewSkinPhoto(
                        id=str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4)),
                        photo=photo.jpeg,
                        roi=photo.roi,
                        reference_roi=photo.reference_roi,
                        site=SITE,
                        reference_site=REFERENCE_SITE,
                    ),
                )

"""Rules for issue 7's routes that upload or address one skin measurement: the photo upload (API
and web form), the measurement and its photo by id, and the result pages of person and clinician.

One small rendered chart photo (400×300, measured in well under 0.1 s) serves every upload, each
with a fresh client id; the owner's measurement read by the GET routes is made once per world.
"""

from __future__ import annotations

import functools
import uuid

from speciosa.adapters.imaging.chart_photo import RenderedPhoto
from speciosa.domain.pigmentation.regions import make_box
from speciosa.services.pigmentation.photos import NewSkinPhoto
from tests.reliability.authorisation import (
    PERSONS,
    Call,
    Rule,
    Who,
    api_record,
    web_record,
    web_roles,
)
from tests.reliability.authorisation.world import World
from tests.support.pigmentation_photos import photo


@functools.cache
def small_photo() -> RenderedPhoto:
    return photo(width=400, height=300)


def photo_file() -> dict[str, tuple[str, bytes, str]]:
    return {"photo": ("arm.jpg", small_photo().jpeg, "image/jpeg")}


def box_text(values: tuple[int, int, int, int] | None) -> str:
    assert values is not None
    return ",".join(str(v) for v in values)


def owner_measurement(world: World) -> str:
    """The owner's measurement (stored once per world: reading it consumes nothing)."""

    def make() -> str:
        rendered = small_photo()
        assert rendered.reference_box is not None
        record, _ = world.services.pigmentation.record(
            world.actor_of(Who.OWNER),
            None,
            NewSkinPhoto(
                id=str(uuid.uuid4()),
                photo=rendered.jpeg,
                roi=make_box(*rendered.affected_box, "roi"),
                reference_roi=make_box(*rendered.reference_box, "reference_roi"),
            ),
        )
        return record.id

    return world.kept("skin measurement", make)


def measurement_path(world: World, _who: Who) -> Call:
    return Call(path={"measurement_id": owner_measurement(world)})


def upload_for_owner(world: World, _who: Who) -> Call:
    rendered = small_photo()
    return Call(
        form={
            "id": str(uuid.uuid4()),
            "roi": box_text(rendered.affected_box),
            "reference_roi": box_text(rendered.reference_box),
            "person_id": world.owner.id,
        },
        files=photo_file(),
    )


def upload_form(_world: World, _who: Who) -> Call:
    rendered = small_photo()
    assert rendered.reference_box is not None
    boxes = {
        f"{prefix}_{key}": str(value)
        for prefix, box in (("roi", rendered.affected_box), ("ref", rendered.reference_box))
        for key, value in zip("xywh", box, strict=True)
    }
    return Call(form={"upload_id": str(uuid.uuid4())} | boxes, files=photo_file())


RULES = [
    # ------------------------------------------------------------------ API
    Rule("POST", "/api/v1/skin/measurements", api_record(201), upload_for_owner, clinical=True),
    Rule(
        "GET",
        "/api/v1/skin/measurements/{measurement_id}",
        api_record(200),
        measurement_path,
        clinical=True,
    ),
    Rule(
        "GET",
        "/api/v1/skin/measurements/{measurement_id}/photo",
        api_record(200),
        measurement_path,
        clinical=True,
    ),
    # ----------------------------------------------------------------- web
    Rule("POST", "/me/skin/new", web_roles(303, *PERSONS), upload_form, clinical=True),
    Rule(
        "GET",
        "/me/skin/measurements/{measurement_id}",
        web_roles(200, Who.OWNER) | {Who.OTHER_PERSON: 404},
        measurement_path,
        clinical=True,
    ),
    Rule(
        "GET",
        "/clinic/skin/measurements/{measurement_id}",
        web_record(200),
        measurement_path,
        clinical=True,
    ),
    # The photo itself: the person and the clinicians they consented to; admins see no photos.
    Rule(
        "GET",
        "/skin/photos/{measurement_id}",
        web_roles(200, Who.OWNER, Who.CLINICIAN)
        | {Who.OTHER_PERSON: 404, Who.STRANGER_CLINICIAN: 404},
        measurement_path,
        clinical=True,
    ),
]

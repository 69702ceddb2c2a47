"""The boxes a person draws on a photo: parsing "X,Y,W,H" and checking them against the photo."""

from __future__ import annotations

from dataclasses import dataclass

from speciosa.domain.foundation.errors import InvalidInput


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels of the photo as displayed (after EXIF orientation)."""

    x: int
    y: int
    width: int
    height: int

    def as_text(self) -> str:
        return f"{self.x},{self.y},{self.width},{self.height}"

    def as_tuple(self) -> tuple[int, int, int, int]:
        return self.x, self.y, self.width, self.height


def parse_box(text: str, field: str) -> Box:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4 or not all(p.lstrip("-").isdigit() for p in parts):
        raise InvalidInput(
            f"'{text}' is not a box; give four whole numbers X,Y,W,H in pixels "
            "(left, top, width, height).",
            field=field,
        )
    x, y, width, height = (int(p) for p in parts)
    return make_box(x, y, width, height, field)


def make_box(x: int, y: int, width: int, height: int, field: str) -> Box:
    if x < 0 or y < 0 or width <= 0 or height <= 0:
        raise InvalidInput(
            "A box needs X and Y of 0 or more and a width and height above 0.", field=field
        )
    return Box(x, y, width, height)


def check_box_inside(
    box: Box, image_width: int, image_height: int, min_side: int, field: str
) -> None:
    if box.x + box.width > image_width or box.y + box.height > image_height:
        raise InvalidInput(
            f"The box {box.as_text()} reaches outside the photo, which is "
            f"{image_width}×{image_height} pixels.",
            field=field,
        )
    if min(box.width, box.height) < min_side:
        raise InvalidInput(
            f"The box {box.as_text()} is too small to measure; make it at least {min_side} "
            "pixels wide and high.",
            field=field,
        )

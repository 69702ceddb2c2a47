"""Review of values read from a PDF: each result row is confirmed or corrected by a person.

A `RowReview` records one confirmation or correction of one row (1-based, in the order the
reader found the rows) together with the reading it replaces, so a correction never loses what
the file was read as. The newest review of a row is the one that counts; `apply_reviews` gives the
certificate as reviewed: corrected values in place, and the reviewed rows marked confirmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from speciosa.domain.foundation.errors import InvalidInput, NotFound
from speciosa.domain.sources.certificate import Certificate, RawResult

MAX_VALUE = 100
MAX_UNIT = 40
_UNSTORABLE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff]")


class ReviewAction(StrEnum):
    CONFIRM = "confirm"
    CORRECT = "correct"


@dataclass(frozen=True)
class RowReview:
    certificate_id: str
    row: int
    action: ReviewAction
    value: str  # the value that now counts (the reading itself when confirmed)
    unit: str
    original_value: str  # what the reader read from the file
    original_unit: str
    reviewed_by: str | None
    reviewed_at: datetime

    @property
    def changed(self) -> bool:
        """The value that counts differs from what was read (corrected, now or earlier)."""
        return (self.value, self.unit) != (self.original_value, self.original_unit)


def latest_reviews(reviews: Iterable[RowReview]) -> dict[int, RowReview]:
    """The review that counts for each row: the newest (ties: the later one given)."""
    latest: dict[int, RowReview] = {}
    for review in reviews:
        held = latest.get(review.row)
        if held is None or review.reviewed_at >= held.reviewed_at:
            latest[review.row] = review
    return latest


def apply_reviews(certificate: Certificate, reviews: Iterable[RowReview]) -> Certificate:
    latest = latest_reviews(reviews)
    results = list(certificate.results)
    for row, review in latest.items():
        # A confirmation of a corrected row carries the correction forward, so the newest
        # review's value is the one that counts whatever its action.
        if 1 <= row <= len(results):
            results[row - 1] = replace(results[row - 1], value=review.value, unit=review.unit)
    confirmed = frozenset(row for row in latest if 1 <= row <= len(results))
    return replace(certificate, results=tuple(results), confirmed_rows=confirmed)


def result_row(certificate: Certificate, row: int) -> RawResult:
    if not 1 <= row <= len(certificate.results):
        raise NotFound(f"The certificate has no result row {row}.")
    return certificate.results[row - 1]


def check_correction(value: str, unit: str) -> tuple[str, str]:
    """A corrected value and unit as a person typed them: trimmed, short, printable text."""
    value, unit = " ".join(value.split()), " ".join(unit.split())
    if not value:
        raise InvalidInput(
            "Write the value as the certificate shows it (for example 0.12, <0.05 or ND).",
            field="value",
        )
    if len(value) > MAX_VALUE:
        raise InvalidInput(f"The value must be at most {MAX_VALUE} characters.", field="value")
    if len(unit) > MAX_UNIT:
        raise InvalidInput(f"The unit must be at most {MAX_UNIT} characters.", field="unit")
    if _UNSTORABLE.search(value) or _UNSTORABLE.search(unit):
        raise InvalidInput("The value and unit must be plain text.", field="value")
    return value, unit


def review_of(
    certificate_id: str,
    row: int,
    current: RawResult,
    earlier: RowReview | None,
    *,
    by: str | None,
    at: datetime,
    correction: tuple[str, str] | None = None,
) -> RowReview:
    """A confirmation (no `correction`) or correction of a row. The original is the reader's
    reading: the row as stored before any review, kept through later corrections."""
    original = (
        (earlier.original_value, earlier.original_unit)
        if earlier
        else (current.value, current.unit)
    )
    if correction is None:
        value, unit = current.value, current.unit
        action = ReviewAction.CONFIRM
    else:
        value, unit = check_correction(*correction)
        action = ReviewAction.CORRECT
    return RowReview(certificate_id, row, action, value, unit, *original, by, at)

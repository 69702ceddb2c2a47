"""Building a `Certificate` from what a reader found: the header text checked and bounded, the
test date parsed, and the number of rows bounded — never a guessed value."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.sources.certificate import (
    Certificate,
    CertificateFormat,
    RawResult,
    UnreadableRow,
)

# NUL cannot be stored in PostgreSQL text, and a lone surrogate cannot be encoded as UTF-8.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MAX_RESULTS = 500  # a real certificate has dozens of rows; more is not a certificate
MAX_TEXT = 200


def build_certificate(
    *,
    lab: object,
    product: object,
    batch: object,
    tested_on: object,
    results: Sequence[RawResult],
    unreadable: Sequence[UnreadableRow] = (),
    source_format: CertificateFormat,
) -> Certificate:
    """Validate the header and the amount of rows; the rows themselves are judged later."""
    if not results and not unreadable:
        raise InvalidInput(
            "The certificate has no result rows. Each row needs an analyte, a value and a unit.",
            field="results",
        )
    for text in _all_text(results, unreadable, (lab, product, batch, tested_on)):
        if _UNSTORABLE.search(text):
            raise InvalidInput(
                "The certificate holds characters that are not text (a NUL byte or a broken "
                "Unicode escape); export it again from the lab's file.",
                field="file",
            )
    if len(results) + len(unreadable) > MAX_RESULTS:
        raise InvalidInput(
            f"The certificate has more than {MAX_RESULTS} result rows; is this the right file?",
            field="results",
        )
    return Certificate(
        lab=_text(lab, "lab"),
        product=_text(product, "product"),
        batch=_text(batch, "batch"),
        tested_on=parse_tested_on(tested_on),
        results=tuple(results),
        unreadable=tuple(unreadable),
        source_format=source_format,
    )


def _all_text(
    results: Sequence[RawResult], unreadable: Sequence[UnreadableRow], header: Sequence[object]
) -> list[str]:
    texts = [t for t in header if isinstance(t, str)]
    for r in results:
        texts += [r.analyte, r.value, r.unit]
    texts += [row.text for row in unreadable]
    return texts


def _text(value: object, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise InvalidInput(f"'{name}' must be text.", field=name)
    text = " ".join(str(value).split())
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"'{name}' must be at most {MAX_TEXT} characters.", field=name)
    return text


def parse_tested_on(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise InvalidInput(
        f"The test date {value!r} is not a date; write it as YYYY-MM-DD.", field="tested_on"
    )

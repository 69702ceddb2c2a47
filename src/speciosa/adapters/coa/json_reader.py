"""JSON certificates: {"lab","product","batch","tested_on","results":[{"analyte","value","unit"}]}.

Numbers are kept as the text the file wrote (no float rounding). A result entry that is not an
object with text/number analyte, value and unit is reported as an unreadable row, not skipped.
"""

from __future__ import annotations

import json
from typing import Any

from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.sources.certificate import (
    Certificate,
    CertificateFormat,
    RawResult,
    UnreadableRow,
)
from speciosa.domain.sources.certificate_building import build_certificate

FIELD = "file"


def read_json(text: str) -> Certificate:
    try:
        document: Any = json.loads(text, parse_float=str, parse_int=str)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"The JSON certificate cannot be read (line {error.lineno}, column {error.colno}: "
            f"{error.msg}). Is the file complete?",
            field=FIELD,
        ) from None
    except RecursionError:
        raise InvalidInput("The JSON certificate is nested too deeply.", field=FIELD) from None
    if not isinstance(document, dict):
        raise InvalidInput(
            'A JSON certificate is an object: {"lab", "product", "batch", "tested_on", '
            '"results": [{"analyte", "value", "unit"}]}.',
            field=FIELD,
        )
    results = document.get("results")
    if not isinstance(results, list):
        raise InvalidInput(
            'The JSON certificate needs "results": a list of {"analyte", "value", "unit"}.',
            field="results",
        )
    read: list[RawResult] = []
    unreadable: list[UnreadableRow] = []
    for index, entry in enumerate(results, start=1):
        row = _result(entry, index)
        if isinstance(row, RawResult):
            read.append(row)
        else:
            unreadable.append(row)
    return build_certificate(
        lab=document.get("lab"),
        product=document.get("product"),
        batch=document.get("batch"),
        tested_on=document.get("tested_on"),
        results=read,
        unreadable=unreadable,
        source_format=CertificateFormat.JSON,
    )


def _result(entry: object, index: int) -> RawResult | UnreadableRow:
    shown = json.dumps(entry, ensure_ascii=False, default=str)[:200]
    if not isinstance(entry, dict):
        return UnreadableRow(index, shown, "a result must be an object with analyte, value, unit")
    values = [entry.get(k) for k in ("analyte", "value", "unit")]
    if not all(isinstance(v, str) for v in values[:2]) or not isinstance(values[2], str | None):
        return UnreadableRow(index, shown, "analyte, value and unit must be text or numbers")
    analyte, value, unit = (str(v or "").strip() for v in values)
    if not analyte or not value:
        return UnreadableRow(index, shown, "the analyte or the value is missing")
    return RawResult(analyte[:200], value[:100], unit[:40], index)

"""Reading typed values out of reference rows, with errors that name the table and row."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from speciosa.domain.foundation.errors import ReferenceDataError
from speciosa.domain.foundation.reference import as_date


def where(table: str, index: int) -> str:
    return f"{table} row {index + 1}"


def text(row: Mapping[str, object], key: str, at: str, *, required: bool = True) -> str:
    value = row.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ReferenceDataError(f"{at}: '{key}' must be non-empty text.")
    return value.strip()


def texts(row: Mapping[str, object], key: str, at: str) -> tuple[str, ...]:
    value = row.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ReferenceDataError(f"{at}: '{key}' must be a list of text.")
    return tuple(v.strip() for v in value)


def optional_int(row: Mapping[str, object], key: str, at: str) -> int | None:
    value = row.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ReferenceDataError(f"{at}: '{key}' must be a whole number or null.")
    return value


def optional_date(row: Mapping[str, object], key: str, at: str) -> date | None:
    value = row.get(key)
    return None if value is None else as_date(value, f"{at} {key}")


def flag(row: Mapping[str, object], key: str, at: str, default: bool = False) -> bool:
    value = row.get(key, default)
    if not isinstance(value, bool):
        raise ReferenceDataError(f"{at}: '{key}' must be true or false.")
    return value


def choice(row: Mapping[str, object], key: str, at: str, allowed: tuple[str, ...]) -> str:
    value = text(row, key, at)
    if value not in allowed:
        raise ReferenceDataError(
            f"{at}: '{key}' must be one of {', '.join(allowed)}, not {value!r}."
        )
    return value

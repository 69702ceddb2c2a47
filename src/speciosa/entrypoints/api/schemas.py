"""Response and request models, and request fields read alike, shared by several API routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, ConfigDict

from speciosa.domain.foundation.errors import InvalidInput
from speciosa.entrypoints.errors import PROBLEM_MEDIA_TYPE

# Whose record a GET is about: a person may leave it out (their own), a clinician names it.
PersonQuery = Annotated[str | None, Query(max_length=64)]


class Problem(BaseModel):
    """RFC 9457 problem details; `field` names the offending input where there is one."""

    type: str
    title: str
    detail: str
    status: int
    field: str | None = None
    errors: list[dict[str, Any]] | None = None


class StrictModel(BaseModel):
    """Request bodies: unknown fields are an error, and "3" is not the integer 3."""

    model_config = ConfigDict(extra="forbid", strict=True)


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "model": Problem,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _problem("The body could not be parsed (e.g. a malformed multipart form)"),
    401: _problem("Missing, invalid or expired access token"),
    403: _problem("The role may not do this"),
    404: _problem("Not found, or not visible to the caller"),
    409: _problem("Conflicts with a stored record"),
    413: _problem("Body too large"),
    415: _problem("Unsupported content type"),
    422: _problem("Invalid input; `field` names the offending input"),
    429: _problem("Too many attempts"),
}


def parse_taken_at(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"taken_at {value!r} is not an ISO-8601 date and time, e.g. 2026-11-25T08:30:00Z.",
            field="taken_at",
        ) from None

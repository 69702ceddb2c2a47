"""Response and request models shared by several API routes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from speciosa.entrypoints.errors import PROBLEM_MEDIA_TYPE


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

"""Keeps the OpenAPI document truthful about what every route can answer.

Idempotent creation (the house pattern, `domain/foundation/idempotency.py`): a POST whose body
carries a
client-generated `id` answers 201 when it creates the record and 200 with the first record when
the same request is retried. Routes declare their 201; the 200 of the retry is declared here for
every such route, so a new idempotent route is described correctly without doing anything.
Problem responses (4xx, `application/problem+json`) are declared router-wide in `schemas.py`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

REPLAY_DESCRIPTION = (
    "A retry of a stored record (same client id, same body): the first record; nothing created"
)


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        resolved: dict[str, Any] = schemas.get(ref.rsplit("/", 1)[1], {})
        return resolved
    return schema


def _carries_client_id(operation: dict[str, Any], schemas: dict[str, Any]) -> bool:
    content = operation.get("requestBody", {}).get("content", {})
    return any(
        "id" in _resolve(media.get("schema", {}), schemas).get("properties", {})
        for media in content.values()
    )


def declare_replays(document: dict[str, Any]) -> None:
    schemas = document.get("components", {}).get("schemas", {})
    for operations in document.get("paths", {}).values():
        post = operations.get("post")
        if post is None:
            continue
        responses = post.get("responses", {})
        if "201" not in responses or "200" in responses:
            continue
        if _carries_client_id(post, schemas):
            replay = copy.deepcopy(responses["201"])
            replay["description"] = REPLAY_DESCRIPTION
            responses["200"] = replay


def install_truthful_openapi(app: FastAPI) -> None:
    original: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        document = original()  # built once and cached by FastAPI; the edit is idempotent
        declare_replays(document)
        return document

    app.openapi = openapi  # type: ignore[method-assign]

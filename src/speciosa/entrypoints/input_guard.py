"""Strict request input, checked once for every route before any route sees it.

What a route's own validation cannot see, or would turn into a 500 further down, is refused here
with a 4xx that names the offending field:

- JSON bodies must be UTF-8 JSON text (RFC 8259) that is also I-JSON (RFC 7493): no duplicate
  member names, no NaN/Infinity, integers within ±(2**53 − 1) (§2.2: beyond that, numbers do not
  survive a round trip through other JSON parsers, and a database integer column overflows);
- no string anywhere (JSON, form fields, query parameters, path) may hold a NUL character or a
  lone surrogate: PostgreSQL cannot store NUL in text, and a lone surrogate cannot be encoded to
  UTF-8 at all, so either would fail at the database with a 500;
- JSON nested deeper than `MAX_DEPTH` is refused (no legitimate body here is nearly that deep).

Bodies are buffered only for the structured types (JSON and URL-encoded forms), which the
BodyLimitMiddleware outside this one has already capped; uploads stream through untouched.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from speciosa.adapters.fhir.r4_models import FHIR_JSON
from speciosa.adapters.fhir.served import BASE as FHIR_PREFIX
from speciosa.adapters.fhir.served import operation_outcome
from speciosa.entrypoints.errors import PROBLEM_MEDIA_TYPE, problem

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# RFC 7493 §2.2: I-JSON integers are those an IEEE 754 double holds exactly.
MAX_SAFE_INTEGER = 2**53 - 1
MAX_DEPTH = 32
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class RejectedInput(Exception):
    """Input refused before it reaches a route; `field` names where it was found."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field
        self.detail = detail


def is_json_media_type(content_type: str) -> bool:
    """application/json or any application/*+json, as FastAPI decides which bodies to parse."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def _check_text(value: str, field: str) -> None:
    found = _UNSTORABLE.search(value)
    if found is None:
        return
    what = "a NUL character" if found.group() == "\x00" else "an unpaired surrogate character"
    raise RejectedInput(field, f"{field or 'a value'} contains {what}, which is not allowed.")


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise RejectedInput(key, f"The member '{key}' appears twice in one object.")
        seen[key] = value
    return seen


def _no_constants(name: str) -> Any:
    raise RejectedInput("body", f"{name} is not a JSON number; send a finite number.")


def _join(path: str, key: str | int) -> str:
    return f"{path}.{key}" if path else str(key)


def check_json_value(value: Any) -> None:
    """Walk a parsed body (iteratively: depth is bounded, but the stack is not ours to spend)."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise RejectedInput(path or "body", f"The body is nested deeper than {MAX_DEPTH}.")
        if isinstance(item, dict):
            for key, child in item.items():
                _check_text(key, _join(path, key))
                stack.append((child, _join(path, key), depth + 1))
        elif isinstance(item, list):
            stack.extend((child, _join(path, i), depth + 1) for i, child in enumerate(item))
        elif isinstance(item, str):
            _check_text(item, path)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int) and abs(item) > MAX_SAFE_INTEGER:
            raise RejectedInput(
                path or "body",
                f"{path or 'The number'} is too large: whole numbers must lie within "
                f"±{MAX_SAFE_INTEGER}.",
            )
        elif isinstance(item, float) and not math.isfinite(item):
            raise RejectedInput(path or "body", f"{path or 'The number'} is too large.")


def check_json_body(raw: bytes) -> None:
    if not raw:
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RejectedInput(
            "body", f"The body is not UTF-8 text (invalid byte at offset {error.start})."
        ) from None
    try:
        value = json.loads(text, object_pairs_hook=_unique_members, parse_constant=_no_constants)
    except json.JSONDecodeError as error:
        raise RejectedInput(
            "body",
            f"The body is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno}).",
        ) from None
    except RecursionError:
        raise RejectedInput("body", f"The body is nested deeper than {MAX_DEPTH}.") from None
    except ValueError:
        # Python refuses integers of more than 4300 digits while parsing.
        raise RejectedInput("body", "A number in the body is too large.") from None
    check_json_value(value)


def check_pairs(encoded: bytes, where: str) -> None:
    text = encoded.decode("latin-1")
    for key, value in parse_qsl(text, keep_blank_values=True):
        _check_text(key, key or where)
        _check_text(value, key or where)


async def _refuse(scope: Scope, send: Send, error: RejectedInput) -> None:
    path = str(scope.get("path", ""))
    if path.startswith(FHIR_PREFIX):  # the FHIR API's errors are OperationOutcomes
        body = json.dumps(operation_outcome(422, error.detail, error.field)).encode()
        content_type = FHIR_JSON.encode()
    elif path.startswith("/api/"):
        body = json.dumps(
            problem(
                422, "invalid-input", "Some input is not valid", error.detail, field=error.field
            )
        ).encode()
        content_type = PROBLEM_MEDIA_TYPE.encode()
    else:
        detail = error.detail.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        body = (
            f"<!doctype html><title>Some input is not valid</title><p>{detail} "
            "Go back, correct it and try again.</p>"
        ).encode()
        content_type = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 422,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class InputGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            _check_text(str(scope.get("path", "")), "path")
            check_pairs(scope.get("query_string") or b"", "query")
        except RejectedInput as error:
            await _refuse(scope, send, error)
            return
        content_type = dict(scope.get("headers") or []).get(b"content-type", b"").decode("latin-1")
        json_body = is_json_media_type(content_type)
        form_body = content_type.lower().startswith("application/x-www-form-urlencoded")
        if scope["method"] not in _BODY_METHODS or not (json_body or form_body):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                # The client went away before sending its body: nothing to do.
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        raw = b"".join(chunks)
        try:
            if json_body:
                check_json_body(raw)
            else:
                check_pairs(raw, "body")
        except RejectedInput as error:
            await _refuse(scope, send, error)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": raw, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

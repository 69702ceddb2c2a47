"""ASGI middleware: request-body limits enforced before parsing, and security headers."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from speciosa.adapters.fhir.r4_models import FHIR_JSON
from speciosa.adapters.fhir.served import BASE as FHIR_PREFIX
from speciosa.adapters.fhir.served import operation_outcome
from speciosa.entrypoints.errors import PROBLEM_MEDIA_TYPE, problem

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# No inline script or style anywhere: every asset is a file served by the app itself.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"geolocation=(), microphone=(), camera=(self)"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# Issue 15: over https, browsers are told to use https only for a year. The scheme is the
# request's own, or X-Forwarded-Proto from a proxy `speciosa serve --trusted-proxies` believes
# (uvicorn rewrites the scope's scheme for those and for nothing else).
HSTS = (b"strict-transport-security", b"max-age=31536000")
_STRUCTURED = (b"application/json", b"application/x-www-form-urlencoded", b"text/")


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """413 before the body is parsed: by Content-Length when given, else while streaming.

    Structured bodies (JSON, URL-encoded forms) get the small limit; uploads (multipart, images,
    PDFs, CSV files) the upload limit.
    """

    def __init__(self, app: ASGIApp, *, body_limit: int, upload_limit: int) -> None:
        self.app = app
        self.body_limit = body_limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        content_type = headers.get(b"content-type", b"").lower()
        limit = self.body_limit if content_type.startswith(_STRUCTURED) else self.upload_limit
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _send_too_large(scope, send, limit)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _send_too_large(scope, send, limit)


async def _send_too_large(scope: Scope, send: Send, limit: int) -> None:
    mb = limit / (1024 * 1024)
    detail = f"The request body is larger than the {mb:g} MB this endpoint accepts."
    path = str(scope.get("path", ""))
    if path.startswith(FHIR_PREFIX):  # the FHIR API's errors are OperationOutcomes
        body = json.dumps(operation_outcome(413, detail)).encode()
        content_type = FHIR_JSON.encode()
    elif path.startswith("/api/"):
        body = json.dumps(problem(413, "too-large", "Upload too large", detail)).encode()
        content_type = PROBLEM_MEDIA_TYPE.encode()
    else:
        body = (
            f"<!doctype html><title>Too large</title><p>{detail} "
            "Go back and choose a smaller file.</p>"
        ).encode()
        content_type = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if scope.get("scheme") == "https" and HSTS[0] not in present:
                    headers.append(HSTS)
                if b"cache-control" not in present and not str(scope["path"]).startswith(
                    "/static/"
                ):
                    # Clinical pages must not linger in shared caches or the back-forward cache.
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)

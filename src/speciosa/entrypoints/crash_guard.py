"""The last line of defence: an exception no handler took becomes the 500 answer, and stays in.

Starlette's ServerErrorMiddleware answers an unhandled exception and then re-raises it, so that
the server logs the traceback with the exception's message — and messages can quote clinical
data (a database error quotes the row's values). This middleware answers instead and does not
re-raise; the `respond` callable (the app's error map) logs the exception's type and the route,
never its message. It sits inside the security-headers middleware, so the 500 page carries them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Respond = Callable[[Request, Exception], Awaitable[Response]]


class UnhandledErrorMiddleware:
    def __init__(self, app: ASGIApp, *, respond: Respond) -> None:
        self.app = app
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            response = await self.respond(Request(scope, receive), error)
            if not started:
                await response(scope, receive, send)
            # A response already under way is cut short; the server closes the connection.

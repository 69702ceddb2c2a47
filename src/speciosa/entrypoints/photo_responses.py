"""A stored skin photo sent back to someone allowed to see it, by the web page and the API alike:
JPEG, kept out of every cache (it is clinical data) and never sniffed as another type."""

from __future__ import annotations

from starlette.responses import Response


def photo_response(data: bytes) -> Response:
    return Response(
        data,
        media_type="image/jpeg",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )

"""415 for a body of a type the route does not take: JSON routes take JSON, form routes forms.

FastAPI would otherwise hand a text/plain body to a JSON route as bytes and answer with a
confusing 422 ("Input should be a valid dictionary"). Attached to the whole API router, so a new
route is covered without doing anything. Routes that read their body themselves (raw uploads)
declare no body field and are left to check their own media types.
"""

from __future__ import annotations

from fastapi import Request, params
from fastapi.routing import APIRoute

from speciosa.domain.foundation.errors import UnsupportedMediaType
from speciosa.entrypoints.input_guard import is_json_media_type

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_body(request: Request) -> bool:
    length = request.headers.get("content-length")
    if length is not None:
        return length.strip() not in ("", "0")
    return "transfer-encoding" in request.headers


def accepted_media_types(route: APIRoute) -> tuple[str, ...]:
    """What the route's declared body accepts; () when it declares none."""
    field = route.body_field
    if field is None:
        return ()
    if isinstance(field.field_info, params.File):
        return ("multipart/form-data",)
    if isinstance(field.field_info, params.Form):
        return FORM_TYPES
    return ("application/json",)


def require_declared_content_type(request: Request) -> None:
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not _has_body(request):
        return
    accepted = accepted_media_types(route)
    if not accepted:
        return
    given = request.headers.get("content-type", "")
    media = given.split(";", 1)[0].strip().lower()
    ok = is_json_media_type(given) if accepted == ("application/json",) else media in accepted
    if not ok:
        raise UnsupportedMediaType(
            f"This endpoint takes {' or '.join(accepted)}, not {media or 'a body without a type'}."
            " Set the Content-Type header accordingly.",
            field="content-type",
        )

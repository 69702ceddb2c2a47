"""The one error map: each DomainError kind to an HTTP status (and the CLI's exit code 2)."""

from __future__ import annotations

from typing import Any

from speciosa.domain.foundation import errors

STATUS_BY_KIND: dict[type[errors.DomainError], int] = {
    errors.InvalidInput: 422,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.AccessDenied: 403,
    errors.NotAuthenticated: 401,
    errors.TooManyAttempts: 429,
    errors.PayloadTooLarge: 413,
    errors.UnsupportedMediaType: 415,
}
CLI_EXIT_CODE = 2
PROBLEM_MEDIA_TYPE = "application/problem+json"


def status_for(error: errors.DomainError) -> int:
    for kind in type(error).__mro__:
        status = STATUS_BY_KIND.get(kind)
        if status is not None:
            return status
    return 400


def problem(status: int, slug: str, title: str, detail: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"/problems/{slug}",
        "title": title,
        "detail": detail,
        "status": status,
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def problem_for(error: errors.DomainError) -> dict[str, Any]:
    return problem(status_for(error), error.slug, error.title, error.detail, field=error.field)


def headers_for(error: errors.DomainError) -> dict[str, str]:
    if isinstance(error, errors.TooManyAttempts):
        return {"Retry-After": str(error.retry_after_seconds)}
    if isinstance(error, errors.NotAuthenticated):
        return {"WWW-Authenticate": "Bearer"}
    return {}

"""The errors the domain and services raise; entrypoints map each kind in one place.

Every message is written for the person who will read it: it says what was wrong and, where it
can, what is allowed instead.
"""

from __future__ import annotations

from speciosa.domain.foundation.field_labels import name_fields_in_words


class DomainError(Exception):
    """Base of every error a person can act on. Never a 5xx."""

    slug = "invalid"
    title = "The request could not be completed"

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        # Field codes in the message become words (taken_at -> "time taken"); `field` keeps
        # the code for API clients.
        detail = name_fields_in_words(detail)
        super().__init__(detail)
        self.detail = detail
        self.field = field


class InvalidInput(DomainError):
    """A value is outside what the instrument, table or rule allows."""

    slug = "invalid-input"
    title = "Some input is not valid"


class NotFound(DomainError):
    """The thing does not exist, or the caller may not know that it exists."""

    slug = "not-found"
    title = "Not found"


class AccessRefused(NotFound):
    """A person-scoped read or write the access rule refused; answered exactly like NotFound,
    and recorded in the security log by the entrypoint that answers it (issue 15)."""

    def __init__(
        self, detail: str, *, actor_id: str, actor_role: str, address: str, target: str, what: str
    ) -> None:
        super().__init__(detail)
        self.actor_id = actor_id
        self.actor_role = actor_role
        self.address = address
        self.target = target
        self.what = what  # "read" or "write"


class Conflict(DomainError):
    """The request clashes with what is stored (e.g. the same id with a different body)."""

    slug = "conflict"
    title = "Conflicts with a stored record"


class AccessDenied(DomainError):
    """The caller is known but their role may not do this."""

    slug = "forbidden"
    title = "Not allowed"


class NotAuthenticated(DomainError):
    """No valid sign-in or token."""

    slug = "unauthenticated"
    title = "Sign-in required"


class TooManyAttempts(DomainError):
    """Rate limited; `retry_after_seconds` says when to try again."""

    slug = "rate-limited"
    title = "Too many attempts"

    def __init__(self, detail: str, *, retry_after_seconds: int) -> None:
        super().__init__(detail)
        self.retry_after_seconds = retry_after_seconds


class PayloadTooLarge(DomainError):
    slug = "too-large"
    title = "Upload too large"


class UnsupportedMediaType(DomainError):
    slug = "unsupported-media-type"
    title = "Unsupported file or content type"


class ReferenceDataError(DomainError):
    """A reference table is malformed (e.g. a row without source or as_of); fails start-up."""

    slug = "reference-data"
    title = "Reference data is invalid"

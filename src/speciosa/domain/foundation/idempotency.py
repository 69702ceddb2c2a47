"""Idempotent writes: a client-generated id plus a fingerprint of what the client sent.

A retry with the same id and the same body returns the first result; the same id with a
different body is a conflict. The fingerprint covers only what the client sent, never values the
server filled in, so a retry matches even when defaults (like `taken_at = now`) differ.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping

from speciosa.domain.foundation.errors import Conflict, InvalidInput


def parse_client_id(value: object, field: str = "id") -> str:
    """A client id must be a UUID; it is stored in canonical lower-case form."""
    if not isinstance(value, str):
        raise InvalidInput("The id must be a UUID string made by the client.", field=field)
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise InvalidInput(f"'{value}' is not a UUID.", field=field) from None


def fingerprint(payload: Mapping[str, object]) -> str:
    """A stable hash of a JSON-able payload (key order and whitespace do not matter)."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_replay(
    stored_fingerprint: str, new_fingerprint: str, record: str, record_id: str
) -> None:
    if stored_fingerprint != new_fingerprint:
        raise Conflict(
            f"A {record} with id {record_id} already exists with different content. "
            "Generate a new id for a new record."
        )

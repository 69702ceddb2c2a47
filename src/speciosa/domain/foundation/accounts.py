"""Accounts, roles and the actor who makes a request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from speciosa.domain.foundation.errors import InvalidInput


class Role(StrEnum):
    PERSON = "person"
    CLINICIAN = "clinician"
    ADMIN = "admin"


# Deliberately loose: the address is only an identifier for sign-in, never mailed to by us.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256  # Argon2 takes any length; a bound keeps hashing cost predictable.
MAX_NAME_LENGTH = 120


@dataclass(frozen=True)
class User:
    id: str
    email: str
    role: Role
    name: str
    created_at: datetime
    disabled: bool = False
    # Set when an admin issues a reset code: the old password no longer signs in.
    must_change_password: bool = False


@dataclass(frozen=True)
class Actor:
    """Who is asking, as established by a session or token, and from where."""

    user_id: str
    role: Role
    name: str = ""
    address: str = ""

    @property
    def is_person(self) -> bool:
        return self.role is Role.PERSON

    @property
    def is_clinician(self) -> bool:
        return self.role is Role.CLINICIAN

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(f"Unknown role '{value}'. Allowed: {allowed}.", field="role") from None


def normalise_email(value: str) -> str:
    email = value.strip().lower()
    if not _EMAIL.match(email) or len(email) > 254:
        raise InvalidInput(f"'{value}' is not an e-mail address.", field="email")
    return email


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters.", field="password"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password must have at most {MAX_PASSWORD_LENGTH} characters.", field="password"
        )


def normalise_name(value: str | None, email: str) -> str:
    name = (value or "").strip() or email.split("@", 1)[0]
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(
            f"The name must have at most {MAX_NAME_LENGTH} characters.", field="name"
        )
    return name

from __future__ import annotations

import pytest

from speciosa.domain.foundation.accounts import Role, check_password, normalise_email, parse_role
from speciosa.domain.foundation.errors import InvalidInput


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A@B.org", "a@b.org"),
        ("  x.y@clinic.example ", "x.y@clinic.example"),
    ],
)
def test_emails_are_normalised(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


@pytest.mark.parametrize("raw", ["", "no-at-sign", "a@b", "a b@c.org", "@c.org"])
def test_bad_emails_name_the_field(raw: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_email(raw)
    assert caught.value.field == "email"


def test_roles_parse_case_insensitively_and_list_the_allowed_ones() -> None:
    assert parse_role(" Clinician ") is Role.CLINICIAN
    with pytest.raises(InvalidInput, match="person, clinician, admin"):
        parse_role("doctor")


@pytest.mark.parametrize("password", ["short", "x" * 257])
def test_password_length_is_bounded(password: str) -> None:
    with pytest.raises(InvalidInput):
        check_password(password)

"""Argon2id password hashing (argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2Hasher:
    """Argon2id with the library's RFC 9106 defaults; `fast` lowers cost for tests and demo data."""

    def __init__(self, *, fast: bool = False) -> None:
        self._hasher = (
            _Argon2(time_cost=1, memory_cost=8 * 1024, parallelism=1) if fast else _Argon2()
        )

    def hash(self, password: str) -> str:
        return str(self._hasher.hash(password))

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return bool(self._hasher.verify(password_hash, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

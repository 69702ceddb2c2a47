"""Sign-in sessions and login attempts (kept in the database so workers share them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, bindparam, delete, select
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.foundation import LoginAttemptRow, SessionRow, UserRow
from speciosa.domain.foundation.accounts import Role, User
from speciosa.domain.foundation.sessions import AuthSession, SessionKind

_SESSIONS: Table = SessionRow.__table__  # type: ignore[assignment]
_USERS: Table = UserRow.__table__  # type: ignore[assignment]
_SESSION_WITH_USER = (
    select(
        _SESSIONS.c.token_hash,
        _SESSIONS.c.kind,
        _SESSIONS.c.csrf_token,
        _SESSIONS.c.created_at,
        _SESSIONS.c.expires_at,
        _SESSIONS.c.address,
        _USERS.c.id,
        _USERS.c.email,
        _USERS.c.role,
        _USERS.c.name,
        _USERS.c.created_at,
        _USERS.c.disabled,
    )
    .join(_USERS, _USERS.c.id == _SESSIONS.c.user_id)
    .where(_SESSIONS.c.token_hash == bindparam("token_hash"))
)


class SqlSessionRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, session: AuthSession) -> None:
        self._s.add(
            SessionRow(
                token_hash=session.token_hash,
                user_id=session.user_id,
                kind=session.kind.value,
                csrf_token=session.csrf_token,
                created_at=session.created_at,
                expires_at=session.expires_at,
                address=session.address[:64],
            )
        )
        self._s.flush()

    def get(self, token_hash: str) -> AuthSession | None:
        row = self._s.get(SessionRow, token_hash)
        if row is None:
            return None
        return AuthSession(
            token_hash=row.token_hash,
            user_id=row.user_id,
            kind=SessionKind(row.kind),
            csrf_token=row.csrf_token,
            created_at=row.created_at,
            expires_at=row.expires_at,
            address=row.address,
        )

    def get_with_user(self, token_hash: str) -> tuple[AuthSession, User] | None:
        # One Core query instead of two ORM loads, built once: this runs on every
        # authenticated request.
        row = self._s.execute(_SESSION_WITH_USER, {"token_hash": token_hash}).one_or_none()
        if row is None:
            return None
        session = AuthSession(
            token_hash=row[0],
            user_id=row[6],
            kind=SessionKind(row[1]),
            csrf_token=row[2],
            created_at=row[3],
            expires_at=row[4],
            address=row[5],
        )
        user = User(
            id=row[6],
            email=row[7],
            role=Role(row[8]),
            name=row[9],
            created_at=row[10],
            disabled=bool(row[11]),
        )
        return session, user

    def delete(self, token_hash: str) -> None:
        self._s.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash))

    def delete_expired(self, now: datetime) -> int:
        result = self._s.execute(delete(SessionRow).where(SessionRow.expires_at <= now))
        return int(getattr(result, "rowcount", 0) or 0)

    def delete_for_user(
        self, user_id: str, *, keep: str | None = None, devices_too: bool = True
    ) -> int:
        query = delete(SessionRow).where(SessionRow.user_id == user_id)
        if keep is not None:
            query = query.where(SessionRow.token_hash != keep)
        if not devices_too:
            query = query.where(SessionRow.kind != SessionKind.DEVICE.value)
        result = self._s.execute(query)
        return int(getattr(result, "rowcount", 0) or 0)


class SqlLoginAttemptRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self, email: str, address: str, at: datetime, succeeded: bool, device: str = ""
    ) -> None:
        self._s.add(
            LoginAttemptRow(
                email=email[:254],
                address=address[:64],
                at=at,
                succeeded=succeeded,
                device=device[:64],
            )
        )
        self._s.flush()

    def failures_for_email(self, email: str, since: datetime) -> list[datetime]:
        return list(
            self._s.scalars(
                select(LoginAttemptRow.at).where(
                    LoginAttemptRow.email == email,
                    LoginAttemptRow.at >= since,
                    LoginAttemptRow.succeeded.is_(False),
                )
            )
        )

    def failures_for_address(self, address: str, since: datetime) -> list[datetime]:
        return list(
            self._s.scalars(
                select(LoginAttemptRow.at).where(
                    LoginAttemptRow.address == address,
                    LoginAttemptRow.device == "",
                    LoginAttemptRow.at >= since,
                    LoginAttemptRow.succeeded.is_(False),
                )
            )
        )

    def failures_for_pair(
        self, email: str, address: str, device: str, since: datetime
    ) -> list[datetime]:
        query = select(LoginAttemptRow.at).where(
            LoginAttemptRow.email == email,
            LoginAttemptRow.device == device,
            LoginAttemptRow.at >= since,
            LoginAttemptRow.succeeded.is_(False),
        )
        if not device:
            query = query.where(LoginAttemptRow.address == address)
        return list(self._s.scalars(query))

"""Accounts: creating users of each role, listing them for admins, changing passwords.

Disabling an account ends every session and token it has (re-enabling revives none of them); a
password change needs the current password and ends every other session and token. New passwords
are judged by the `PasswordStrength` port (zxcvbn), after the domain's length limits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from speciosa.domain.foundation.accounts import (
    Actor,
    Role,
    User,
    check_password,
    normalise_email,
    normalise_name,
)
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, Conflict, InvalidInput, NotFound
from speciosa.domain.foundation.persons import PersonProfile, normalise_jurisdiction
from speciosa.domain.foundation.security_log import SecurityEventKind
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.security_log import SecurityLog
from speciosa.services.foundation.sign_in_throttle import SignInThrottle, hash_token
from speciosa.services.ports.outside import Clock, PasswordHasher, PasswordStrength
from speciosa.services.ports.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class NewUser:
    email: str
    role: Role
    password: str
    name: str | None = None
    jurisdiction: str | None = None
    timezone: str = "UTC"


class AccountService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        hasher: PasswordHasher,
        clock: Clock,
        audit: AuditTrail,
        strength: PasswordStrength,
        security: SecurityLog,
    ) -> None:
        self._uow_factory = uow_factory
        self._hasher = hasher
        self._clock = clock
        self._audit = audit
        self._strength = strength
        self._security = security
        self._throttle = SignInThrottle(clock)

    def check_new_password(self, password: str, *user_inputs: str) -> None:
        """InvalidInput (field "password") saying why, when a new password will not do."""
        check_password(password)
        problem = self._strength.problem(password, [u for u in user_inputs if u])
        if problem:
            raise InvalidInput(problem, field="password")

    def create_user(self, new: NewUser, *, by: Actor | None = None) -> User:
        """Create an account; a person also gets a profile. `by` is None only for the CLI/seed."""
        if by is not None and not by.is_admin:
            raise AccessDenied("Only an admin can create accounts.")
        email = normalise_email(new.email)
        name = normalise_name(new.name, email)
        self.check_new_password(new.password, email, name)
        jurisdiction = normalise_jurisdiction(new.jurisdiction)
        now = self._clock.now()
        user = User(id=str(uuid.uuid4()), email=email, role=new.role, name=name, created_at=now)
        password_hash = self._hasher.hash(new.password)
        with self._uow_factory() as uow:
            if uow.users.get_with_hash(email) is not None:
                raise Conflict(f"An account with the e-mail {email} exists already.", field="email")
            uow.users.add(user, password_hash)
            if new.role is Role.PERSON:
                uow.persons.add(
                    PersonProfile(
                        person_id=user.id,
                        programme_start=now.date(),
                        timezone=new.timezone,
                        jurisdiction=jurisdiction,
                    )
                )
            self._audit.add(
                uow,
                by,
                AuditAction.CREATE,
                "account",
                resource_id=user.id,
                detail=f"role={new.role.value}",
            )
            uow.commit()
        return user

    def get(self, user_id: str) -> User:
        with self._uow_factory(read_only=True) as uow:
            user = uow.users.get(user_id)
        if user is None:
            raise NotFound(f"There is no account {user_id}.")
        return user

    def find_by_email(self, email: str) -> User | None:
        with self._uow_factory(read_only=True) as uow:
            found = uow.users.get_with_hash(normalise_email(email))
        return found[0] if found else None

    def count(self) -> int:
        with self._uow_factory(read_only=True) as uow:
            return uow.users.count()

    def list_users(self, actor: Actor) -> list[User]:
        if not actor.is_admin:
            raise AccessDenied("Only an admin can list accounts.")
        with self._uow_factory(read_only=True) as uow:
            return uow.users.list()

    def list_users_for_operator(self) -> list[User]:
        """Every account for `speciosa users list`: whoever runs commands on the server already
        holds the database (accounts carry no clinical data, as on the admin's page)."""
        with self._uow_factory(read_only=True) as uow:
            return uow.users.list()

    def list_clinicians(self) -> list[User]:
        """Clinicians a person can choose to grant access to (names only, no clinical data)."""
        with self._uow_factory(read_only=True) as uow:
            return [u for u in uow.users.list(Role.CLINICIAN) if not u.disabled]

    def set_disabled(self, actor: Actor, user_id: str, disabled: bool) -> None:
        if not actor.is_admin:
            raise AccessDenied("Only an admin can disable accounts.")
        if user_id == actor.user_id:
            raise InvalidInput("You cannot disable your own account.", field="user_id")
        with self._uow_factory() as uow:
            if uow.users.get(user_id) is None:
                raise NotFound(f"There is no account {user_id}.")
            uow.users.set_disabled(user_id, disabled)
            if disabled:
                # Ended now, not merely refused while disabled: re-enabling revives none of them.
                uow.sessions.delete_for_user(user_id)
                self._security.add(
                    uow,
                    self._security.event(
                        SecurityEventKind.ACCOUNT_DISABLED, actor, f"account {user_id}"
                    ),
                )
            self._audit.add(
                uow,
                actor,
                AuditAction.UPDATE,
                "account",
                resource_id=user_id,
                detail=f"disabled={disabled}",
            )
            uow.commit()

    def change_password(
        self, actor: Actor, current: str, new_password: str, *, keep_token: str | None = None
    ) -> int:
        """Needs the current password; ends every other session and API token of the account
        (`keep_token`, the one in use, stays). Returns how many were ended."""
        with self._uow_factory(read_only=True) as uow:
            user = uow.users.get(actor.user_id)
            found = uow.users.get_with_hash(user.email) if user else None
            # Checked before the password, as at sign-in: guessing the current password through
            # a signed-in session is slowed like guessing it at the sign-in page.
            attempt = self._throttle.check_password_change(uow, user.email) if user else None
        if user is None or found is None or not self._hasher.verify(found[1], current):
            if attempt is not None:
                with self._uow_factory() as uow:
                    self._throttle.record(uow, attempt, False)
                    uow.commit()
            raise InvalidInput("The current password is not right.", field="current_password")
        if new_password == current:
            raise InvalidInput(
                "The new password is the same as the current one; choose a new one.",
                field="new_password",
            )
        try:
            self.check_new_password(new_password, user.email, user.name)
        except InvalidInput as weak:
            raise InvalidInput(weak.detail, field="new_password") from None
        new_hash = self._hasher.hash(new_password)
        keep = hash_token(keep_token) if keep_token else None
        with self._uow_factory() as uow:
            uow.users.set_password_hash(actor.user_id, new_hash)
            uow.users.clear_must_change_password(actor.user_id)
            ended = uow.sessions.delete_for_user(actor.user_id, keep=keep, devices_too=False)
            self._audit.add(
                uow,
                actor,
                AuditAction.UPDATE,
                "account",
                resource_id=actor.user_id,
                detail="password changed",
            )
            self._security.add(
                uow,
                self._security.event(
                    SecurityEventKind.PASSWORD_CHANGED,
                    actor,
                    f"account {actor.user_id}",
                    f"{ended} other sessions ended",
                ),
            )
            uow.commit()
        return ended

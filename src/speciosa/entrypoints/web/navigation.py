"""The menu each role sees. A feature adds its pages here, once.

On a phone the `primary` items stay in the bar; every other item sits under "More" (a disclosure
that works without JavaScript), so nothing scrolls sideways or hides off-screen. Urgent help is
not a menu item: base.html pins it to every person page (`URGENT_HELP`).
"""

from __future__ import annotations

from dataclasses import dataclass

from speciosa.domain.foundation.accounts import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    roles: tuple[Role, ...]
    primary: bool = False


NAVIGATION: list[NavItem] = [
    NavItem("Home", "/me", (Role.PERSON,), primary=True),
    NavItem("Check in", "/me/checkin", (Role.PERSON,), primary=True),
    NavItem("Doses", "/me/doses", (Role.PERSON,), primary=True),
    NavItem("Plan", "/me/plan", (Role.PERSON,), primary=True),
    NavItem("Medicines", "/me/medications", (Role.PERSON,)),
    NavItem("Your kratom", "/me/products", (Role.PERSON,)),
    NavItem("Vendors", "/vendors", (Role.PERSON, Role.CLINICIAN)),
    NavItem("Skin", "/me/skin", (Role.PERSON,)),
    NavItem("Sharing", "/me/sharing", (Role.PERSON,)),
    NavItem("Who looked", "/me/audit", (Role.PERSON,)),
    NavItem("Reminders", "/me/reminders", (Role.PERSON,)),
    NavItem("My data", "/me/data", (Role.PERSON,)),
    NavItem("Dashboard", "/clinic", (Role.CLINICIAN,), primary=True),
    NavItem("Accounts", "/admin", (Role.ADMIN,), primary=True),
    NavItem("Security log", "/admin/security", (Role.ADMIN,)),
    NavItem("Password", "/account/password", (Role.PERSON, Role.CLINICIAN, Role.ADMIN)),
]
# Pinned to every person page, inside the first screen of a phone.
URGENT_HELP = NavItem("Urgent help", "/me/red-flags", (Role.PERSON,))


def menu_for(role: Role | None) -> list[NavItem]:
    if role is None:
        return []
    return [item for item in NAVIGATION if role in item.roles]

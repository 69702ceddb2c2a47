"""The menu each role sees. A feature adds its pages here, once."""

from __future__ import annotations

from dataclasses import dataclass

from speciosa.domain.accounts import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    roles: tuple[Role, ...]


NAVIGATION: list[NavItem] = [
    NavItem("Home", "/me", (Role.PERSON,)),
    NavItem("Check in", "/me/checkin", (Role.PERSON,)),
    NavItem("Doses", "/me/doses", (Role.PERSON,)),
    NavItem("Plan", "/me/plan", (Role.PERSON,)),
    NavItem("Medicines", "/me/medications", (Role.PERSON,)),
    NavItem("Urgent help", "/me/red-flags", (Role.PERSON,)),
    NavItem("Your kratom", "/me/products", (Role.PERSON,)),
    NavItem("Vendors", "/vendors", (Role.PERSON, Role.CLINICIAN)),
    NavItem("Skin", "/me/skin", (Role.PERSON,)),
    NavItem("Sharing", "/me/sharing", (Role.PERSON,)),
    NavItem("Who looked", "/me/audit", (Role.PERSON,)),
    NavItem("Dashboard", "/clinic", (Role.CLINICIAN,)),
    NavItem("Accounts", "/admin", (Role.ADMIN,)),
    NavItem("Security log", "/admin/security", (Role.ADMIN,)),
]


def menu_for(role: Role | None) -> list[NavItem]:
    if role is None:
        return []
    return [item for item in NAVIGATION if role in item.roles]

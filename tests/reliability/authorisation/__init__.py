"""The authorisation matrix's expectation table: one small declarative `Rule` per route.

HOW TO ADD YOUR ROUTES (every feature must; `test_authorisation_matrix.py` fails for any route
in the app's route table that has no rule here, and for any rule whose route does not exist):

1. Create `tests/reliability/authorisation/<your_area>.py` with a module-level `RULES` list.
   Modules in this package are discovered automatically; nothing else needs editing.
2. One `Rule` per (method, path template), the template exactly as in the route table, e.g.
   `Rule("GET", "/api/v1/checkins/{checkin_id}", api_record(200), call=..., clinical=True)`.
3. `expect` maps each `Who` to the status code that role must get. Use a preset:
   - `api_record(ok)`: a person's clinical record via the API — the owner and the clinician the
     owner consented to get `ok`; the other person, the clinician without consent and the admin
     get 404 (a refusal never reveals that the record exists); anonymous 401.
   - `api_signed_in(ok)`: any signed-in role gets `ok`; anonymous 401.
   - `api_roles(ok, *roles, refused=403)`: only `roles` get `ok`; other signed-in roles `refused`.
   - `web_page(...)`, `web_record(ok)`, `web_roles(ok, *roles)`: the same for pages, where
     anonymous is redirected to the sign-in page (303) and a wrong role gets 403.
   or write the dict out (`{Who.ANONYMOUS: 401, Who.OWNER: 201, ...}`) — all six roles.
4. `call(world, who) -> Call` builds a VALID request for that role (path parameters, query,
   JSON body, form fields or uploaded files), so that the only reason for a refusal is who is
   asking. It is called
   once per role, in the order anonymous, other person, clinician without consent, admin,
   consented clinician, owner; create fresh records in it when a successful call consumes one
   (e.g. acknowledging an alert). `world` has the six users, `world.services` (to create records
   through the services), and helpers such as `world.new_alert()`. The record under test always
   belongs to `world.owner`. Web forms get a valid CSRF token added automatically.
5. `clinical=True` when the route reads or writes anything of a person's record (clinical data,
   sharing, reminders, who looked, even the list of whose records one can see): then every 2xx
   (or 303 after a successful form) must itself write an audit row by the caller about that
   person — the owner's record for the owner and the consented clinician, the other person's
   own for the other person on their own pages (issue 13: every person-scoped read is audited).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Who(Enum):
    ANONYMOUS = "anonymous"
    OTHER_PERSON = "other person"
    STRANGER_CLINICIAN = "clinician without consent"
    ADMIN = "admin"
    CLINICIAN = "clinician with consent"
    OWNER = "person (owner)"


# Roles whose successful writes could consume the record under test act last.
ORDER = [
    Who.ANONYMOUS,
    Who.OTHER_PERSON,
    Who.STRANGER_CLINICIAN,
    Who.ADMIN,
    Who.CLINICIAN,
    Who.OWNER,
]
PERSONS = (Who.OWNER, Who.OTHER_PERSON)
CLINICIANS = (Who.CLINICIAN, Who.STRANGER_CLINICIAN)


@dataclass(frozen=True)
class Call:
    """A request, less its method: path parameters, query, a JSON body or form fields, files."""

    path: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    json: Any = None
    form: Mapping[str, str] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    # File fields of a multipart upload: name -> (filename, content, content type).
    files: Mapping[str, tuple[str, bytes, str]] | None = None


def no_parameters(_world: Any, _who: Who) -> Call:
    return Call()


@dataclass(frozen=True)
class Rule:
    method: str
    path: str
    expect: Mapping[Who, int]
    call: Callable[[Any, Who], Call] = no_parameters
    clinical: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


def _all(status: int) -> dict[Who, int]:
    return dict.fromkeys(Who, status)


def api_record(ok: int) -> dict[Who, int]:
    return _all(404) | {Who.ANONYMOUS: 401, Who.OWNER: ok, Who.CLINICIAN: ok}


def api_signed_in(ok: int) -> dict[Who, int]:
    return _all(ok) | {Who.ANONYMOUS: 401}


def api_roles(ok: int, *roles: Who, refused: int = 403) -> dict[Who, int]:
    return _all(refused) | dict.fromkeys(roles, ok) | {Who.ANONYMOUS: 401}


def api_public(ok: int) -> dict[Who, int]:
    return _all(ok)


def web_record(ok: int) -> dict[Who, int]:
    """A person's record on a clinician's page: other roles' pages are 403, strangers 404."""
    return _all(403) | {
        Who.ANONYMOUS: 303,
        Who.CLINICIAN: ok,
        Who.STRANGER_CLINICIAN: 404,
    }


def web_roles(ok: int, *roles: Who, refused: int = 403) -> dict[Who, int]:
    return _all(refused) | dict.fromkeys(roles, ok) | {Who.ANONYMOUS: 303}


def web_signed_in(ok: int) -> dict[Who, int]:
    return _all(ok) | {Who.ANONYMOUS: 303}


def web_public(ok: int) -> dict[Who, int]:
    return _all(ok)


def all_rules() -> list[Rule]:
    """Every module's RULES, checked for completeness and uniqueness."""
    rules: list[Rule] = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for rule in getattr(module, "RULES", []):
            missing = set(Who) - set(rule.expect)
            assert not missing, f"{module_info.name}: {rule.id} has no expectation for {missing}"
            rules.append(rule)
    keys = [r.key for r in rules]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"routes with more than one rule: {sorted(duplicates)}"
    return sorted(rules, key=lambda r: (r.path, r.method))

"""What other features add to the person's daily check-in form (the red-flag checklist, the
cravings and sleep questions), kept outside the check-in routes so those features need not
import a route module; the web router registers them (router.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.withdrawal.checkins import CheckIn
from speciosa.entrypoints.web.form_fields import FormFields


@dataclass(frozen=True)
class CheckInFormExtension:
    """Another feature's part of the person's check-in form, e.g. the red-flag checklist.

    `template` is included inside the form, `context` adds what it needs, and `after_record`
    sees the posted fields once the check-in is stored; it may return a path to go to instead
    of the trend page (an urgent banner, say).
    """

    template: str
    context: Callable[[Services, Actor], dict[str, Any]]
    after_record: Callable[[Services, Actor, FormFields, CheckIn], str | None]
    # Checks its own fields before anything is stored; returns the problems in words.
    validate: Callable[[FormFields], list[str]] | None = None


CHECKIN_FORM_EXTENSIONS: list[CheckInFormExtension] = []

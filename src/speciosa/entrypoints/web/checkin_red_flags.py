"""The red-flag checklist inside the person's daily check-in (issue #6 point 2, "on every
check-in"): the precautions feature's checklist partial is included in the SOWS form, and ticked
flags are recorded as a red-flag report linked to the check-in, then the person is taken straight
to the urgent banner with what to do now.
"""

from __future__ import annotations

import uuid
from typing import Any

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.withdrawal.checkins import CheckIn
from speciosa.entrypoints.web.checkin_form import CheckInFormExtension
from speciosa.entrypoints.web.form_fields import FormFields

# The report's client id is derived from the check-in's, so re-sending the same check-in form
# (a double tap, a dropped connection) records one red-flag report, not two.
_REPORT_IDS = uuid.UUID("6b1f7c1e-2f4e-4f7a-9a53-7c3f1b0e5d21")
MAX_FLAGS = 20


def _context(services: Services, _actor: Actor) -> dict[str, Any]:
    return {"red_flag_checklist": services.red_flags.checklist, "red_flags_ticked": ()}


def _after_record(
    services: Services, actor: Actor, fields: FormFields, checkin: CheckIn
) -> str | None:
    flags = [f.strip() for f in fields.get("red_flags", []) if f.strip()][:MAX_FLAGS]
    if not flags:
        return None
    outcome = services.red_flags.report(
        actor,
        None,
        flags,
        checkin_id=checkin.id,
        client_id=str(uuid.uuid5(_REPORT_IDS, checkin.id)),
    )
    return f"/me/red-flags/{outcome.report.id}"


RED_FLAG_CHECKLIST = CheckInFormExtension(
    template="precautions/red_flag_checklist.html",
    context=_context,
    after_record=_after_record,
)

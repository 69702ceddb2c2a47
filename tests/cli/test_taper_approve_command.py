"""`speciosa taper approve`: the same safe-plan-entry guard as the web and the API (issue 12) —
the first steps and the intake comparison are shown, a start above the logged intake needs
--reason, and approval needs a confirmation (--yes for scripts)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from speciosa.bootstrap import bootstrap
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.services.dosing.taper_drafts import PlanDraft
from speciosa.settings import Settings
from tests.cli.conftest import Cli


def drafted(cli: Cli) -> tuple[str, str]:
    seeded: dict[str, Any] = cli.json(
        "demo", "seed", "--persons", "1", "--days", "2", "--seed", "5", "--json"
    )
    settings = replace(
        Settings.from_env({}).with_data_dir(cli.data_dir), fast_password_hashing=True
    )
    services = bootstrap(settings)
    try:
        clinician = services.accounts.find_by_email(seeded["clinicians"][0]["email"])
        assert clinician is not None
        plan = services.tapers.create_draft(
            Actor(clinician.id, Role.CLINICIAN, clinician.name),
            seeded["persons"][0]["id"],
            PlanDraft(
                substance="oxycodone",
                start_amount="40",
                unit_step="5",
                reduction_pct="10",
                every_days=30,
                start_date=services.clock.now().date().isoformat(),
            ),
        )
    finally:
        services.close()
    return plan.id, seeded["clinicians"][0]["email"]


def test_a_start_above_the_logged_intake_needs_a_reason_and_a_confirmation(cli: Cli) -> None:
    plan_id, clinician = drafted(cli)
    refused = cli("taper", "approve", plan_id, "--as", clinician, "--yes")
    assert refused.exit_code == 2
    assert "40 mg/day" in refused.output
    assert "--reason" in refused.output
    declined = cli("taper", "approve", plan_id, "--as", clinician, "--reason", "new", stdin="n\n")
    assert declined.exit_code == 2
    assert "from " in declined.stdout  # the first steps were restated before the prompt
    done = cli.json(
        "taper",
        "approve",
        plan_id,
        "--as",
        clinician,
        "--reason",
        "prescribed dose",
        "--yes",
        "--json",
    )
    assert done["status"] == "approved"
    assert done["start_reason"] == "prescribed dose"
    assert done["first_steps"][0]["amount"] == 40

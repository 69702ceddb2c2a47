"""`speciosa withdrawal sweep [--json]`: the missed-check-in sweep for cron or a timer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from speciosa.bootstrap import bootstrap
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.services.foundation.accounts import NewUser
from speciosa.settings import Settings
from tests.cli.conftest import Cli
from tests.conftest import PASSWORD
from tests.support.database import unit_of_work


def test_sweep_raises_once_per_gap(cli: Cli) -> None:
    assert cli.json("withdrawal", "sweep", "--json") == {"raised": []}  # creates the database
    services = bootstrap(Settings.from_env({"SPECIOSA_DATA_DIR": str(cli.data_dir)}))
    try:
        user = services.accounts.create_user(
            NewUser(email="pat@example.org", role=Role.PERSON, password=PASSWORD)
        )
        services.withdrawal.set_profile(
            Actor(user.id, Role.PERSON), None, ["kratom"], datetime.now(UTC) - timedelta(days=1)
        )
        with unit_of_work(services) as uow:  # pretend the profile was set three days ago
            profile = uow.withdrawal_profiles.get(user.id)
            assert profile is not None
            from dataclasses import replace

            uow.withdrawal_profiles.save(
                replace(profile, updated_at=profile.updated_at - timedelta(days=3))
            )
            uow.commit()
    finally:
        services.close()
    first = cli.json("withdrawal", "sweep", "--json")
    assert [r["person_id"] for r in first["raised"]] == [user.id]
    assert "No check-in since" in first["raised"][0]["title"]
    assert cli.json("withdrawal", "sweep", "--json") == {"raised": []}
    plain = cli("withdrawal", "sweep")
    assert plain.exit_code == 0
    assert "raised 0 missed-check-in alert(s)" in plain.stdout

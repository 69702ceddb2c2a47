"""`speciosa taper review-holds`: the hold review for cron, on an empty and on a seeded clinic."""

from __future__ import annotations

from tests.cli.conftest import Cli


def test_review_holds_on_an_empty_clinic_holds_nothing(cli: Cli) -> None:
    assert cli.json("taper", "review-holds", "--json") == {"holds": []}
    result = cli("taper", "review-holds")
    assert result.exit_code == 0
    assert "held 0 step(s)" in result.stdout

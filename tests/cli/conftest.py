"""Run CLI commands in-process with Typer's runner, against a temporary data dir."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from speciosa.entrypoints.cli.main import app


@dataclass
class Cli:
    data_dir: Path
    runner: CliRunner

    def __call__(
        self, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
    ) -> Any:
        environment = {
            "SPECIOSA_DATA_DIR": str(self.data_dir),
            "SPECIOSA_FAST_HASH": "1",
            "SPECIOSA_DATABASE_URL": "",
        } | (env or {})
        return self.runner.invoke(app, list(args), input=stdin, env=environment)

    def json(self, *args: str, stdin: str | None = None) -> Any:
        result = self(*args, stdin=stdin)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "data", CliRunner())

"""The command line loads a command only when it runs: `speciosa --version` imports no database
layer, web framework or heavy library, and every command module is registered and loads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from speciosa.entrypoints.cli import commands
from speciosa.entrypoints.cli.main import COMMANDS, load_command

HEAVY = ["sqlalchemy", "alembic", "fastapi", "cv2", "numpy", "pyarrow", "weasyprint", "pdfplumber"]
PROBE = """
import json, sys
from typer.testing import CliRunner
from speciosa.entrypoints.cli.main import app
result = CliRunner().invoke(app, ["--version"])
print(json.dumps({"output": result.output, "loaded": [m for m in %r if m in sys.modules]}))
"""


def test_version_imports_nothing_heavy() -> None:
    probe = subprocess.run(
        [sys.executable, "-c", PROBE % HEAVY], capture_output=True, text=True, check=True
    )
    found = json.loads(probe.stdout)
    assert found["output"].startswith("speciosa ")
    assert found["loaded"] == []


def test_every_command_module_is_registered_and_loads() -> None:
    modules = {p.stem for p in Path(commands.__file__).parent.glob("*.py")} - {"__init__"}
    assert modules == {module for module, _ in COMMANDS.values()}
    for name in COMMANDS:
        assert load_command(name).name == name


def test_the_report_commands_load_before_the_database_layer() -> None:
    """`speciosa report pdf` starts its WeasyPrint process before it imports the composition
    root, so loading the command must not import the database layer or WeasyPrint itself."""
    probe = (
        "import json, sys\n"
        "from speciosa.entrypoints.cli.main import load_command\n"
        "load_command('report'); load_command('export')\n"
        f"print(json.dumps([m for m in {HEAVY!r} + ['speciosa.bootstrap'] if m in sys.modules]))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert set(json.loads(loaded.stdout)) <= {"numpy"}  # the report model's domain uses numpy

"""`speciosa score cows|sows|oows --answers FILE.json [--json]` — score one answer set.

FILE maps item id -> value. `--json` prints {"instrument", "total", "band", "items": [{"id",
"value", "score"}]} (`band` is null where the instrument has none). A value that is not one of
the item's options, a missing or unknown item, or a negative pulse exits 2 with a message that
names the item and its allowed options; so does an unknown instrument.
"""

from __future__ import annotations

import json as jsonlib
from pathlib import Path

import typer

from speciosa.bootstrap import load_reference
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.withdrawal.instruments.catalogue import InstrumentCatalogue
from speciosa.domain.withdrawal.instruments.scoring import score_answers
from speciosa.entrypoints.cli.output import emit_json

MAX_ANSWERS_BYTES = 64 * 1024  # an answer file is a few hundred bytes; refuse anything huge


def read_answers(path: Path) -> object:
    try:
        if path.stat().st_size > MAX_ANSWERS_BYTES:
            raise InvalidInput(f"{path} is too large to be an answer file.", field="--answers")
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}.", field="--answers") from None
    try:
        return jsonlib.loads(text)
    except jsonlib.JSONDecodeError as exc:
        raise InvalidInput(f"{path} is not valid JSON ({exc}).", field="--answers") from None


def score(
    instrument: str = typer.Argument(..., help="cows, sows or oows."),
    answers: Path = typer.Option(..., "--answers", help="JSON file: item id -> value."),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Score a COWS, SOWS (Handelsman) or OOWS answer set and explain each item."""
    catalogue = InstrumentCatalogue.from_tables(load_reference().table)
    found = catalogue.get(instrument)
    result = score_answers(found, read_answers(answers))
    if json:
        emit_json(
            {
                "instrument": found.name,
                "total": result.total,
                "band": result.band_label,
                "items": [{"id": i.id, "value": i.value, "score": i.score} for i in result.items],
            }
        )
        return
    typer.echo(f"{found.title}")
    for item in result.items:
        typer.echo(f"  {item.id:<22} {item.value:>4}  -> {item.score}  {item.text}")
    band = result.band.described if result.band else "no published bands"
    typer.echo(f"total {result.total} of {result.max_total}: {band}")

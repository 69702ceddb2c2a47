"""`speciosa interactions check`, `speciosa legal`, `speciosa evidence`: the precautions reference
from the command line. They read only the packaged reference tables (no database)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import typer

from speciosa.bootstrap import load_reference
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.precautions.interactions import InteractionCheck, check_interactions
from speciosa.domain.precautions.legal import LegalFinding, status_on
from speciosa.entrypoints.cli.output import emit_json
from speciosa.services.precautions.reference_tables import (
    PrecautionsReference,
    parse_precautions_reference,
)

interactions_app = typer.Typer(
    help="Interaction checks against kratom and between medications.", no_args_is_help=True
)


@lru_cache(maxsize=1)
def _reference() -> PrecautionsReference:
    return parse_precautions_reference(load_reference())


def _today(value: str | None, option: str) -> date:
    if value is None:
        return date.today()  # noqa: DTZ011 - a calendar date for the person at the terminal
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"'{value}' is not a date (YYYY-MM-DD).", field=option) from None


def interactions_json(check: InteractionCheck) -> dict[str, Any]:
    """The contract: {"interactions": [{substance, with, severity, mechanism, advice, source}],
    "unrecognised": [...]}, most severe first."""
    return {
        "interactions": [
            {
                "substance": i.substance,
                "with": i.with_,
                "severity": i.severity.value,
                "mechanism": i.mechanism,
                "advice": i.advice,
                "source": i.source,
            }
            for i in check.interactions
        ],
        "unrecognised": list(check.unrecognised),
    }


@interactions_app.command("check")
def check(
    names: list[str] = typer.Argument(
        ..., help="Medication or substance names (brand or generic)."
    ),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Check NAMES against kratom and against each other, most severe first."""
    reference = _reference()
    result = check_interactions(names, reference.substances, reference.rules)
    if json:
        emit_json(interactions_json(result))
        return
    checked = ", ".join(r.name for r in result.checked)
    typer.echo(f"Checked: {checked}")
    if not result.interactions:
        typer.echo("No interaction on record. That is not the same as safe: ask a pharmacist.")
    for item in result.interactions:
        typer.echo(f"\n{item.severity.value.upper()}: {item.substance} with {item.with_}")
        if item.why:
            typer.echo(f"  why: {item.why}")
        typer.echo(f"  {item.mechanism}")
        typer.echo(f"  what to do: {item.advice}")
        typer.echo(f"  source: {item.source}")
    if result.unrecognised:
        typer.echo(f"\nNot recognised (not checked): {', '.join(result.unrecognised)}", err=True)


def _entry_json(finding: LegalFinding) -> dict[str, Any]:
    entry = finding.entry
    return {
        "jurisdiction": entry.jurisdiction,
        "name": entry.name,
        "status": entry.status.value,
        "minimum_age": entry.minimum_age,
        "seven_oh_rules": entry.seven_oh_rules,
        "notes": entry.notes,
        "source": entry.source,
        "as_of": entry.as_of.isoformat(),
        "effective_from": entry.effective_from.isoformat() if entry.effective_from else None,
        "verified": entry.verified,
        "verification_note": entry.note,
        "may_be_out_of_date": finding.stale,
    }


def legal_json(finding: LegalFinding) -> dict[str, Any]:
    """The contract: {"jurisdiction","status","minimum_age","notes","source","as_of"} plus name,
    seven_oh_rules, effective_from, verified, verification_note, may_be_out_of_date and `federal`
    (the same fields for the federal row, for a US state; otherwise null)."""
    out = _entry_json(finding)
    out["federal"] = _entry_json(finding.federal) if finding.federal else None
    return out


def _echo_entry(finding: LegalFinding, review_days: int, indent: str = "") -> None:
    entry = finding.entry
    age = f", minimum age {entry.minimum_age}" if entry.minimum_age else ""
    typer.echo(f"{indent}{entry.name} ({entry.jurisdiction}): {entry.status.value}{age}")
    if entry.effective_from:
        typer.echo(f"{indent}  since {entry.effective_from.isoformat()}")
    typer.echo(f"{indent}  {entry.notes}")
    if entry.seven_oh_rules:
        typer.echo(f"{indent}  7-OH and analogues: {entry.seven_oh_rules}")
    typer.echo(f"{indent}  source: {entry.source}")
    checked = f"{indent}  checked {entry.as_of.isoformat()}"
    if finding.stale:
        checked += f" — may be out of date (older than {review_days} days)"
    typer.echo(checked)
    if not entry.verified:
        typer.echo(f"{indent}  not confirmed against the law's text: {entry.note}")


def legal(
    code: str = typer.Argument(..., help="ISO 3166 code, e.g. US, TH, US-OR (any case)."),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
    on: str | None = typer.Option(None, "--on", help="The status on this date (YYYY-MM-DD)."),
) -> None:
    """Legal status of kratom in a jurisdiction; an unknown code exits 2 naming it."""
    reference = _reference()
    today = _today(on, "--on")
    finding = status_on(reference.legal, code, today)
    if json:
        emit_json(legal_json(finding))
        return
    review_days = reference.legal.review_interval_days
    _echo_entry(finding, review_days)
    if finding.upcoming is not None and finding.upcoming.effective_from is not None:
        typer.echo(
            f"  from {finding.upcoming.effective_from.isoformat()}: {finding.upcoming.status.value}"
        )
    if finding.federal is not None:
        typer.echo("\nFederal law applies too:")
        _echo_entry(finding.federal, review_days, indent="  ")


def evidence(json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """What the evidence says about each claim of the source article."""
    registry = _reference().evidence
    if json:
        emit_json(
            {
                "claims": [
                    {
                        "id": c.id,
                        "topic": c.topic,
                        "claim": c.claim,
                        "grade": c.grade.value,
                        "summary": c.summary,
                        "citations": list(c.citations),
                        "as_of": c.as_of.isoformat(),
                    }
                    for c in registry.claims
                ]
            }
        )
        return
    for claim in registry.claims:
        typer.echo(f"{claim.topic}: {claim.grade.value.upper()}")
        typer.echo(f"  claim: {claim.claim}")
        typer.echo(f"  {claim.summary}")
        for citation in claim.citations:
            typer.echo(f"  - {citation}")
        typer.echo("")

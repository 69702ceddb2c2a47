"""`speciosa mme`, `speciosa alkaloids`, `speciosa taper plan` — dosing arithmetic; and
`speciosa taper review-holds` — the symptom-guided hold review of approved plans."""

from __future__ import annotations

import json as jsonlib
from datetime import date
from pathlib import Path

import typer

from speciosa.bootstrap import bootstrap, load_reference
from speciosa.domain.dosing.taper import amount_number
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.entrypoints.cli.commands.users import upgraded_settings
from speciosa.entrypoints.cli.output import emit_json
from speciosa.services.dosing.calculators import DosingCalculators

taper_app = typer.Typer(help="Taper plans.", no_args_is_help=True)


def read_json_file(path: Path, option: str) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"Cannot read {path}: {error}.", field=option) from None
    try:
        return jsonlib.loads(text)
    except ValueError as error:
        raise InvalidInput(f"{path} is not valid JSON ({error}).", field=option) from None


def mme(
    regimen: Path = typer.Option(
        ...,
        "--regimen",
        help="JSON list of {drug, dose_mg, "
        "doses_per_day} or {drug: fentanyl_transdermal, mcg_per_hour}.",
    ),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Morphine milligram equivalents per day, with the CDC 2022 conversion factors."""
    result = DosingCalculators(load_reference()).mme(read_json_file(regimen, "--regimen"))
    if json:
        emit_json(
            {
                "total_mme": result.total_mme,
                "items": [
                    {"drug": i.drug, "mme": i.mme, "factor": i.factor, "source": i.source}
                    for i in result.items
                ],
            }
        )
        return
    for item in result.items:
        typer.echo(f"{item.drug:<22} {item.mme:>9.2f} MME/day  (factor {item.factor:g})")
    typer.echo(f"{'total':<22} {result.total_mme:>9.2f} MME/day")
    typer.echo(
        "Source: CDC Clinical Practice Guideline for Prescribing Opioids for Pain, 2022. "
        "Not for converting one opioid to another."
    )


def alkaloids(
    grams: float = typer.Option(..., "--grams", help="Grams of leaf or product."),
    mitragynine_pct: float = typer.Option(..., "--mitragynine-pct", help="% w/w from the COA."),
    hydroxymitragynine_pct: float | None = typer.Option(
        None, "--hydroxymitragynine-pct", help="% w/w 7-OH from the COA."
    ),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Milligrams of mitragynine (and 7-hydroxymitragynine) in a dose: grams × percent × 10."""
    dose = DosingCalculators.alkaloids(
        grams,
        mitragynine_pct,
        hydroxymitragynine_pct,
        fields=("--grams", "--mitragynine-pct", "--hydroxymitragynine-pct"),
    )
    if json:
        emit_json(
            {
                "mitragynine_mg": dose.mitragynine_mg,
                "hydroxymitragynine_mg": dose.hydroxymitragynine_mg,
            }
        )
        return
    typer.echo(f"mitragynine: {dose.mitragynine_mg:g} mg")
    if dose.hydroxymitragynine_mg is not None:
        typer.echo(f"7-hydroxymitragynine: {dose.hydroxymitragynine_mg:g} mg")


@taper_app.command("plan")
def taper_plan(
    start: str = typer.Option(..., "--start", help="Starting amount per day (e.g. 12 g)."),
    unit_step: str = typer.Option(..., "--unit-step", help="Smallest measurable amount."),
    reduction_pct: str = typer.Option(
        ..., "--reduction-pct", help="Percent of the current amount taken off at each step."
    ),
    every_days: int = typer.Option(..., "--every-days", help="Days between steps."),
    start_date: str = typer.Option(..., "--start-date", help="YYYY-MM-DD"),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The steps of a taper from START to zero (a clinician approves a plan before it is used)."""
    try:
        first = date.fromisoformat(start_date)
    except ValueError:
        raise InvalidInput(
            f"'{start_date}' is not a date (YYYY-MM-DD).", field="--start-date"
        ) from None
    steps = DosingCalculators.taper_steps(start, unit_step, reduction_pct, every_days, first)
    if json:
        emit_json(
            {
                "steps": [
                    {"date": s.date.isoformat(), "amount": amount_number(s.amount)} for s in steps
                ]
            }
        )
        return
    for step in steps:
        typer.echo(f"{step.date.isoformat()}  {amount_number(step.amount)}")


@taper_app.command("review-holds")
def taper_review_holds(json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Hold the next reduction of every approved plan whose hold rule the check-ins now meet,
    alerting the clinician (idempotent: run it from cron or a timer; pages also review)."""
    services = bootstrap(upgraded_settings())
    try:
        holds = services.taper_holds.review_all()
    finally:
        services.close()
    rows = [
        {
            "person_id": h.person_id,
            "plan_id": h.plan_id,
            "step": h.step_index,
            "due_before": h.due_before.isoformat(),
            "until": h.until.isoformat(),
            "instrument": h.instrument,
            "from_total": h.from_total,
            "to_total": h.to_total,
        }
        for h in holds
    ]
    if json:
        emit_json({"holds": rows})
        return
    typer.echo(f"held {len(rows)} step(s)")
    for row in rows:
        typer.echo(f"  {row['person_id']}  step {row['step']} until {row['until']}")


@taper_app.command("approve")
def taper_approve(
    plan_id: str = typer.Argument(..., help="The draft plan's id."),
    as_email: str = typer.Option(..., "--as", help="The approving clinician's e-mail."),
    reason: str = typer.Option(
        "", "--reason", help="Why the start is above the person's logged intake (if it is)."
    ),
    yes: bool = typer.Option(False, "--yes", help="Confirm without the prompt (scripts)."),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Approve a drafted taper plan, as on the web: the first steps and the start compared with
    the person's logged intake are shown first, and approval is a separate confirmation; a
    start more than 10 % above the highest day logged in the last 7 days needs --reason."""
    from speciosa.entrypoints.cli.commands.reports import acting_as

    services = bootstrap(upgraded_settings())
    try:
        actor = acting_as(services, as_email)
        assert actor is not None  # --as is required
        approval = services.tapers.approval(actor, plan_id[:64])
        check = approval.check
        if not json:
            typer.echo(approval.plan.title)
            for step in approval.first_steps:
                typer.echo(
                    f"  from {step.date.isoformat()}: {amount_number(step.amount)} "
                    f"{approval.plan.unit}/day"
                )
            typer.echo(check.explanation)
        if check.needs_reason and not (reason or approval.plan.start_reason):
            raise InvalidInput(check.explanation + " Give --reason.", field="--reason")
        if not yes and not typer.confirm("Approve and show it to the person?", default=False):
            raise InvalidInput("Not approved: confirm, or pass --yes.", field="--yes")
        plan = services.tapers.approve(actor, approval.plan.id, start_reason=reason or None)
    finally:
        services.close()
    if json:
        emit_json(
            {
                "id": plan.id,
                "status": plan.status.value,
                "start_reason": plan.start_reason,
                "first_steps": [
                    {"date": s.date.isoformat(), "amount": amount_number(s.amount)}
                    for s in approval.first_steps
                ],
                "needs_reason": check.needs_reason,
                "explanation": check.explanation,
            }
        )
        return
    typer.echo(f"approved {plan.id}")

"""`speciosa skin measure PHOTO --roi X,Y,W,H [--reference-roi X,Y,W,H] [--uncalibrated]` —
skin colour from a photo with a ColorChecker, without a database."""

from __future__ import annotations

from pathlib import Path

import typer

from speciosa.adapters.imaging.skin_photos import ChartNotFound
from speciosa.bootstrap import build_skin_analyser
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.pigmentation.measurement import SiteColour
from speciosa.domain.pigmentation.regions import parse_box
from speciosa.entrypoints.cli.output import emit_json
from speciosa.settings import Settings

app = typer.Typer(help="Skin colour from calibrated photos.", no_args_is_help=True)


def _read(photo: Path) -> bytes:
    try:
        return photo.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"There is no file {photo}.", field="PHOTO") from None
    except IsADirectoryError:
        raise InvalidInput(f"{photo} is a folder, not a photo.", field="PHOTO") from None
    except OSError as error:
        raise InvalidInput(f"{photo} cannot be read ({error.strerror}).", field="PHOTO") from None


def _describe(name: str, site: SiteColour) -> str:
    return (
        f"{name}: L* {site.L:.1f}  a* {site.a:.1f}  b* {site.b:.1f}  ITA {site.ita_deg:.1f}° "
        f"({site.category_label})  melanin index {site.melanin_index:.1f}  erythema index "
        f"{site.erythema_index:.1f}"
    )


@app.command()
def measure(
    photo: Path = typer.Argument(..., help="A JPEG, PNG or WebP photo with a ColorChecker in it."),
    roi: str = typer.Option(..., "--roi", help="The affected site's box: X,Y,W,H in pixels."),
    reference_roi: str | None = typer.Option(
        None, "--reference-roi", help="An equally sun-exposed unaffected site: X,Y,W,H."
    ),
    uncalibrated: bool = typer.Option(
        False, "--uncalibrated", help="No chart: plain sRGB values (comparable within the photo)."
    ),
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Measure L*a*b*, ITA°, melanin and erythema index of the boxes (CIELAB D65)."""
    affected = parse_box(roi, "--roi")
    reference = None if reference_roi is None else parse_box(reference_roi, "--reference-roi")
    analyser = build_skin_analyser(Settings.from_env())
    try:
        measured = analyser.measure(
            _read(photo),
            affected,
            reference,
            calibrated=not uncalibrated,
            roi_field="--roi",
            reference_field="--reference-roi",
        ).measurement
    except ChartNotFound:
        raise ChartNotFound(
            "No ColorChecker chart was found in the photo. Retake it with the whole chart "
            "flat, in focus, in the same light as the skin and without glare, or pass "
            "--uncalibrated for plain sRGB values (comparable only within this photo).",
            field="PHOTO",
        ) from None
    if json:
        emit_json(measured.as_json())
        return
    if measured.calibrated:
        typer.echo(
            f"calibrated with the ColorChecker ({measured.correction}; mean ΔE2000 of the 24 "
            f"patches after correction {measured.checker_delta_e:.2f})"
        )
    else:
        typer.echo("uncalibrated: plain sRGB values, comparable only within this photo")
    typer.echo(_describe("affected ", measured.roi))
    if measured.reference is not None:
        typer.echo(_describe("reference", measured.reference))
        typer.echo(
            f"affected − reference: ΔL* {measured.delta_L:+.2f}  ΔE2000 {measured.delta_e_2000:.2f}"
        )

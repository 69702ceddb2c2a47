"""The report model, its PDF and the cohort export, on the services over the in-memory fakes:
the numbers add up, the PDF reads back with the person's name and scores, the cohort is
pseudonymous and research-consented only, and a clinician without consent can build none."""

from __future__ import annotations

import csv
import io
import uuid

import pdfplumber
import pyarrow.parquet as pq
import pytest

from speciosa.adapters.clock import FixedClock
from speciosa.adapters.cohort_files import write_cohort
from speciosa.adapters.pdf.report import render_report_pdf
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, Conflict, InvalidInput, NotFound
from tests.services.clinic import FakeClinic
from tests.support.report_world import (
    NOTE_TEXT,
    OTHER_NAME,
    PERSON_NAME,
    SOWS_TOTALS,
    ClinicWorld,
    build_report_world,
)

World = ClinicWorld[FakeClinic]


@pytest.fixture
def world(fake_clinic: FakeClinic, clock: FixedClock) -> World:
    return build_report_world(fake_clinic, clock)


def test_the_model_holds_every_check_in_with_totals_that_are_the_sum_of_their_answers(
    world: World,
) -> None:
    report = world.services.reports.build(world.actor(world.clinician), world.person.id, 30)
    assert [c.total for c in report.checkins if c.instrument == "sows"] == list(SOWS_TOTALS)
    for checkin in report.checkins:
        assert checkin.total == checkin.answers_sum
    cows = next(c for c in report.checkins if c.instrument == "cows")
    assert [(m.id, m.value) for m in cows.measurements] == [("pulse_bpm", 104)]
    assert cows.rated_by_clinician
    sows = report.trend("sows")
    assert sows is not None
    assert (sows.first.total, sows.latest.total, sows.change) == (22, 5, -17)  # type: ignore[union-attr]
    assert len(report.dosing.doses) == len(SOWS_TOTALS)
    assert [n.text for n in report.notes] == [NOTE_TEXT]
    assert any(a.title.startswith("Major interaction") for a in report.open_alerts)


def test_a_person_builds_their_own_report(world: World) -> None:
    report = world.services.reports.build(world.actor(world.person), world.person.id, 7)
    assert report.person.name == PERSON_NAME
    assert report.period.days == 7


@pytest.mark.parametrize("who", ["stranger", "admin", "other"])
def test_nobody_without_access_can_build_export_or_read_notes(world: World, who: str) -> None:
    actor = world.actor(getattr(world, who))
    reports = world.services.reports
    with pytest.raises(NotFound):
        reports.build(actor, world.person.id, 30)
    for fmt in ("pdf", "fhir"):
        with pytest.raises(NotFound):
            reports.export(actor, world.person.id, fmt, 30)
    with pytest.raises(NotFound):
        reports.notes(actor, world.person.id)


def test_only_a_consented_clinician_writes_notes(world: World) -> None:
    reports = world.services.reports
    with pytest.raises(NotFound):
        reports.add_note(world.actor(world.stranger), world.person.id, str(uuid.uuid4()), "x")
    with pytest.raises(AccessDenied):
        reports.add_note(world.actor(world.person), world.person.id, str(uuid.uuid4()), "x")
    with pytest.raises(InvalidInput, match="Write something"):
        reports.add_note(world.actor(world.clinician), world.person.id, str(uuid.uuid4()), "  ")


def test_a_resent_note_is_stored_once_and_a_changed_one_is_a_conflict(world: World) -> None:
    reports, clinician = world.services.reports, world.actor(world.clinician)
    note_id = str(uuid.uuid4())
    first, created = reports.add_note(clinician, world.person.id, note_id, "Call on Friday.")
    again, created_again = reports.add_note(clinician, world.person.id, note_id, "Call on Friday.")
    assert (created, created_again) == (True, False)
    assert again.id == first.id
    with pytest.raises(Conflict):
        reports.add_note(clinician, world.person.id, note_id, "Call on Monday.")
    assert len(reports.notes(clinician, world.person.id)) == 2


def test_days_outside_the_allowed_range_are_refused(world: World) -> None:
    with pytest.raises(InvalidInput, match="days must be"):
        world.services.reports.build(world.actor(world.clinician), world.person.id, 0)


def test_operator_exports_are_audited_and_an_unknown_person_is_not_found(
    world: World,
) -> None:
    reports = world.services.reports
    with pytest.raises(NotFound, match="There is no person nobody"):
        reports.export(None, "nobody", "pdf", 30)
    reports.export(None, world.person.id, "fhir", 30)
    with world.services.uow(read_only=True) as uow:
        events = uow.audit.for_person(world.person.id, 5)
    assert (events[0].action, events[0].actor_role, events[0].resource) == (
        AuditAction.EXPORT,
        "operator",
        "report_fhir",
    )


def test_the_pdf_reads_back_with_the_name_period_and_scores(world: World) -> None:
    report = world.services.reports.export(world.actor(world.clinician), world.person.id, "pdf", 30)
    pdf = render_report_pdf(report)
    assert pdf.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in document.pages)
    assert PERSON_NAME in text
    assert report.period.described in text
    assert "first 22" in text  # the SOWS trend, as real selectable text
    assert "latest 5" in text
    for total in SOWS_TOTALS:
        assert str(total) in text
    assert "Major interaction" in text  # the open alert (table cells wrap, so in parts)
    assert "alprazolam" in text
    assert NOTE_TEXT in text


def test_the_cohort_is_pseudonymous_dateless_and_research_consented_only(
    world: World, tmp_path: object
) -> None:
    rows = world.services.cohort.export()
    assert rows
    assert {r.person_key for r in rows} == {rows[0].person_key}  # the other person declined
    assert len(rows) == len(SOWS_TOTALS) + 1  # a week of SOWS and one COWS
    for fmt in ("csv", "parquet"):
        out = tmp_path / f"cohort.{fmt}"  # type: ignore[operator]
        write_cohort(rows, out, fmt)
        if fmt == "csv":
            content = out.read_text(encoding="utf-8")
            table = list(csv.DictReader(io.StringIO(content)))
        else:
            table = pq.read_table(out).to_pylist()
            content = repr(table)
        assert len(table) == len(rows)
        for seeded in (
            PERSON_NAME,
            OTHER_NAME,
            world.person.email,
            world.other.email,
            world.person.id,
            world.other.id,
            NOTE_TEXT,
            "felt shaky",
            "2026-",
        ):
            assert seeded not in content
        # The seeded check-ins precede the programme start (today), so days run -6 to 0.
        assert {str(r["day"]) for r in table} == {str(d) for d in range(-6, 1)}


def test_the_cohort_key_is_stable_across_exports(world: World) -> None:
    first = {r.person_key for r in world.services.cohort.export()}
    again = {r.person_key for r in world.services.cohort.export()}
    assert first == again

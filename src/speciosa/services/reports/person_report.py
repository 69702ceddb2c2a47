"""The one model of a person's period (`domain.reports.period.PersonReport`) that the web page, the
PDF report and the FHIR Bundle render, and the clinician notes shown on the timeline.

The model is read in ONE read-only transaction after one access check, by asking each feature's
service (`ReportSources`): their query methods that run inside this transaction (`profile_in`,
`medications_in`, `records_in`, `history_in`, ...) and their public rules (scoring wording,
certificate verdicts at the person's daily amount, interaction checks, skin trends), so every
rendering shows the same numbers. See the package docstring for the rule.

Access: `build` is an audited read by a person (their own record) or a clinician the person
granted access; `export` is the same with an EXPORT audit row naming the format. The command
line may also export as the installation's operator (`actor=None`): whoever runs commands on the
server already holds the database, so the operator is not refused, but every operator export is
audited (actor role "operator") and shows in the person's "who looked at my data".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TypeVar

from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.audit import AuditAction, AuditEvent
from speciosa.domain.foundation.errors import AccessDenied, Conflict, InvalidInput, NotFound
from speciosa.domain.foundation.idempotency import check_replay, fingerprint, parse_client_id
from speciosa.domain.reports.notes import ClinicianNote, clean_note_text
from speciosa.domain.reports.period import (
    DEFAULT_REPORT_DAYS,
    MAX_REPORT_DAYS,
    InstrumentTrend,
    PersonReport,
    ReportNote,
    ReportPeriod,
    ReportPerson,
    ReportPhoto,
)
from speciosa.domain.withdrawal.checkins import summarise_days
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.person_time import day_bounds, person_timezone
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from speciosa.services.reports.sections import (
    ReportSources,
    report_checkin,
    report_coas,
    skin_trends,
)

OPERATOR_ROLE = "operator"
T = TypeVar("T")


def check_days(days: int, field: str = "days") -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_REPORT_DAYS:
        raise InvalidInput(
            f"days must be a whole number from 1 to {MAX_REPORT_DAYS}, got {days!r}.", field=field
        )
    return days


class ReportService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        sources: ReportSources,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self.sources = sources

    # ------------------------------------------------------------------ the report model

    def build(self, actor: Actor, person_id: str, days: int = DEFAULT_REPORT_DAYS) -> PersonReport:
        """The person's last `days` local days, for the web page (an audited read)."""
        days = check_days(days)
        now = self._clock.now()
        return self._guard.read(
            actor,
            person_id,
            "report",
            lambda uow: self.build_in(uow, person_id, days, now),
            resource_id=f"{days}d",
        )

    def export(
        self, actor: Actor | None, person_id: str, fmt: str, days: int = DEFAULT_REPORT_DAYS
    ) -> PersonReport:
        """The model for a download or file (`fmt`: pdf, fhir); audited as an EXPORT. `actor`
        None is the operator at the command line (see the module docstring)."""
        days = check_days(days)
        return self.export_audited(
            actor,
            person_id,
            lambda uow, now: self.build_in(uow, person_id, days, now),
            resource=f"report_{fmt}",
            resource_id=f"{days}d",
            detail=lambda report: f"{fmt} of {report.period.described}",
        )

    def export_audited(
        self,
        actor: Actor | None,
        person_id: str,
        build: Callable[[UnitOfWork, datetime], T],
        *,
        resource: str,
        resource_id: str,
        detail: Callable[[T], str],
    ) -> T:
        """Build an export (a report, a FHIR record) in one read-only transaction after the
        access check, then commit its EXPORT audit row. `actor` None is the operator at the
        command line, who may export any person that exists."""
        now = self._clock.now()
        with self._uow_factory(read_only=True) as uow:
            if actor is None:
                if uow.persons.get(person_id) is None:
                    raise NotFound(f"There is no person {person_id}.", field="--person")
            else:
                self._guard.require(uow, actor, person_id, Purpose.READ)
            exported = build(uow, now)
        with self._uow_factory() as uow:
            uow.audit.add(
                AuditEvent(
                    at=now,
                    actor_id=actor.user_id if actor else None,
                    actor_role=actor.role.value if actor else OPERATOR_ROLE,
                    action=AuditAction.EXPORT,
                    resource=resource,
                    resource_id=resource_id,
                    person_id=person_id,
                    address=actor.address if actor else "command line",
                    detail=detail(exported),
                )
            )
            uow.commit()
        return exported

    def build_in(self, uow: UnitOfWork, person_id: str, days: int, now: datetime) -> PersonReport:
        """Inside the caller's transaction; the caller has checked access and audits."""
        user = uow.users.get(person_id)
        profile = uow.persons.get(person_id)
        if user is None or profile is None:
            raise NotFound(f"There is no person {person_id}.")
        tz = person_timezone(uow, person_id)
        end = now.astimezone(tz).date()
        # The window starts at the person's first record (never weeks of nothing before the
        # programme began), or at the programme's start when nothing is recorded yet.
        first_at = uow.reports.first_record_at(person_id)
        began = first_at.astimezone(tz).date() if first_at else profile.programme_start
        period = ReportPeriod(min(max(end - timedelta(days=days - 1), began), end), end)
        first, last = day_bounds(period.start, period.end, tz)
        src = self.sources
        stored = uow.reports.checkins_between(person_id, first, last)
        # Entered-in-error check-ins are exported as such (FHIR), never charted or counted.
        withdrawn = uow.reports.checkins_in_error_between(person_id, first, last)
        names = [n for n in src.instruments.names() if any(c.instrument == n for c in stored)]
        all_by_name = {n: src.instruments.get(n) for n in src.instruments.names()}
        by_name = {n: all_by_name[n] for n in names}
        extra = [
            n for n in all_by_name if n not in by_name and any(c.instrument == n for c in withdrawn)
        ]
        instruments = tuple(all_by_name[n] for n in (*names, *extra))
        checkins = tuple(report_checkin(by_name[c.instrument], c) for c in stored)
        in_error = tuple(
            replace(report_checkin(all_by_name[c.instrument], c), status=c.status.value)
            for c in withdrawn
            if c.instrument in all_by_name
        )
        days_summary = summarise_days((c.scored for c in stored), tz)
        trends = tuple(
            InstrumentTrend(
                i.name,
                i.title,
                i.max_total,
                i.bands,
                tuple(d for d in days_summary if d.instrument == i.name),
            )
            for i in instruments
            if i.name in by_name
        )
        withdrawal_profile = src.withdrawal.profile_in(uow, person_id)
        alerts = tuple(
            a for a in uow.alerts.for_person(person_id) if a.open or first <= a.raised_at < last
        )
        medications = src.precautions.medications_in(uow, person_id)
        records = src.pigmentation.records_in(uow, person_id)
        return PersonReport(
            person=ReportPerson(
                id=user.id,
                name=user.name,
                email=user.email,
                programme_start=profile.programme_start,
                timezone=profile.timezone,
                jurisdiction=profile.jurisdiction,
            ),
            period=period,
            generated_at=now,
            tz=tz,
            profile=withdrawal_profile,
            course=src.withdrawal.course_for(withdrawal_profile),
            instruments=instruments,
            checkins=checkins,
            trends=trends,
            dosing=src.doses.history_in(uow, person_id, first, last),
            checkins_in_error=in_error,
            alerts=alerts,
            coas=tuple(report_coas(uow, src.certificates, src.products, person_id)),
            skin=tuple(skin_trends(records, src.pigmentation.reference.rules)),
            photos=tuple(
                ReportPhoto(
                    r.id,
                    r.taken_at,
                    r.site,
                    r.reference_site,
                    r.measurement.calibrated,
                    r.measurement.delta_L,
                )
                for r in records
                if first <= r.taken_at < last
            ),
            medications=tuple(m.name for m in medications),
            interactions=src.precautions.check_medications(medications).interactions,
            notes=tuple(
                ReportNote(n.id, n.written_at, n.author_name, n.text)
                for n in uow.reports.notes_for(person_id, first, last)
            ),
        )

    # ------------------------------------------------------------------ clinician notes

    def add_note(
        self, actor: Actor, person_id: str, note_id: object, text: object
    ) -> tuple[ClinicianNote, bool]:
        """A clinician with access writes a note on the person's timeline (audited). The id is
        the client's: the same id and text again returns the first note."""
        if not actor.is_clinician:
            raise AccessDenied("Only a clinician writes notes on a person's timeline.")
        key = parse_client_id(note_id)
        cleaned = clean_note_text(text)
        sent = fingerprint({"person_id": person_id, "text": cleaned})
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, person_id, Purpose.WRITE)
            note = ClinicianNote(
                id=key,
                person_id=person_id,
                author_id=actor.user_id,
                author_name=actor.name,
                written_at=self._clock.now(),
                text=cleaned,
                fingerprint=sent,
            )
            if not uow.reports.add_note(note):
                stored = uow.reports.get_note(key)
                if stored is None or stored.person_id != person_id:
                    raise Conflict(f"A note with id {key} already exists; use a new id.")
                check_replay(stored.fingerprint, sent, "note", key)
                return stored, False
            self._audit.add(
                uow,
                actor,
                AuditAction.CREATE,
                "clinician_note",
                resource_id=key,
                person_id=person_id,
            )
            uow.commit()
        return note, True

    def notes(self, actor: Actor, person_id: str) -> list[ClinicianNote]:
        return self._guard.read(
            actor, person_id, "clinician_notes", lambda uow: uow.reports.notes_for(person_id)
        )

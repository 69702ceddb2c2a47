"""A person's complete clinical record (`domain.reports.clinical_record.ClinicalRecord`) for the
FHIR R4
export and the read-only FHIR API: the report model plus the medicine list with its codes, taper
plans (approved or ended) with steps and holds, red-flag reports, skin measurements and the
results of the certificates the report judges — all read in ONE read-only transaction after one
access check.

Access and audit are the report's: `export` (a download or file) leaves an EXPORT row naming the
format, `read` (the FHIR API) a READ row naming what was asked for; a refusal reads as "not
found". The command line may export as the installation's operator (`actor=None`, audited as
"operator"), as `ReportService.export` explains.
"""

from __future__ import annotations

from datetime import datetime

from speciosa.domain.dosing.plans import PlanStatus
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.errors import NotFound
from speciosa.domain.precautions.rxnorm import RxNormTable
from speciosa.domain.reports.clinical_record import (
    ClinicalRecord,
    RecordMedication,
    RecordRedFlag,
    RecordRedFlagReport,
    RecordTaper,
)
from speciosa.domain.reports.period import MAX_REPORT_DAYS, ReportPerson
from speciosa.domain.sources.certificate import Certificate
from speciosa.services.dosing.taper_views import plan_view
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.person_time import day_bounds
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from speciosa.services.precautions.reference_tables import PrecautionsReference
from speciosa.services.reports.person_report import ReportService, check_days

RED_FLAG_REPORTS = 200  # the newest reports the record carries (a year of daily check-ins fits)
SHOWN_PLANS = (PlanStatus.APPROVED, PlanStatus.ENDED)


class ClinicalRecordService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        reports: ReportService,
        precautions: PrecautionsReference,
        rxnorm: RxNormTable,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._reports = reports
        self._precautions = precautions
        self.rxnorm = rxnorm

    def read(
        self, actor: Actor, person_id: str, what: str, days: int = MAX_REPORT_DAYS
    ) -> ClinicalRecord:
        """The record for the FHIR API (an audited read of `what`, e.g. "Patient/$everything")."""
        days = check_days(days)
        now = self._clock.now()
        return self._guard.read(
            actor,
            person_id,
            "fhir_record",
            lambda uow: self.build_in(uow, person_id, days, now),
            resource_id=what[:64],
        )

    def read_person(self, actor: Actor, person_id: str, what: str) -> ReportPerson:
        """Only the person, for a read of the Patient resource: the access check and the audit
        row of `read`, without building the year of record that the Patient does not carry
        (~1.2 s of CPU for a year of daily check-ins, measured)."""
        return self._guard.read(
            actor,
            person_id,
            "fhir_record",
            lambda uow: self._person_in(uow, person_id),
            resource_id=what[:64],
        )

    @staticmethod
    def _person_in(uow: UnitOfWork, person_id: str) -> ReportPerson:
        # As the report model's person (ReportService.build_in), with its "no person" answer.
        user = uow.users.get(person_id)
        profile = uow.persons.get(person_id)
        if user is None or profile is None:
            raise NotFound(f"There is no person {person_id}.")
        return ReportPerson(
            id=user.id,
            name=user.name,
            email=user.email,
            programme_start=profile.programme_start,
            timezone=profile.timezone,
            jurisdiction=profile.jurisdiction,
        )

    def export(self, actor: Actor | None, person_id: str, days: int) -> ClinicalRecord:
        """The record for a FHIR file or download; audited as an EXPORT (see the module)."""
        days = check_days(days)
        return self._reports.export_audited(
            actor,
            person_id,
            lambda uow, now: self.build_in(uow, person_id, days, now),
            resource="report_fhir",
            resource_id=f"{days}d",
            detail=lambda record: f"fhir of {record.report.period.described}",
        )

    def build_in(self, uow: UnitOfWork, person_id: str, days: int, now: datetime) -> ClinicalRecord:
        """Inside the caller's transaction; the caller has checked access and audits."""
        report = self._reports.build_in(uow, person_id, days, now)
        substances = self._precautions.substances
        medications = []
        sources = self._reports.sources
        for m in sources.precautions.medications_in(uow, person_id):
            found = self._precautions.substances.resolve(self.rxnorm.checked_name(m))
            medications.append(
                RecordMedication(
                    m, self.rxnorm.code_for(m, substances), found.name if found else None
                )
            )
        tapers = []
        today = now.astimezone(report.tz).date()
        for plan in sources.tapers.plans_in(uow, person_id):
            if plan.status in SHOWN_PLANS:
                view = plan_view(uow, plan, today)
                tapers.append(
                    RecordTaper(plan, tuple(view.schedule), tuple(view.holds), view.explanations)
                )
        checklist = self._precautions.checklist
        red_flags = []
        first, last = day_bounds(report.period.start, report.period.end, report.tz)
        for stored in sources.red_flags.reports_in(uow, person_id, RED_FLAG_REPORTS):
            if not first <= stored.reported_at < last:
                continue
            flags = []
            for code in stored.flags:
                flag = checklist.get(code)
                flags.append(
                    RecordRedFlag(
                        code, flag.label if flag else code, flag.urgency.value if flag else ""
                    )
                )
            red_flags.append(RecordRedFlagReport(stored, tuple(flags)))
        certificates: dict[str, Certificate] = {}
        for coa in report.coas:
            if coa.certificate_id and coa.certificate_id not in certificates:
                stored_certificate = sources.certificates.certificate_in(uow, coa.certificate_id)
                if stored_certificate is not None:
                    certificates[coa.certificate_id] = stored_certificate.certificate
        skin = tuple(
            r for r in sources.pigmentation.records_in(uow, person_id) if first <= r.taken_at < last
        )
        return ClinicalRecord(
            report=report,
            medications=tuple(medications),
            tapers=tuple(tapers),
            red_flags=tuple(red_flags),
            skin=skin,
            certificates=certificates,
        )

"""The clinical services wired as `bootstrap` wires them, on the fakes: an in-memory unit of
work, photo store and pseudonym key, plain password hashes. Reference tables, certificate
reading and skin measuring are the real ones (pure code, no database), so a test's figures are
the production figures.

Service tests build this instead of a SQLite database; `tests/integration` keeps real SQLite
and PostgreSQL. The wiring repeats `bootstrap`'s on purpose: mypy checks every constructor, so
a service that needs something new fails here as it does there."""

from __future__ import annotations

from dataclasses import dataclass

from speciosa.adapters.clock import FixedClock
from speciosa.bootstrap import build_certificate_checker, build_skin_analyser, load_reference
from speciosa.domain.dosing.escalation import parse_escalation_rules
from speciosa.domain.withdrawal.instruments.catalogue import InstrumentCatalogue
from speciosa.services.dosing.calculators import DosingCalculators
from speciosa.services.dosing.checkin_recording import RecordCheckIn
from speciosa.services.dosing.dependence import DependenceService
from speciosa.services.dosing.dose_corrections import DoseCorrector
from speciosa.services.dosing.history import DosingHistory
from speciosa.services.dosing.journal import DoseService
from speciosa.services.dosing.taper_holds import TaperHoldReview
from speciosa.services.dosing.tapers import TaperService
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.accounts import AccountService
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.consent import ConsentService
from speciosa.services.foundation.security_log import SecurityLog
from speciosa.services.pigmentation.photos import PigmentationService, load_pigmentation_reference
from speciosa.services.precautions.person_precautions import PrecautionsService
from speciosa.services.precautions.red_flags import RedFlagService
from speciosa.services.precautions.reference_tables import parse_precautions_reference
from speciosa.services.reports.cohort import CohortService
from speciosa.services.reports.dashboard import DashboardService
from speciosa.services.reports.data_export import DataExportService
from speciosa.services.reports.person_report import ReportService
from speciosa.services.reports.sections import ReportSources
from speciosa.services.sources.certificates import CertificateService
from speciosa.services.sources.products import ProductService
from speciosa.services.withdrawal.checkin_corrections import CheckInCorrector
from speciosa.services.withdrawal.checkins import CheckInService
from speciosa.services.withdrawal.course import WithdrawalService
from speciosa.services.withdrawal.missed_checkins import MissedCheckInSweep
from speciosa.services.withdrawal.wellbeing import WellbeingService
from speciosa.settings import Settings
from tests.fakes import FakeUnitOfWorkFactory, LengthOnlyStrength, PlainHasher
from tests.fakes.outside import FakePseudonymKeySource, InMemoryPhotoStore


@dataclass
class FakeClinic:
    """The `Services` fields the service tests use, with the same names."""

    settings: Settings
    uow: FakeUnitOfWorkFactory
    clock: FixedClock
    audit: AuditTrail
    guard: AccessGuard
    accounts: AccountService
    consent: ConsentService
    alerts: AlertService
    withdrawal: WithdrawalService
    missed_checkins: MissedCheckInSweep
    checkins: CheckInService
    record_checkin: RecordCheckIn
    precautions: PrecautionsService
    red_flags: RedFlagService
    certificates: CertificateService
    products: ProductService
    pigmentation: PigmentationService
    doses: DoseService
    tapers: TaperService
    taper_holds: TaperHoldReview
    dependence: DependenceService
    reports: ReportService
    dashboard: DashboardService
    cohort: CohortService
    data_export: DataExportService
    wellbeing: WellbeingService


def build_clinic(settings: Settings, clock: FixedClock) -> FakeClinic:
    uow = FakeUnitOfWorkFactory()
    reference = load_reference()
    hasher = PlainHasher()
    audit = AuditTrail(uow, clock)
    guard = AccessGuard(uow, audit)
    security_log = SecurityLog(uow, clock)
    accounts = AccountService(uow, hasher, clock, audit, LengthOnlyStrength(), security_log)
    alerts = AlertService(uow, clock, guard, audit)
    withdrawal = WithdrawalService(
        uow,
        clock,
        guard,
        audit,
        alerts,
        reference.table("withdrawal_course"),
        reference.table("withdrawal_alert_rules"),
    )
    instruments = InstrumentCatalogue.from_tables(reference.table)
    checkins = CheckInService(
        uow,
        clock,
        guard,
        audit,
        alerts,
        instruments,
        withdrawal,
        CheckInCorrector(uow, clock, guard, audit, alerts, instruments, withdrawal),
    )
    precautions_reference = parse_precautions_reference(reference)
    precautions = PrecautionsService(uow, clock, guard, audit, alerts, precautions_reference)
    certificates = CertificateService(
        uow, clock, guard, audit, alerts, build_certificate_checker(settings)
    )
    products = ProductService(uow, clock, guard, audit, alerts, certificates, reference)
    pigmentation = PigmentationService(
        uow,
        clock,
        guard,
        audit,
        alerts,
        build_skin_analyser(settings),
        InMemoryPhotoStore(),
        load_pigmentation_reference(reference),
    )
    calculators = DosingCalculators(reference)
    escalation_rules = parse_escalation_rules(reference.table("escalation_rules"))
    corrections = DoseCorrector(
        uow, clock, guard, audit, alerts, certificates, calculators, escalation_rules
    )
    doses = DoseService(
        uow, clock, guard, audit, alerts, certificates, calculators, escalation_rules, corrections
    )
    taper_holds = TaperHoldReview(uow, clock, guard, audit, alerts, withdrawal)
    tapers = TaperService(uow, clock, guard, audit, taper_holds, calculators, reference)
    red_flags = RedFlagService(uow, clock, guard, audit, alerts, precautions_reference.checklist)
    history = DosingHistory(clock)
    reports = ReportService(
        uow,
        clock,
        guard,
        audit,
        ReportSources(
            instruments=instruments,
            withdrawal=withdrawal,
            certificates=certificates,
            products=products,
            precautions=precautions,
            red_flags=red_flags,
            pigmentation=pigmentation,
            doses=history,
            tapers=tapers,
        ),
    )
    wellbeing = WellbeingService(uow, clock, guard, audit)
    return FakeClinic(
        settings=settings,
        uow=uow,
        clock=clock,
        audit=audit,
        guard=guard,
        accounts=accounts,
        consent=ConsentService(uow, clock, audit),
        alerts=alerts,
        withdrawal=withdrawal,
        missed_checkins=MissedCheckInSweep(uow, clock, guard, alerts, withdrawal.rules),
        checkins=checkins,
        record_checkin=RecordCheckIn(uow, checkins, taper_holds),
        precautions=precautions,
        red_flags=red_flags,
        certificates=certificates,
        products=products,
        pigmentation=pigmentation,
        doses=doses,
        tapers=tapers,
        taper_holds=taper_holds,
        dependence=DependenceService(uow, clock, guard, audit, reference),
        reports=reports,
        dashboard=DashboardService(uow, clock, audit, alerts, withdrawal),
        cohort=CohortService(
            uow, clock, instruments, FakePseudonymKeySource(), history, withdrawal
        ),
        data_export=DataExportService(uow, clock, guard, audit, checkins, doses, wellbeing),
        wellbeing=wellbeing,
    )

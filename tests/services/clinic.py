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
from speciosa.domain.withdrawal.instruments.catalogue import InstrumentCatalogue
from speciosa.services.dosing.calculators import DosingCalculators
from speciosa.services.dosing.dependence import DependenceService
from speciosa.services.dosing.history import DosingHistory
from speciosa.services.dosing.journal import DoseService
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
from speciosa.services.reports.person_report import ReportService, ReportSources
from speciosa.services.sources.certificates import CertificateService
from speciosa.services.sources.products import ProductService
from speciosa.services.withdrawal.checkins import CheckInService
from speciosa.services.withdrawal.course import WithdrawalService
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
    checkins: CheckInService
    precautions: PrecautionsService
    red_flags: RedFlagService
    certificates: CertificateService
    products: ProductService
    pigmentation: PigmentationService
    doses: DoseService
    tapers: TaperService
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
    checkins = CheckInService(
        uow,
        clock,
        guard,
        audit,
        alerts,
        InstrumentCatalogue.from_tables(reference.table),
        withdrawal,
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
    doses = DoseService(uow, clock, guard, audit, alerts, certificates, calculators, reference)
    tapers = TaperService(uow, clock, guard, audit, alerts, withdrawal, calculators, reference)
    checkins.on_recorded(lambda actor, checkin: tapers.review_holds(actor, checkin.person_id))
    history = DosingHistory(clock)
    reports = ReportService(
        uow,
        clock,
        guard,
        audit,
        ReportSources(
            instruments=checkins.instruments,
            withdrawal=withdrawal,
            certificates=certificates,
            products=products,
            precautions=precautions,
            skin_rules=pigmentation.reference.rules,
            doses=history,
        ),
    )
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
        checkins=checkins,
        precautions=precautions,
        red_flags=RedFlagService(uow, clock, guard, audit, alerts, precautions_reference.checklist),
        certificates=certificates,
        products=products,
        pigmentation=pigmentation,
        doses=doses,
        tapers=tapers,
        dependence=DependenceService(uow, clock, guard, audit, reference),
        reports=reports,
        dashboard=DashboardService(uow, clock, audit, alerts, withdrawal),
        cohort=CohortService(uow, clock, checkins.instruments, FakePseudonymKeySource(), history),
        data_export=DataExportService(uow, clock, guard, audit),
        wellbeing=WellbeingService(uow, clock, guard, audit),
    )

"""The composition root: Settings -> engine -> unit of work -> services.

Nothing is built at import time. Entrypoints call `bootstrap(settings)` once per process and pass
the `Services` on; the engine and unit of work stay in here (services check access and audit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from speciosa.adapters.backup.archive import ArchiveBackupStore
from speciosa.adapters.clock import SystemClock
from speciosa.adapters.coa import CertificateFileReader
from speciosa.adapters.coa.page_images import PdfiumPageImages
from speciosa.adapters.db import migrate
from speciosa.adapters.db.engine import create_db_engine
from speciosa.adapters.db.migrate import MigrationState
from speciosa.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from speciosa.adapters.file_modes import secure_data_dir
from speciosa.adapters.imaging.photo_store import FilePhotoStore
from speciosa.adapters.imaging.skin_photos import SkinPhotoAnalyser
from speciosa.adapters.password_strength import ZxcvbnPasswordStrength
from speciosa.adapters.passwords import Argon2Hasher
from speciosa.adapters.reference_files import YamlReferenceSource
from speciosa.adapters.research_key import FileResearchKey
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
from speciosa.services.foundation.authentication import AuthenticationService
from speciosa.services.foundation.backup import BackupService
from speciosa.services.foundation.consent import ConsentService
from speciosa.services.foundation.password_reset import PasswordResetService
from speciosa.services.foundation.person_time import PersonTimeService
from speciosa.services.foundation.reference import ReferenceCatalogue
from speciosa.services.foundation.security_log import SecurityLog
from speciosa.services.pigmentation.photos import (
    PigmentationService,
    load_pigmentation_reference,
)
from speciosa.services.ports.outside import Clock
from speciosa.services.precautions.medication_import import MedicationImportService
from speciosa.services.precautions.person_precautions import PrecautionsService
from speciosa.services.precautions.red_flags import RedFlagService
from speciosa.services.precautions.reference_tables import parse_precautions_reference
from speciosa.services.reports.clinical_record import ClinicalRecordService
from speciosa.services.reports.cohort import CohortService
from speciosa.services.reports.dashboard import DashboardService
from speciosa.services.reports.data_export import DataExportService
from speciosa.services.reports.person_report import ReportService
from speciosa.services.reports.reminder_feeds import ReminderFeedService
from speciosa.services.reports.sections import ReportSources
from speciosa.services.sources.certificate_checker import CertificateChecker
from speciosa.services.sources.certificate_review import CertificateReviewService
from speciosa.services.sources.certificates import CertificateService
from speciosa.services.sources.products import ProductService
from speciosa.services.withdrawal.checkin_corrections import CheckInCorrector
from speciosa.services.withdrawal.checkins import CheckInService
from speciosa.services.withdrawal.course import WithdrawalService
from speciosa.services.withdrawal.missed_checkins import MissedCheckInSweep
from speciosa.services.withdrawal.wellbeing import WellbeingService
from speciosa.settings import Settings


@dataclass
class Services:
    settings: Settings
    clock: Clock
    reference: ReferenceCatalogue
    audit: AuditTrail
    guard: AccessGuard
    accounts: AccountService
    auth: AuthenticationService
    consent: ConsentService
    alerts: AlertService
    precautions: PrecautionsService
    red_flags: RedFlagService
    withdrawal: WithdrawalService
    missed_checkins: MissedCheckInSweep
    checkins: CheckInService
    record_checkin: RecordCheckIn
    certificates: CertificateService
    products: ProductService
    pigmentation: PigmentationService
    reports: ReportService
    dashboard: DashboardService
    cohort: CohortService
    doses: DoseService
    tapers: TaperService
    taper_holds: TaperHoldReview
    dependence: DependenceService
    certificate_review: CertificateReviewService
    wellbeing: WellbeingService
    reminder_feeds: ReminderFeedService
    data_export: DataExportService
    security_log: SecurityLog
    password_reset: PasswordResetService
    clinical_record: ClinicalRecordService
    medication_import: MedicationImportService
    person_time: PersonTimeService
    # Releases the database connections (the engine itself is not handed out).
    _close: Callable[[], None] = field(repr=False)

    def close(self) -> None:
        self._close()


@lru_cache(maxsize=1)
def load_reference() -> ReferenceCatalogue:
    """The packaged reference tables, read and validated once per process."""
    return ReferenceCatalogue(YamlReferenceSource())


def build_certificate_checker(settings: Settings) -> CertificateChecker:
    """Reads and judges lab certificates without a database (`speciosa coa check`)."""
    return CertificateChecker(CertificateFileReader(), load_reference(), settings.max_upload_bytes)


def build_skin_analyser(settings: Settings) -> SkinPhotoAnalyser:
    """Measures skin photos without a database (`speciosa skin measure`)."""
    reference = load_pigmentation_reference(load_reference())
    return SkinPhotoAnalyser(
        reference.chart, reference.rules, reference.categories, settings.max_upload_bytes
    )


def bootstrap(
    settings: Settings, *, clock: Clock | None = None, migrate_empty: bool = True
) -> Services:
    """Wire every service. Refuses a database that is behind its migrations (an empty one is
    created when `migrate_empty`)."""
    clock = clock or SystemClock()
    secure_data_dir(settings.data_dir)  # 0700 / 0600, repairing an older install's modes
    engine = create_db_engine(settings.database_url)
    if migrate_empty:
        try:
            migrate.prepare(engine)
        except Exception:
            engine.dispose()
            raise
    uow = SqlUnitOfWorkFactory(engine)
    reference = load_reference()
    hasher = Argon2Hasher(fast=settings.fast_password_hashing)
    audit = AuditTrail(uow, clock)
    guard = AccessGuard(uow, audit)
    security_log = SecurityLog(uow, clock)
    accounts = AccountService(uow, hasher, clock, audit, ZxcvbnPasswordStrength(), security_log)
    auth = AuthenticationService(uow, hasher, clock, audit)
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
    red_flags = RedFlagService(uow, clock, guard, audit, alerts, precautions_reference.checklist)
    pigmentation = PigmentationService(
        uow,
        clock,
        guard,
        audit,
        alerts,
        build_skin_analyser(settings),
        FilePhotoStore(settings.photo_dir),
        load_pigmentation_reference(reference),
    )
    calculators = DosingCalculators(reference)
    # Parsed once at start-up: a malformed row fails start-up, not a request.
    escalation_rules = parse_escalation_rules(reference.table("escalation_rules"))
    corrections = DoseCorrector(
        uow, clock, guard, audit, alerts, certificates, calculators, escalation_rules
    )
    dose_journal = DoseService(
        uow, clock, guard, audit, alerts, certificates, calculators, escalation_rules, corrections
    )
    taper_holds = TaperHoldReview(uow, clock, guard, audit, alerts, withdrawal)
    tapers = TaperService(uow, clock, guard, audit, taper_holds, calculators, reference)
    # The dose journal (issue 4) as reports, the timeline and the cohort export read it.
    doses = DosingHistory(clock)
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
            doses=doses,
            tapers=tapers,
        ),
    )
    # The FHIR record and import (issue 18): RxNorm codes for the substances' names.
    rxnorm = precautions_reference.rxnorm
    clinical_record = ClinicalRecordService(
        uow, clock, guard, audit, reports, precautions_reference, rxnorm
    )
    wellbeing = WellbeingService(uow, clock, guard, audit)
    medication_import = MedicationImportService(uow, clock, guard, audit, precautions, rxnorm)
    return Services(
        settings=settings,
        clock=clock,
        reference=reference,
        audit=audit,
        guard=guard,
        accounts=accounts,
        auth=auth,
        consent=ConsentService(uow, clock, audit),
        alerts=alerts,
        precautions=precautions,
        red_flags=red_flags,
        withdrawal=withdrawal,
        missed_checkins=MissedCheckInSweep(uow, clock, guard, alerts, withdrawal.rules),
        checkins=checkins,
        record_checkin=RecordCheckIn(uow, checkins, taper_holds),
        certificates=certificates,
        products=products,
        pigmentation=pigmentation,
        reports=reports,
        dashboard=DashboardService(uow, clock, audit, alerts, withdrawal),
        cohort=CohortService(
            uow, clock, instruments, FileResearchKey(settings.data_dir), doses, withdrawal
        ),
        doses=dose_journal,
        tapers=tapers,
        taper_holds=taper_holds,
        dependence=DependenceService(uow, clock, guard, audit, reference),
        certificate_review=CertificateReviewService(
            uow, clock, audit, certificates, PdfiumPageImages()
        ),
        wellbeing=wellbeing,
        reminder_feeds=ReminderFeedService(uow, clock, audit, tapers),
        data_export=DataExportService(uow, clock, guard, audit, checkins, dose_journal, wellbeing),
        security_log=security_log,
        password_reset=PasswordResetService(
            uow, hasher, clock, audit, accounts, auth.throttle, security_log
        ),
        clinical_record=clinical_record,
        medication_import=medication_import,
        person_time=PersonTimeService(clock, guard),
        _close=engine.dispose,
    )


def build_backup(settings: Settings, *, clock: Clock | None = None) -> BackupService:
    """Backup and restore work on the raw database (a restore target must stay empty), so
    they are wired without `bootstrap`, which would create the schema."""
    store = ArchiveBackupStore(settings.database_url, settings.data_dir, settings.photo_dir)
    return BackupService(store, clock or SystemClock())


def migrate_database(settings: Settings) -> MigrationState:
    """Create the database or bring it up to date (`speciosa db upgrade`, `users create`)."""
    return migrate.on_database(settings.database_url, migrate.upgrade_to_heads)


def database_status(settings: Settings) -> MigrationState:
    """Where the database stands against this version's migrations (`speciosa db status`)."""
    return migrate.on_database(settings.database_url, migrate.state)


def prepare_database(settings: Settings) -> MigrationState:
    """Create an empty database; refuse (DatabaseBehind) one behind its migrations."""
    return migrate.on_database(settings.database_url, migrate.prepare)

"""Ports: the Protocols through which services reach storage, the clock and other adapters.

Adapters implement them (`speciosa.adapters`); tests use hand-written fakes (`tests/fakes.py`).
A feature adds its repository Protocol here and an attribute on `UnitOfWork`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

from speciosa.domain.access import Consent
from speciosa.domain.accounts import Role, User
from speciosa.domain.alerts import Alert
from speciosa.domain.audit import AuditEvent
from speciosa.domain.backup import Manifest, TableCount
from speciosa.domain.dashboard import CaseloadEntry, CaseloadPage, OpenAlert
from speciosa.domain.dosing.dependence import DependenceScreen
from speciosa.domain.dosing.doses import Dose
from speciosa.domain.dosing.holds import TaperHold
from speciosa.domain.dosing.plans import TaperPlan
from speciosa.domain.labs.certificate import Certificate, StoredCertificate
from speciosa.domain.notes import ClinicianNote
from speciosa.domain.persons import PersonProfile
from speciosa.domain.pigmentation.measurement import SkinMeasurement
from speciosa.domain.pigmentation.records import SkinPhotoRecord
from speciosa.domain.pigmentation.regions import Box
from speciosa.domain.precautions.records import Medication, RecordedCondition, RedFlagReport
from speciosa.domain.products import Batch, Product, ProductForm, Purchase, Vendor
from speciosa.domain.reference import ReferenceTable
from speciosa.domain.sessions import AuthSession
from speciosa.domain.withdrawal.checkins import CheckIn, ScoredCheckIn
from speciosa.domain.withdrawal.profile import WithdrawalProfile


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class BackupStore(Protocol):
    """Backup archives of the whole clinic: database (in its own format), photos, manifest."""

    @property
    def backend(self) -> str: ...

    def write(self, out: Path, created_at: datetime) -> Manifest:
        """A consistent archive of the live database and the photos, written atomically."""
        ...

    def read_manifest(self, archive: Path) -> Manifest: ...

    def target_problems(self) -> list[str]:
        """Why the configured database / photo folder is not an empty restore target."""
        ...

    def restore(self, archive: Path, manifest: Manifest) -> None:
        """Verify every file against the manifest, then put database and photos in place."""
        ...

    def current_tables(self) -> dict[str, TableCount]: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


class CertificateReader(Protocol):
    """Reads a lab certificate file (JSON, CSV or text PDF); InvalidInput when it cannot."""

    def read(self, filename: str, content: bytes) -> Certificate: ...


class MeasuredSkinPhoto(Protocol):
    """What the skin-photo pipeline returns: the measurement and the photo, cleaned."""

    @property
    def measurement(self) -> SkinMeasurement: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...

    def clean_jpeg(self) -> bytes:
        """The upright photo re-encoded without any metadata (EXIF, GPS, XMP, ICC)."""
        ...


class SkinPhotoAnalyser(Protocol):
    """Decodes a photo, finds the colour chart and measures the boxes (issue 7)."""

    def measure(
        self,
        photo: bytes,
        roi: Box,
        reference_roi: Box | None = None,
        *,
        calibrated: bool = True,
        roi_field: str = "roi",
        reference_field: str = "reference_roi",
    ) -> MeasuredSkinPhoto: ...


class PhotoStore(Protocol):
    """Photos outside the database, addressed by the SHA-256 of their bytes."""

    def put(self, data: bytes) -> str:
        """Store the bytes (once); returns their hex SHA-256."""
        ...

    def get(self, sha256: str) -> bytes:
        """The bytes; NotFound when no such photo is stored."""
        ...


class SkinDemoPhoto(Protocol):
    @property
    def jpeg(self) -> bytes: ...
    @property
    def roi(self) -> Box: ...
    @property
    def reference_roi(self) -> Box: ...


class SkinDemoPhotoRenderer(Protocol):
    """Makes synthetic chart photos for the demo clinic (no photos ship with Speciosa)."""

    def render(
        self,
        affected_lab: tuple[float, float, float],
        reference_lab: tuple[float, float, float],
        seed: int,
    ) -> SkinDemoPhoto: ...


class ReferenceSource(Protocol):
    """Where reference tables come from (YAML files shipped in the package)."""

    def load_tables(self) -> Sequence[ReferenceTable]: ...


# ------------------------------------------------------------------ repositories


class UserRepository(Protocol):
    def add(self, user: User, password_hash: str) -> None: ...

    def get(self, user_id: str) -> User | None: ...

    def get_with_hash(self, email: str) -> tuple[User, str] | None: ...

    def list(self, role: Role | None = None) -> list[User]: ...

    def count(self) -> int: ...

    def set_password_hash(self, user_id: str, password_hash: str) -> None: ...

    def set_disabled(self, user_id: str, disabled: bool) -> None: ...


class PersonRepository(Protocol):
    def add(self, profile: PersonProfile) -> None: ...

    def get(self, person_id: str) -> PersonProfile | None: ...

    def save(self, profile: PersonProfile) -> None: ...


class ConsentRepository(Protocol):
    def get(self, person_id: str, clinician_id: str) -> Consent | None: ...

    def save(self, consent: Consent) -> None: ...

    def for_person(self, person_id: str) -> list[Consent]: ...

    def person_ids_for_clinician(self, clinician_id: str) -> list[str]: ...


class SessionRepository(Protocol):
    def add(self, session: AuthSession) -> None: ...

    def get(self, token_hash: str) -> AuthSession | None: ...

    def get_with_user(self, token_hash: str) -> tuple[AuthSession, User] | None:
        """The session and its account in one read (every authenticated request does this)."""
        ...

    def delete(self, token_hash: str) -> None: ...

    def delete_expired(self, now: datetime) -> int: ...


class LoginAttemptRepository(Protocol):
    def add(self, email: str, address: str, at: datetime, succeeded: bool) -> None: ...

    def failures_for_email(self, email: str, since: datetime) -> list[datetime]: ...

    def failures_for_address(self, address: str, since: datetime) -> list[datetime]: ...


class AuditRepository(Protocol):
    def add(self, event: AuditEvent) -> None: ...

    def for_person(
        self, person_id: str, limit: int, before_id: int | None = None
    ) -> list[AuditEvent]: ...

    def count(self) -> int: ...


class AlertRepository(Protocol):
    def add(self, alert: Alert) -> bool:
        """Store the alert; False (and nothing stored) when its dedupe_key exists already."""
        ...

    def get(self, alert_id: str) -> Alert | None: ...

    def for_person(self, person_id: str, open_only: bool = False) -> list[Alert]: ...

    def open_for_persons(self, person_ids: Sequence[str]) -> list[Alert]: ...

    def save(self, alert: Alert) -> None: ...


class SkinMeasurementRepository(Protocol):
    """Skin-photo measurements; the client-generated id is the primary key."""

    def add(self, record: SkinPhotoRecord) -> bool:
        """Store it; False (nothing stored) when a measurement with this id exists already."""
        ...

    def get(self, measurement_id: str) -> SkinPhotoRecord | None: ...

    def for_person(self, person_id: str) -> list[SkinPhotoRecord]:
        """Oldest first."""
        ...

    def latest_for_person(self, person_id: str) -> SkinPhotoRecord | None: ...


class CheckInRepository(Protocol):
    """Withdrawal check-ins; the client-generated id is the primary key."""

    def add(self, checkin: CheckIn) -> bool:
        """Store it; False (nothing stored) when a check-in with this id exists already."""
        ...

    def get(self, checkin_id: str) -> CheckIn | None: ...

    def page(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[CheckIn]:
        """Newest first by (taken_at, id); `after` is the last (taken_at, id) already seen."""
        ...

    def scored_between(
        self, person_id: str, start: datetime, end: datetime, instrument: str | None = None
    ) -> list[ScoredCheckIn]:
        """Scored check-ins with start <= taken_at < end, oldest first."""
        ...

    def latest_taken_at(self, person_ids: Sequence[str]) -> dict[str, datetime]:
        """Each person's most recent check-in time (persons without one are absent)."""
        ...


class WithdrawalProfileRepository(Protocol):
    def get(self, person_id: str) -> WithdrawalProfile | None: ...

    def save(self, profile: WithdrawalProfile) -> None: ...


class PrecautionsRepository(Protocol):
    """A person's medication list, recorded conditions and red-flag reports."""

    def add_medication(self, medication: Medication) -> bool:
        """Store it; False (nothing stored) when its id exists already."""
        ...

    def get_medication(self, medication_id: str) -> Medication | None: ...

    def medications(self, person_id: str, include_removed: bool = False) -> list[Medication]: ...

    def remove_medication(self, medication_id: str, at: datetime) -> None: ...

    def conditions(self, person_id: str) -> list[RecordedCondition]: ...

    def replace_conditions(
        self, person_id: str, conditions: Sequence[RecordedCondition]
    ) -> None: ...

    def add_red_flag_report(self, report: RedFlagReport) -> bool:
        """Store it; False (nothing stored) when its id exists already."""
        ...

    def get_red_flag_report(self, report_id: str) -> RedFlagReport | None: ...

    def red_flag_reports(self, person_id: str, limit: int = 50) -> list[RedFlagReport]: ...


class CatalogueRepository(Protocol):
    """Vendors, products and batches. `add_*` returns False (nothing stored) when the same
    normalised name (or lot) exists already — the caller then re-reads it with `find_*`."""

    def add_vendor(self, vendor: Vendor) -> bool: ...

    def vendor(self, vendor_id: str) -> Vendor | None: ...

    def find_vendor(self, name: str) -> Vendor | None: ...

    def vendors(self) -> list[Vendor]: ...

    def add_product(self, product: Product) -> bool: ...

    def product(self, product_id: str) -> Product | None: ...

    def find_product(self, vendor_id: str, name: str, form: ProductForm) -> Product | None: ...

    def products(self, vendor_id: str | None = None) -> list[Product]: ...

    def add_batch(self, batch: Batch) -> bool: ...

    def batch(self, batch_id: str) -> Batch | None: ...

    def find_batch(self, product_id: str, lot: str) -> Batch | None: ...

    def batches(self, product_ids: Sequence[str] | None = None) -> list[Batch]: ...


class CertificateRepository(Protocol):
    def add(self, stored: StoredCertificate) -> bool:
        """Store it; False (nothing stored) when its id exists already."""
        ...

    def get(self, certificate_id: str) -> StoredCertificate | None: ...

    def for_batches(self, batch_ids: Sequence[str]) -> list[StoredCertificate]: ...

    def recent(self, limit: int) -> list[StoredCertificate]: ...

    def all_with_batch(self) -> list[StoredCertificate]: ...


class PurchaseRepository(Protocol):
    def add(self, purchase: Purchase) -> bool:
        """Store it; False (nothing stored) when its id exists already."""
        ...

    def get(self, purchase_id: str) -> Purchase | None: ...

    def for_person(self, person_id: str) -> list[Purchase]: ...

    def current_for_batch(self, batch_id: str) -> list[Purchase]: ...

    def save(self, purchase: Purchase) -> None: ...


class DashboardRepository(Protocol):
    """The clinician dashboard's reads: a fixed number of queries for any caseload size."""

    def silent_persons(self, clinician_id: str, cutoff: datetime) -> list[CaseloadEntry]:
        """Persons in follow-up, not disabled, silent since `cutoff` or earlier, whose silence
        no missed-check-in alert has flagged yet."""
        ...

    def triage_page(self, clinician_id: str, offset: int, limit: int) -> CaseloadPage:
        """The caseload in triage order (`domain.dashboard.triage_caseload`'s key), only the
        rows offset..offset+limit, with the caseload's counts."""
        ...

    def open_alerts_of(self, person_ids: Sequence[str]) -> list[OpenAlert]:
        """The unacknowledged alerts of the given persons."""
        ...

    def scored_for_persons(
        self, person_ids: Sequence[str], start: datetime, end: datetime
    ) -> list[ScoredCheckIn]:
        """Scored check-ins of several persons with start <= taken_at < end."""
        ...

    def add_audit_events(self, events: Sequence[AuditEvent]) -> None:
        """Several audit rows at once (one statement), inside the caller's transaction."""
        ...


class ReportRepository(Protocol):
    """Reads the report model needs beyond the features' own repositories; clinician notes."""

    def checkins_between(self, person_id: str, start: datetime, end: datetime) -> list[CheckIn]:
        """Full check-ins (answers included), oldest first."""
        ...

    def research_person_ids(self) -> list[str]: ...

    def add_note(self, note: ClinicianNote) -> bool:
        """Store it; False (nothing stored) when a note with this id exists already."""
        ...

    def get_note(self, note_id: str) -> ClinicianNote | None: ...

    def notes_for(
        self, person_id: str, start: datetime | None = None, end: datetime | None = None
    ) -> list[ClinicianNote]:
        """Newest first."""
        ...


class PseudonymKeySource(Protocol):
    """The secret behind research exports' pseudonymous person keys (never exported)."""

    def secret(self) -> bytes: ...


class DoseRepository(Protocol):
    """The dose journal; the client-generated id is the primary key."""

    def add(self, dose: Dose) -> bool:
        """Store it; False (nothing stored) when a dose with this id exists already."""
        ...

    def get(self, dose_id: str) -> Dose | None: ...

    def page(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[Dose]:
        """Newest first by (taken_at, id); `after` is the last (taken_at, id) already seen."""
        ...

    def between(self, person_id: str, start: datetime, end: datetime) -> list[Dose]:
        """Doses with start <= taken_at < end, oldest first."""
        ...

    def kratom_grams_between(
        self, person_id: str, start: datetime, end: datetime
    ) -> list[tuple[datetime, Decimal]]:
        """(taken_at, grams) of each kratom dose with start <= taken_at < end, oldest first."""
        ...

    def latest_kratom(self, person_id: str) -> Dose | None: ...


class TaperPlanRepository(Protocol):
    """Taper plans and the holds placed on their steps."""

    def add(self, plan: TaperPlan) -> None: ...

    def get(self, plan_id: str) -> TaperPlan | None: ...

    def save(self, plan: TaperPlan) -> bool:
        """Store the plan's new state; False (nothing changed) when approving it would make a
        second active plan for the same person and substance."""
        ...

    def for_person(self, person_id: str) -> list[TaperPlan]:
        """Newest first."""
        ...

    def active_for_persons(self, person_ids: Sequence[str]) -> list[TaperPlan]: ...

    def add_hold(self, hold: TaperHold) -> bool:
        """Store it; False when this plan's step already has a hold from that date."""
        ...

    def holds(self, plan_id: str) -> list[TaperHold]: ...


class DependenceScreenRepository(Protocol):
    def add(self, screen: DependenceScreen) -> bool:
        """Store it; False (nothing stored) when its id exists already."""
        ...

    def get(self, screen_id: str) -> DependenceScreen | None: ...

    def for_person(self, person_id: str, limit: int = 20) -> list[DependenceScreen]:
        """Newest first."""
        ...


# ------------------------------------------------------------------ unit of work


class UnitOfWork(Protocol):
    """One transaction. Leaving the block without `commit()` rolls everything back."""

    # Read-only properties, so that an adapter's concrete repository types satisfy them.
    @property
    def users(self) -> UserRepository: ...
    @property
    def persons(self) -> PersonRepository: ...
    @property
    def consents(self) -> ConsentRepository: ...
    @property
    def sessions(self) -> SessionRepository: ...
    @property
    def login_attempts(self) -> LoginAttemptRepository: ...
    @property
    def audit(self) -> AuditRepository: ...
    @property
    def alerts(self) -> AlertRepository: ...
    @property
    def skin_measurements(self) -> SkinMeasurementRepository: ...
    @property
    def catalogue(self) -> CatalogueRepository: ...
    @property
    def certificates(self) -> CertificateRepository: ...
    @property
    def purchases(self) -> PurchaseRepository: ...
    @property
    def precautions(self) -> PrecautionsRepository: ...
    @property
    def checkins(self) -> CheckInRepository: ...
    @property
    def withdrawal_profiles(self) -> WithdrawalProfileRepository: ...
    @property
    def doses(self) -> DoseRepository: ...
    @property
    def taper_plans(self) -> TaperPlanRepository: ...
    @property
    def dependence_screens(self) -> DependenceScreenRepository: ...
    @property
    def dashboard(self) -> DashboardRepository: ...
    @property
    def reports(self) -> ReportRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> UnitOfWork: ...

"""Repository ports for the clinical record: check-ins, dosing, tapers, precautions, skin
photos, the product catalogue, certificates, purchases, the dashboard and reports.

Adapters implement them (`speciosa.adapters.db.repositories`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from speciosa.domain.audit import AuditEvent
from speciosa.domain.corrections import RecordStatus
from speciosa.domain.dashboard import (
    CaseloadEntry,
    CaseloadFilter,
    CaseloadPage,
    NotedCheckIn,
    OpenAlert,
)
from speciosa.domain.dosing.dependence import DependenceScreen
from speciosa.domain.dosing.doses import Dose
from speciosa.domain.dosing.holds import TaperHold
from speciosa.domain.dosing.plans import TaperPlan
from speciosa.domain.labs.certificate import StoredCertificate
from speciosa.domain.labs.review import RowReview
from speciosa.domain.notes import ClinicianNote
from speciosa.domain.pigmentation.records import SkinPhotoRecord
from speciosa.domain.precautions.records import Medication, RecordedCondition, RedFlagReport
from speciosa.domain.products import Batch, Product, ProductForm, Purchase, Vendor
from speciosa.domain.withdrawal.checkins import CheckIn, ScoredCheckIn
from speciosa.domain.withdrawal.profile import WithdrawalProfile


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

    def mark(
        self, checkin_id: str, status: RecordStatus, superseded_by: str | None, reason: str
    ) -> bool:
        """Retire a current check-in (corrected / entered in error); False if not current."""
        ...

    def page(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[CheckIn]:
        """Newest first by (taken_at, id), every status (the history);
        `after` is the last (taken_at, id) already seen."""
        ...

    def scored_between(
        self, person_id: str, start: datetime, end: datetime, instrument: str | None = None
    ) -> list[ScoredCheckIn]:
        """Current scored check-ins with start <= taken_at < end, oldest first."""
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

    def visible(
        self,
        uploaders: Sequence[str],
        limit: int,
        *,
        batch_id: str | None = None,
        unattributed: bool = False,
    ) -> list[StoredCertificate]:
        """Newest first: batch-wide ones and those `uploaders` (`unattributed`: the CLI) sent."""
        ...

    def add_file(self, certificate_id: str, content: bytes) -> None:
        """Keep the uploaded PDF, to show each value beside the page region it came from."""
        ...

    def file(self, certificate_id: str) -> bytes | None: ...

    def add_review(self, review: RowReview) -> None: ...

    def reviews(self, certificate_id: str) -> list[RowReview]: ...  # oldest first

    def verify(self, certificate_id: str, by: str | None, at: datetime) -> None:
        """Mark the certificate as speaking for its batch (a clinician verified it)."""
        ...


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

    def silences(self, clinician_id: str, cutoff: datetime) -> list[tuple[CaseloadEntry, bool]]:
        """Every such silent person, with whether an alert has flagged the silence yet."""
        ...

    def triage_page(
        self,
        clinician_id: str,
        offset: int,
        limit: int,
        wanted: CaseloadFilter | None = None,
        silent: Sequence[str] = (),
    ) -> CaseloadPage:
        """The caseload in triage order (`domain.dashboard.triage_caseload`'s key, the persons
        in `silent` ranking as a missed check-in), narrowed by `wanted`, only the rows
        offset..offset+limit, with the counts of what matched."""
        ...

    def open_alerts_of(self, person_ids: Sequence[str]) -> list[OpenAlert]:
        """The unacknowledged alerts of the given persons."""
        ...

    def scored_for_persons(
        self, person_ids: Sequence[str], start: datetime, end: datetime
    ) -> list[NotedCheckIn]:
        """Scored check-ins of several persons with start <= taken_at < end, with their notes'
        first characters."""
        ...

    def add_audit_events(self, events: Sequence[AuditEvent]) -> None:
        """Several audit rows at once (one statement), inside the caller's transaction."""
        ...


class ReportRepository(Protocol):
    """Reads the report model needs beyond the features' own repositories; clinician notes."""

    def checkins_between(self, person_id: str, start: datetime, end: datetime) -> list[CheckIn]:
        """Full check-ins (answers included), oldest first."""
        ...

    def checkins_in_error_between(
        self, person_id: str, start: datetime, end: datetime
    ) -> list[CheckIn]:
        """Check-ins marked entered in error with start <= taken_at < end (for exports)."""
        ...

    def first_record_at(self, person_id: str) -> datetime | None:
        """When the person's earliest check-in, dose, skin photo or clinician note was taken."""
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


class DoseRepository(Protocol):
    """The dose journal; the client-generated id is the primary key."""

    def add(self, dose: Dose) -> bool:
        """Store it; False (nothing stored) when a dose with this id exists already."""
        ...

    def get(self, dose_id: str) -> Dose | None: ...

    def mark(
        self, dose_id: str, status: RecordStatus, superseded_by: str | None, reason: str
    ) -> bool:
        """Retire a current dose (corrected / entered in error); False if not current."""
        ...

    def page(
        self, person_id: str, limit: int, after: tuple[datetime, str] | None = None
    ) -> list[Dose]:
        """Newest first by (taken_at, id), every status (the history);
        `after` is the last (taken_at, id) already seen."""
        ...

    def between(self, person_id: str, start: datetime, end: datetime) -> list[Dose]:
        """Current doses (not corrected or in error) with start <= taken_at < end, oldest
        first."""
        ...

    def in_error_between(self, person_id: str, start: datetime, end: datetime) -> list[Dose]:
        """Doses marked entered in error with start <= taken_at < end (for exports)."""
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

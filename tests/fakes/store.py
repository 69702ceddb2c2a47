"""The in-memory tables every fake repository reads and writes: one `Store` per clinic.

`FakeUnitOfWork` works on a copy and puts it back on commit, so a fake transaction that is
not committed leaves nothing behind, as a database transaction would."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from datetime import datetime

from speciosa.domain.dosing.dependence import DependenceScreen
from speciosa.domain.dosing.doses import Dose
from speciosa.domain.dosing.holds import TaperHold
from speciosa.domain.dosing.plans import TaperPlan
from speciosa.domain.foundation.access import Consent
from speciosa.domain.foundation.accounts import User
from speciosa.domain.foundation.alerts import Alert
from speciosa.domain.foundation.audit import AuditEvent
from speciosa.domain.foundation.persons import PersonProfile
from speciosa.domain.foundation.security_log import SecurityEvent
from speciosa.domain.foundation.sessions import AuthSession
from speciosa.domain.pigmentation.records import SkinPhotoRecord
from speciosa.domain.precautions.records import Medication, RecordedCondition, RedFlagReport
from speciosa.domain.reports.notes import ClinicianNote
from speciosa.domain.reports.reminders import CalendarFeed
from speciosa.domain.sources.certificate import StoredCertificate
from speciosa.domain.sources.products import Batch, Product, Purchase, Vendor
from speciosa.domain.sources.review import RowReview
from speciosa.domain.withdrawal.checkins import CheckIn
from speciosa.domain.withdrawal.profile import WithdrawalProfile
from speciosa.domain.withdrawal.wellbeing import Wellbeing


@dataclass
class Store:
    """One list or dict per table, keyed by primary key; insertion order is kept."""

    # foundation
    users: dict[str, tuple[User, str]] = field(default_factory=dict)
    persons: dict[str, PersonProfile] = field(default_factory=dict)
    consents: dict[tuple[str, str], Consent] = field(default_factory=dict)
    sessions: dict[str, AuthSession] = field(default_factory=dict)
    attempts: list[tuple[str, str, datetime, bool, str]] = field(default_factory=list)
    reset_codes: dict[str, tuple[str, datetime]] = field(default_factory=dict)
    security: list[SecurityEvent] = field(default_factory=list)
    audit: list[AuditEvent] = field(default_factory=list)
    alerts: dict[str, Alert] = field(default_factory=dict)
    # withdrawal
    checkins: dict[str, CheckIn] = field(default_factory=dict)
    withdrawal_profiles: dict[str, WithdrawalProfile] = field(default_factory=dict)
    wellbeing: dict[str, Wellbeing] = field(default_factory=dict)
    # dosing
    doses: dict[str, Dose] = field(default_factory=dict)
    taper_plans: dict[str, TaperPlan] = field(default_factory=dict)
    taper_holds: dict[str, TaperHold] = field(default_factory=dict)
    dependence_screens: dict[str, DependenceScreen] = field(default_factory=dict)
    # sources
    vendors: dict[str, Vendor] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    batches: dict[str, Batch] = field(default_factory=dict)
    certificates: dict[str, StoredCertificate] = field(default_factory=dict)
    certificate_files: dict[str, bytes] = field(default_factory=dict)
    certificate_reviews: list[RowReview] = field(default_factory=list)
    purchases: dict[str, Purchase] = field(default_factory=dict)
    # pigmentation
    skin_measurements: dict[str, SkinPhotoRecord] = field(default_factory=dict)
    # precautions
    medications: dict[str, Medication] = field(default_factory=dict)
    conditions: dict[tuple[str, str], RecordedCondition] = field(default_factory=dict)
    red_flag_reports: dict[str, RedFlagReport] = field(default_factory=dict)
    # reports and the person's extras
    notes: dict[str, ClinicianNote] = field(default_factory=dict)
    calendar_feeds: dict[str, CalendarFeed] = field(default_factory=dict)

    def working_copy(self) -> Store:
        """New tables holding the same records: every record is a frozen dataclass, so a change
        is a new record put in the copy's table and the committed tables stay as they were."""
        return Store(**{f.name: copy.copy(getattr(self, f.name)) for f in fields(self)})

"""The unit-of-work port: one transaction, with every repository port as an attribute."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from speciosa.services.ports.dosing_repositories import (
    DependenceScreenRepository,
    DoseRepository,
    TaperPlanRepository,
)
from speciosa.services.ports.foundation_repositories import (
    AlertRepository,
    AuditRepository,
    ConsentRepository,
    LoginAttemptRepository,
    PersonRepository,
    SecurityLogRepository,
    SessionRepository,
    UserRepository,
)
from speciosa.services.ports.person_experience import (
    CalendarFeedRepository,
    WellbeingRepository,
)
from speciosa.services.ports.pigmentation_repositories import SkinMeasurementRepository
from speciosa.services.ports.precautions_repositories import PrecautionsRepository
from speciosa.services.ports.reports_repositories import DashboardRepository, ReportRepository
from speciosa.services.ports.sources_repositories import (
    CatalogueRepository,
    CertificateRepository,
    PurchaseRepository,
)
from speciosa.services.ports.withdrawal_repositories import (
    CheckInRepository,
    WithdrawalProfileRepository,
)


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
    def security_log(self) -> SecurityLogRepository: ...
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
    @property
    def wellbeing(self) -> WellbeingRepository: ...
    @property
    def calendar_feeds(self) -> CalendarFeedRepository: ...

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

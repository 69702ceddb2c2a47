"""The fake unit of work: every fake repository on one `Store`, with transaction semantics.

A unit of work works on a copy of the committed store's tables; `commit()` puts the copy back, and
leaving the block without it discards the work, as rolling back a database transaction does."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.fakes.dosing import FakeDependenceScreens, FakeDoses, FakeTaperPlans
from tests.fakes.foundation import (
    FakeAlerts,
    FakeAttempts,
    FakeAudit,
    FakeConsents,
    FakePersons,
    FakeSecurityLog,
    FakeSessions,
    FakeUsers,
)
from tests.fakes.person_experience import FakeCalendarFeeds, FakeWellbeing
from tests.fakes.pigmentation import FakeSkinMeasurements
from tests.fakes.precautions import FakePrecautions
from tests.fakes.reports import FakeDashboard, FakeReports
from tests.fakes.sources import FakeCatalogue, FakeCertificates, FakePurchases
from tests.fakes.store import Store
from tests.fakes.withdrawal import FakeCheckIns, FakeWithdrawalProfiles


class FakeUnitOfWork:
    def __init__(self, committed: Store) -> None:
        self._committed = committed
        self._begin()

    def _begin(self) -> None:
        work = self._work = self._committed.working_copy()
        self.users = FakeUsers(work)
        self.persons = FakePersons(work)
        self.consents = FakeConsents(work)
        self.sessions = FakeSessions(work)
        self.login_attempts = FakeAttempts(work)
        self.audit = FakeAudit(work)
        self.security_log = FakeSecurityLog(work)
        self.alerts = FakeAlerts(work)
        self.checkins = FakeCheckIns(work)
        self.withdrawal_profiles = FakeWithdrawalProfiles(work)
        self.doses = FakeDoses(work)
        self.taper_plans = FakeTaperPlans(work)
        self.dependence_screens = FakeDependenceScreens(work)
        self.catalogue = FakeCatalogue(work)
        self.certificates = FakeCertificates(work)
        self.purchases = FakePurchases(work)
        self.skin_measurements = FakeSkinMeasurements(work)
        self.precautions = FakePrecautions(work)
        self.dashboard = FakeDashboard(work)
        self.reports = FakeReports(work)
        self.wellbeing = FakeWellbeing(work)
        self.calendar_feeds = FakeCalendarFeeds(work)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._begin()

    def commit(self) -> None:
        for name in vars(self._work):
            setattr(self._committed, name, getattr(self._work, name))
        self._begin()

    def rollback(self) -> None:
        self._begin()


class FakeUnitOfWorkFactory:
    """Opens fake units of work on one shared store (`store`: what has been committed)."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store or Store()
        self.opened = 0

    def __call__(self, *, read_only: bool = False) -> FakeUnitOfWork:
        self.opened += 1
        return FakeUnitOfWork(self.store)


# mypy checks each fake against its port here: a port change the fake does not follow fails lint.
_unit_of_work: UnitOfWork = FakeUnitOfWork(Store())
_unit_of_work_factory: UnitOfWorkFactory = FakeUnitOfWorkFactory()

"""The SQLAlchemy unit of work: one Session, one transaction, repositories bound to it."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from speciosa.adapters.db.engine import read_only_engine
from speciosa.adapters.db.repositories.accounts import SqlPersonRepository, SqlUserRepository
from speciosa.adapters.db.repositories.alerts import SqlAlertRepository
from speciosa.adapters.db.repositories.audit import SqlAuditRepository
from speciosa.adapters.db.repositories.checkins import (
    SqlCheckInRepository,
    SqlWithdrawalProfileRepository,
)
from speciosa.adapters.db.repositories.consent import SqlConsentRepository
from speciosa.adapters.db.repositories.dashboard import SqlDashboardRepository
from speciosa.adapters.db.repositories.dosing import (
    SqlDependenceScreenRepository,
    SqlDoseRepository,
)
from speciosa.adapters.db.repositories.person_experience import (
    SqlCalendarFeedRepository,
    SqlWellbeingRepository,
)
from speciosa.adapters.db.repositories.pigmentation import SqlSkinMeasurementRepository
from speciosa.adapters.db.repositories.precautions import SqlPrecautionsRepository
from speciosa.adapters.db.repositories.reports import SqlReportRepository
from speciosa.adapters.db.repositories.security_log import SqlSecurityLogRepository
from speciosa.adapters.db.repositories.sessions import (
    SqlLoginAttemptRepository,
    SqlSessionRepository,
)
from speciosa.adapters.db.repositories.sources import (
    SqlCatalogueRepository,
    SqlCertificateRepository,
    SqlPurchaseRepository,
)
from speciosa.adapters.db.repositories.tapers import SqlTaperPlanRepository


class SqlUnitOfWork:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.users = SqlUserRepository(session)
        self.persons = SqlPersonRepository(session)
        self.consents = SqlConsentRepository(session)
        self.sessions = SqlSessionRepository(session)
        self.login_attempts = SqlLoginAttemptRepository(session)
        self.audit = SqlAuditRepository(session)
        self.security_log = SqlSecurityLogRepository(session)
        self.alerts = SqlAlertRepository(session)
        self.skin_measurements = SqlSkinMeasurementRepository(session)
        self.catalogue = SqlCatalogueRepository(session)
        self.certificates = SqlCertificateRepository(session)
        self.purchases = SqlPurchaseRepository(session)
        self.precautions = SqlPrecautionsRepository(session)
        self.checkins = SqlCheckInRepository(session)
        self.withdrawal_profiles = SqlWithdrawalProfileRepository(session)
        self.doses = SqlDoseRepository(session)
        self.taper_plans = SqlTaperPlanRepository(session)
        self.dependence_screens = SqlDependenceScreenRepository(session)
        self.dashboard = SqlDashboardRepository(session)
        self.reports = SqlReportRepository(session)
        self.wellbeing = SqlWellbeingRepository(session)
        self.calendar_feeds = SqlCalendarFeedRepository(session)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Whatever was not committed is rolled back: an error never leaves half a record.
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


class SqlUnitOfWorkFactory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._write = sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)
        self._read = sessionmaker(
            bind=read_only_engine(engine), expire_on_commit=False, autoflush=False
        )

    def __call__(self, *, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork((self._read if read_only else self._write)())

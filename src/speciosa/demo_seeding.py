"""The demo clinic (`speciosa demo seed`), wired from the services `bootstrap` builds: each
feature's part of the simulated history, in the order they act on each simulated day."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from speciosa.adapters.clock import FixedClock, SystemClock
from speciosa.bootstrap import Services, bootstrap
from speciosa.services.demo.clinic import DemoClinic, DemoSeeder, DemoStep
from speciosa.services.demo.dosing import DosingDemo
from speciosa.services.demo.pigmentation import PigmentationDemo
from speciosa.services.demo.precautions import PrecautionsDemo
from speciosa.services.demo.reports import ReportsDemo
from speciosa.services.demo.sources import SourcesDemo
from speciosa.services.demo.withdrawal import WithdrawalDemo
from speciosa.settings import Settings


def demo_steps(services: Services) -> list[DemoStep]:
    """Each feature's part of the demo history, in the order they act on each simulated day."""
    # Imported here: the synthetic photos need OpenCV, which no other command pays for.
    from speciosa.adapters.imaging.demo_photos import SyntheticDemoPhotos

    return [
        WithdrawalDemo(
            services.checkins,
            services.withdrawal,
            services.missed_checkins,
            services.record_checkin,
        ),
        PrecautionsDemo(services.precautions, services.red_flags),
        SourcesDemo(services.products, services.certificates),
        # After withdrawal and sources: doses use the purchases, holds read the check-ins.
        DosingDemo(services.doses, services.tapers, services.taper_holds, services.products),
        PigmentationDemo(
            services.pigmentation,
            SyntheticDemoPhotos(services.pigmentation.reference.chart),
        ),
        ReportsDemo(services.reports, services.alerts),
    ]


def seed_demo(
    settings: Settings, *, persons: int, days: int, seed: int, now: datetime | None = None
) -> DemoClinic:
    """Create the demo clinic (or describe it, if it exists): same seed, same clinic."""
    now = now or SystemClock().now()
    clock = FixedClock(now)
    # Demo passwords are public; cheap hashes keep seeding fast. Real accounts keep full cost.
    services = bootstrap(replace(settings, fast_password_hashing=True), clock=clock)
    try:
        seeder = DemoSeeder(services.accounts, services.consent, clock, demo_steps(services))
        return seeder.seed(persons=persons, days=days, seed=seed, now=now)
    finally:
        services.close()

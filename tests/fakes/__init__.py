"""In-memory fakes of every port in `speciosa.services.ports`, one module per feature (as the
ports are arranged), for service tests without a database.

Each module ends with typed module-level instances (`_name: SomePort = FakeSome(...)`): mypy
checks every fake against its Protocol, so a port change that a fake does not follow fails
`make lint`; `tests/unit/test_fakes_cover_ports.py` fails when a port has no fake at all."""

from __future__ import annotations

from tests.fakes.outside import FakeClock, LengthOnlyStrength, PlainHasher
from tests.fakes.store import Store
from tests.fakes.unit_of_work import FakeUnitOfWork, FakeUnitOfWorkFactory

__all__ = [
    "FakeClock",
    "FakeUnitOfWork",
    "FakeUnitOfWorkFactory",
    "LengthOnlyStrength",
    "PlainHasher",
    "Store",
]

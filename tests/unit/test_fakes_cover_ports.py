"""Every port has an in-memory fake that mypy checks against it.

A port is a Protocol class in a module of `speciosa.services.ports`; a fake is checked when a
module of `tests.fakes` declares a module-level value of the port's type, or a function
returning it (mypy then proves the fake satisfies the Protocol). A new port without a fake, or a
fake no longer declared against its port, fails here; a fake that drifts from its port fails
mypy (`make lint`)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType
from typing import Protocol, get_type_hints

import speciosa.services.ports
import tests.fakes


def modules_of(package: ModuleType) -> list[ModuleType]:
    return [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
    ]


def is_port(value: object) -> bool:
    return (
        inspect.isclass(value)
        and getattr(value, "_is_protocol", False)
        and value is not Protocol
        and value.__module__.startswith(speciosa.services.ports.__name__)
    )


def ports() -> set[type]:
    return {
        value
        for module in modules_of(speciosa.services.ports)
        for value in vars(module).values()
        if is_port(value)
    }


def checked_ports() -> dict[type, str]:
    """Each port a fake is declared against, with where."""
    found: dict[type, str] = {}
    for module in modules_of(tests.fakes):
        for name, hint in get_type_hints(module).items():
            found[hint] = f"{module.__name__}.{name}"
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__:
                returned = get_type_hints(function).get("return")
                if returned is not None:
                    found.setdefault(returned, f"{module.__name__}.{name}()")
    return found


def test_the_ports_are_found() -> None:
    names = {port.__name__ for port in ports()}
    assert {"CheckInRepository", "UnitOfWork", "UnitOfWorkFactory", "Clock"} <= names
    assert len(names) >= 30


def test_every_port_has_a_fake_checked_against_it() -> None:
    checked = checked_ports()
    missing = sorted(port.__name__ for port in ports() if port not in checked)
    assert missing == [], f"ports without a fake declared against them in tests/fakes: {missing}"


def test_each_declared_fake_has_every_member_of_its_port() -> None:
    """A cheap runtime echo of what mypy proves, for a run without `make lint`."""
    for module in modules_of(tests.fakes):
        for name, hint in get_type_hints(module).items():
            if not is_port(hint):
                continue
            fake = getattr(module, name)
            members = [m for m in dir(hint) if not m.startswith("_") or m in ("__call__",)]
            absent = [m for m in members if not hasattr(fake, m)]
            assert absent == [], f"{module.__name__}.{name} lacks {absent} of {hint.__name__}"

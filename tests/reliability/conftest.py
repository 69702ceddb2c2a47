"""Fixtures of the reliability suite, and the figures it prints at the end of every run.

The acceptance of issue #9 asks for figures in the test output (writes acknowledged, found, lost,
duplicates; schemathesis cases run, server errors). `make test` does not pass `-s`, so tests
record them with the `figures` fixture and they are printed in pytest's terminal summary.
"""

from __future__ import annotations

import pytest

_FIGURES: list[tuple[str, str]] = []


def record_figure(test: str, line: str) -> None:
    _FIGURES.append((test, line))


class Figures:
    def __init__(self, test: str) -> None:
        self.test = test

    def record(self, line: str) -> None:
        record_figure(self.test, line)


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Figures:
    return Figures(request.node.name)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _FIGURES:
        return
    terminalreporter.section("reliability figures (issue #9)")
    for test, line in _FIGURES:
        terminalreporter.write_line(f"{test}: {line}")

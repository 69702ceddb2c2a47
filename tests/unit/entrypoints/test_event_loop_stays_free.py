"""No `async def` in an entrypoint calls a service itself: services read and write the database
(and wait for SQLite's write lock, up to its busy timeout), and an async function runs on the
worker's event loop, so a direct call stalls every other request of that worker meanwhile. An
async route hands the work to the thread pool (`run_in_threadpool(services.x.y, ...)`, or a sync
helper given `services`); sync routes run there anyway.

The check reads the source: inside each `async def`, a call whose callee is reached through
`services` (`services.red_flags.report(...)`), or that is given `services` as an argument
(`_page(request, user, services)`), fails unless that call is the thread-pool hand-off itself.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import speciosa.entrypoints

ENTRYPOINTS = Path(speciosa.entrypoints.__file__).parent
HAND_OFFS = {"run_in_threadpool", "run_sync"}
# The app's lifespan closes the services at shutdown, when no request is served any more.
ALLOWED = {"lifespan, line"}


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _callee_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _own_calls(function: ast.AsyncFunctionDef) -> Iterator[ast.Call]:
    """The calls in the function's own body (a nested def runs wherever it is called from)."""
    todo: list[ast.AST] = list(function.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.Call):
            if _callee_name(node) in HAND_OFFS:
                continue  # its arguments are handed to the thread pool, not called here
            yield node
        todo.extend(ast.iter_child_nodes(node))


def blocking_calls(source: str) -> list[str]:
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.AsyncFunctionDef):
            continue
        for call in _own_calls(function):
            arguments = [*call.args, *(k.value for k in call.keywords)]
            through = _root_name(call.func) == "services"
            given = any(isinstance(a, ast.Name) and a.id == "services" for a in arguments)
            if (through or given) and f"{function.name}, line" not in ALLOWED:
                found.append(f"{function.name}, line {call.lineno}: {ast.unparse(call)[:80]}")
    return found


def test_no_async_entrypoint_calls_a_service_on_the_event_loop() -> None:
    problems = {
        str(path.relative_to(ENTRYPOINTS)): found
        for path in sorted(ENTRYPOINTS.rglob("*.py"))
        if (found := blocking_calls(path.read_text("utf-8")))
    }
    assert problems == {}


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("async def f(services):\n    services.red_flags.report(1)\n", True),
        ("async def f(request, services):\n    return _page(request, services)\n", True),
        ("async def f(services):\n    x = services.a.b().c()\n", True),
        ("async def f(services):\n    await run_in_threadpool(services.a.b, 1)\n", False),
        ("async def f(services):\n    await run_in_threadpool(_page, services)\n", False),
        ("def f(services):\n    services.red_flags.report(1)\n", False),
        ("async def f(request):\n    await request.form()\n", False),
    ],
)
def test_the_check_catches_a_direct_call_and_passes_a_hand_off(source: str, caught: bool) -> None:
    assert bool(blocking_calls(source)) is caught

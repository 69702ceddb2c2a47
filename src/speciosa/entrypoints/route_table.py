"""The app's route table, flattened: every path and method the app answers.

Used by the authorisation matrix test so that a new route cannot be missed.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts


@dataclass(frozen=True)
class RouteEntry:
    path: str
    method: str
    name: str
    api: bool


def route_table(app: FastAPI) -> list[RouteEntry]:
    entries = []
    for context in iter_route_contexts(app.routes):
        if not isinstance(context.original_route, APIRoute):
            continue
        for method in sorted(context.methods or ()):
            entries.append(
                RouteEntry(
                    str(context.path),
                    method,
                    str(context.name),
                    str(context.path).startswith("/api/"),
                )
            )
    return sorted(entries, key=lambda e: (e.path, e.method))

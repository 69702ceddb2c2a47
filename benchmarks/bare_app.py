"""The baseline of the check-in benchmark: the same framework doing only the JSON parse.

Served exactly as Speciosa is (uvicorn, same worker count, same options), it answers
`POST /checkins` by parsing the same body into a strict pydantic model and returning 201 with it:
what is left of Speciosa's time is authentication, scoring, the audit row, alert rules and the
durable commit.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

app = FastAPI()


class CheckInIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(max_length=64)
    instrument: str = Field(max_length=16)
    answers: dict[str, Any]
    taken_at: str | None = Field(default=None, max_length=64)
    person_id: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, max_length=2000)


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/checkins", status_code=201)
def record(body: CheckInIn) -> CheckInIn:
    return body

"""`create_app(settings)`: the ASGI application (web pages + JSON API), built on demand.

Errors are mapped here, in one place: a DomainError becomes a problem response (API) or a page
that says what went wrong (web); request validation errors name the offending field.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from speciosa import __version__
from speciosa.adapters.fhir.r4_models import FHIR_JSON
from speciosa.adapters.fhir.served import BASE as FHIR_PREFIX
from speciosa.adapters.fhir.served import operation_outcome
from speciosa.adapters.pdf.report import warm_up_pdf_renderer
from speciosa.bootstrap import Services, bootstrap
from speciosa.domain.foundation.errors import AccessRefused, DomainError
from speciosa.domain.foundation.field_labels import label_for
from speciosa.entrypoints.api import fhir_r4
from speciosa.entrypoints.api.openapi import install_truthful_openapi
from speciosa.entrypoints.api.router import build_api_router
from speciosa.entrypoints.crash_guard import UnhandledErrorMiddleware
from speciosa.entrypoints.errors import (
    PROBLEM_MEDIA_TYPE,
    headers_for,
    problem,
    problem_for,
    status_for,
)
from speciosa.entrypoints.input_guard import InputGuardMiddleware
from speciosa.entrypoints.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from speciosa.entrypoints.web.router import build_web_router
from speciosa.entrypoints.web.session import CsrfRejected, SignInRequired
from speciosa.entrypoints.web.templating import STATIC, build_templates, render
from speciosa.settings import Settings

log = logging.getLogger("speciosa")


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    services = services or bootstrap(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()

    app = FastAPI(
        title="Speciosa API",
        version=__version__,
        description="Withdrawal check-ins, dose journal, lab certificates, precautions and skin "
        "measurements, with a clinician in the loop. Every route but the token endpoint needs a "
        "bearer token.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the interactive docs load scripts from a CDN; the spec is enough
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.templates = build_templates()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(build_api_router())
    # The read-only FHIR R4 API (issue 18): same tokens, consent and audit as /api/v1.
    app.include_router(fhir_r4.public)
    app.include_router(fhir_r4.router)
    app.include_router(build_web_router())
    install_truthful_openapi(app)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    _install_error_map(app)
    # Innermost: strict input checks see bodies only after the size limit has been enforced.
    app.add_middleware(InputGuardMiddleware)
    app.add_middleware(
        BodyLimitMiddleware,
        body_limit=settings.max_body_bytes,
        upload_limit=settings.max_upload_bytes,
    )
    # Outside the body limit (whose own signal must reach it), inside the security headers.
    app.add_middleware(UnhandledErrorMiddleware, respond=answer_unexpected)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory` and `speciosa serve`. A serving process warms the PDF
    renderer in the background, so the first report download is as quick as the next."""
    app = create_app(Settings.from_env())
    warm_up_pdf_renderer()
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/fhir/"))


def _problem_response(
    status: int,
    body: dict[str, Any],
    headers: dict[str, str] | None = None,
    request: Request | None = None,
) -> JSONResponse:
    if request is not None and request.url.path.startswith(FHIR_PREFIX):
        # The FHIR API answers errors as FHIR does: an OperationOutcome, same words.
        outcome = operation_outcome(status, str(body.get("detail", "")), body.get("field"))
        return JSONResponse(outcome, status_code=status, media_type=FHIR_JSON, headers=headers)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _error_page(request: Request, status: int, title: str, detail: str) -> Response:
    return render(request, "error.html", {"title": title, "detail": detail}, status_code=status)


def _field_of(error: dict[str, Any]) -> str:
    location = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "form")]
    return ".".join(location) or "body"


def _install_error_map(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, error: DomainError) -> Response:
        if isinstance(error, AccessRefused):
            await _record_refusal(request, error)
        status = status_for(error)
        if _is_api(request):
            return _problem_response(status, problem_for(error), headers_for(error), request)
        response = _error_page(request, status, error.title, error.detail)
        response.headers.update(headers_for(error))
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        errors = [
            {"field": _field_of(e), "message": str(e.get("msg", "invalid"))} for e in error.errors()
        ]
        first = errors[0] if errors else {"field": "body", "message": "invalid"}
        label = label_for(first["field"])
        detail = f"{label[:1].upper()}{label[1:]}: {first['message']}"
        if _is_api(request):
            body = problem(
                422,
                "invalid-input",
                "Some input is not valid",
                detail,
                field=first["field"],
                errors=errors,
            )
            return _problem_response(422, body, request=request)
        return _error_page(request, 422, "Some input is not valid", detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        detail = str(error.detail)
        if error.status_code == 404:
            detail = "There is nothing at this address."
        elif error.status_code == 405:
            detail = f"{request.method} is not supported here."
        if _is_api(request):
            body = problem(error.status_code, "http", detail, detail)
            return _problem_response(error.status_code, body, dict(error.headers or {}), request)
        return _error_page(request, error.status_code, detail, detail)

    @app.exception_handler(SignInRequired)
    async def sign_in_required(_request: Request, error: SignInRequired) -> Response:
        return RedirectResponse(f"/sign-in?next={quote(error.next_path)}", status_code=303)

    @app.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, _error: CsrfRejected) -> Response:
        return _error_page(
            request,
            403,
            "This form has expired",
            "The form was not sent from this site or has expired. Go back, reload the page and "
            "try again.",
        )

    app.add_exception_handler(Exception, answer_unexpected)


async def _record_refusal(request: Request, error: AccessRefused) -> None:
    """Issue 15: a refused person-scoped request goes to the security log admins read. Its
    answer stays a plain 404 even if the log cannot be written."""
    services: Services = request.app.state.services
    try:
        await run_in_threadpool(services.security_log.record_refusal, error)
    except Exception as failure:  # the 404 must go out regardless
        log.warning("security log not written: %s", type(failure).__name__)


async def answer_unexpected(request: Request, error: Exception) -> Response:
    # Logged without request data or the exception's message: either may hold clinical data.
    log.error("unhandled %s on %s %s", type(error).__name__, request.method, request.url.path)
    detail = "Something went wrong on our side. Nothing was saved; please try again."
    if _is_api(request):
        return _problem_response(
            500, problem(500, "server-error", "Server error", detail), request=request
        )
    return _error_page(request, 500, "Server error", detail)

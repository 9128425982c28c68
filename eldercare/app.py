"""create_app(): controllers, templates, static files, htmx, auth, CSRF, exception handlers, lifespan."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from litestar import Litestar, Request, Response, Router
from litestar.config.compression import CompressionConfig
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.datastructures import State
from litestar.exceptions import HTTPException, ValidationException
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components
from litestar.plugins.htmx import HTMXPlugin, HTMXRequest
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from eldercare import db
from eldercare.api_common import SECURITY, SECURITY_SCHEMES, chinese_message, date_guard, year_guard
from eldercare.auth.middleware import AuthMiddleware, csrf_guard, readers_guard
from eldercare.config import Settings, get_settings
from eldercare.county.fanout import CountyFanOut
from eldercare.county.read_only import ReaderPages
from eldercare.errors import DomainError, Unavailable
from eldercare.health import healthz
from eldercare.routes import ROUTES
from eldercare.security_headers import security_headers
from eldercare.web import attach_county, redirect, register_jinja, render

log = logging.getLogger("eldercare")

ROOT = Path(__file__).resolve().parent.parent
HTTP_CODES = {400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
              409: "conflict", 412: "stale_version", 413: "too_large", 422: "invalid", 429: "throttled",
              503: "busy"}  # fmt: skip
HTTP_MESSAGES = {401: "请先登录。", 403: "您无权访问此页面。", 404: "页面不存在。", 405: "不支持该请求方式。",
                 413: "上传的文件太大。"}  # fmt: skip


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(
    request: Request, *, status: int, code: str, detail: str, fields: dict[str, str]
) -> Response:
    if is_api(request):
        return Response({"error": code, "detail": detail, "fields": fields}, status_code=status)
    htmx = request.headers.get("hx-request") == "true"
    if status == 401:
        # htmx would follow a 303 and swap the whole login page into its target: send the browser there.
        return (
            Response(b"", status_code=401, headers={"HX-Redirect": "/login"}) if htmx else redirect("/login")
        )
    partial = htmx and request.headers.get("hx-boosted") != "true"
    template = "_error.html" if partial else "error.html"
    return render(request, template, status_code=status, status=status, message=detail, fields=fields)


def on_domain_error(request: Request, exc: DomainError) -> Response:
    response = error_response(
        request, status=exc.status_code, code=exc.code, detail=exc.detail, fields=exc.fields
    )
    if isinstance(exc, Unavailable):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def on_operational_error(request: Request, exc: sqlite3.OperationalError) -> Response:
    """SQLite still busy after db.write() waited (a BUSY past the BEGIN): 503 with Retry-After, never a 500."""
    if db.is_busy(exc):
        log.warning("database busy on %s %s: %s", request.method, request.url.path, exc)
        return on_domain_error(request, Unavailable())
    return on_unexpected(request, exc)


def on_validation_error(request: Request, exc: ValidationException) -> Response:
    fields: dict[str, str] = {}
    for problem in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(problem, dict):
            fields[str(problem.get("key") or "body")] = chinese_message(str(problem.get("message") or ""))
    return error_response(request, status=422, code="invalid", detail="提交的数据格式不正确。", fields=fields)


def on_http_error(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    detail = (
        exc.detail if exc.detail and not exc.detail.isascii() else HTTP_MESSAGES.get(status, "请求无法处理。")
    )
    response = error_response(
        request, status=status, code=HTTP_CODES.get(status, "error"), detail=detail, fields={}
    )
    for name, value in (exc.headers or {}).items():  # e.g. Allow on a 405 (RFC 9110)
        response.headers[name] = value
    return response


def on_out_of_range(request: Request, exc: Exception) -> Response:
    """A number beyond the database's 64-bit integers (an id or a count typed wrong) is bad input, not a bug."""
    log.warning("out of range on %s %s: %s", request.method, request.url.path, exc)
    return error_response(request, status=422, code="invalid", detail="数值超出允许范围。", fields={})


def on_undecodable(request: Request, exc: UnicodeDecodeError) -> Response:
    """A form's text part that is not UTF-8 (Litestar's multipart parser decodes every non-file part): bad
    input, not a bug."""
    log.warning("undecodable form text on %s %s: %s", request.method, request.url.path, exc)
    return error_response(request, status=400, code="invalid", detail="提交的文字不是有效的 UTF-8 编码。", fields={})


def on_integrity_error(request: Request, exc: Exception) -> Response:
    """A database constraint caught what a service did not check: a 409, never a 500 (and logged to fix)."""
    log.warning("constraint refused %s %s: %s", request.method, request.url.path, exc)
    return error_response(request, status=409, code="conflict", detail="提交的数据与现有记录冲突，未保存。", fields={})


def on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(
        request, status=500, code="internal_error", detail="系统内部错误，请稍后重试。", fields={}
    )


def route_handlers() -> list:
    """The JSON API (/api/…, in the OpenAPI schema, bearer security) and everything else: pages, logins and
    downloads, kept out of the schema once here (a page controller needs nothing of its own)."""
    api = [c for c in ROUTES if str(getattr(c, "path", "")).startswith("/api/")]
    pages = [c for c in ROUTES if c not in api]
    return [
        Router(path="/", route_handlers=api, security=SECURITY),
        Router(path="/", route_handlers=pages, include_in_schema=False),
        healthz,
        create_static_files_router(path="/static", directories=[ROOT / "static"], include_in_schema=False),
    ]


VENDOR = "/static/vendor/swagger-ui"


def openapi_config() -> OpenAPIConfig:
    """The contract at /schema/openapi.json; its Swagger UI at /schema (served from static/vendor, offline)."""
    swagger = SwaggerRenderPlugin(
        path=["/", "/swagger"],
        js_url=f"{VENDOR}/swagger-ui-bundle.js",
        css_url=f"{VENDOR}/swagger-ui.css",
        standalone_preset_js_url=f"{VENDOR}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' type='image/png' href='{VENDOR}/favicon-32x32.png'>",
    )
    return OpenAPIConfig(
        title="eldercare API",
        version="1",
        path="/schema",
        description="敬老院运营管理系统的 JSON API（/api/v1）。金额以分为单位（_fen），日期为 YYYY-MM-DD。",
        components=Components(security_schemes=SECURITY_SCHEMES),
        render_plugins=[swagger],
        use_handler_docstrings=True,
    )


@asynccontextmanager
async def lifespan(app: Litestar) -> AsyncIterator[None]:
    await db.start()
    scheduler = None
    if app.state.get("with_scheduler"):
        from jobs.scheduler import build_scheduler

        scheduler = build_scheduler()
        scheduler.start()
    try:
        yield
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        await db.stop()


def create_app(settings: Settings | None = None, *, with_scheduler: bool = False) -> Litestar:
    settings = settings or get_settings()
    return Litestar(
        route_handlers=route_handlers(),
        middleware=[
            DefineMiddleware(AuthMiddleware, exclude=["^/static/", "^/schema", "^/healthz$"]),
            CountyFanOut,
            ReaderPages,
        ],
        guards=[readers_guard, csrf_guard, year_guard, date_guard],
        request_class=HTMXRequest,
        plugins=[HTMXPlugin()],
        template_config=TemplateConfig(
            directory=ROOT / "templates", engine=JinjaTemplateEngine, engine_callback=register_jinja
        ),
        exception_handlers={
            DomainError: on_domain_error,
            ValidationException: on_validation_error,
            HTTPException: on_http_error,
            sqlite3.IntegrityError: on_integrity_error,
            sqlite3.OperationalError: on_operational_error,
            asyncpg.IntegrityConstraintViolationError: on_integrity_error,
            UnicodeDecodeError: on_undecodable,
            OverflowError: on_out_of_range,  # SQLite (sqlite3 refuses ints beyond 64 bits)
            asyncpg.exceptions.DataError: on_out_of_range,  # PostgreSQL ("value out of int64 range")
            Exception: on_unexpected,
        },
        openapi_config=openapi_config(),
        compression_config=CompressionConfig(backend="gzip", minimum_size=1000, gzip_compress_level=6),
        lifespan=[lifespan],
        before_send=[security_headers],
        before_request=attach_county,
        state=State({"with_scheduler": with_scheduler}),
        debug=settings.debug,
    )

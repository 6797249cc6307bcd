"""The edge of every request: one input policy and one shape for errors.

`EdgeMiddleware` sits near the top of `MIDDLEWARE` and does three things for every request:

1. **Input policy.** Text the service stores or searches must be valid Unicode text without NUL:
   PostgreSQL refuses NUL in text and a lone surrogate cannot be encoded as UTF-8, so either one
   used to surface as a 500 deep inside a query. The path, the query string, form fields and JSON
   bodies are checked once here; a request carrying NUL or a lone surrogate is refused with 400
   `request.invalid_text` before any view or service runs. A body over
   `DATA_UPLOAD_MAX_MEMORY_SIZE` is refused with 413 `request.too_large`.
2. **API errors are JSON.** Under `/api/`, every error answer — Django's own 404, 405, 403 (CSRF),
   400, 413 and 500 pages included — comes back as `{code, message, details}` JSON, like the errors
   the API's own handlers write.
3. **Database unavailable → 503.** When a request fails because the database cannot be reached
   (`OperationalError` / `InterfaceError`), the answer is 503 with `Retry-After`: JSON
   `service.unavailable` under `/api/`, a small self-contained page (no template, no database)
   elsewhere.

Language: the answer is written in the request's language (cookie or Accept-Language), worked out
here without the database so that it also works during an outage.
"""

from __future__ import annotations

import json
import logging
import math
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 30
INVALID_TEXT = re.compile("[\x00\ud800-\udfff]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_DB_UNAVAILABLE: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
try:  # psycopg's own errors, in case one escapes Django's wrapper (e.g. raised while connecting in a pool)
    import psycopg

    _DB_UNAVAILABLE += (psycopg.OperationalError, psycopg.InterfaceError)
except ImportError:  # pragma: no cover - psycopg is a runtime dependency
    pass

_MARK = "_joopas_db_unavailable"
_OWN_BODY_POLICY: set[str] = set()
# path prefix → the answer to a body over DATA_UPLOAD_MAX_MEMORY_SIZE, for endpoints with their own error shape
_TOO_LARGE: dict[str, Callable[[HttpRequest], HttpResponse]] = {}


def register_own_body_policy(path_prefix: str,
                             too_large: Callable[[HttpRequest], HttpResponse] | None = None) -> None:
    """Leave the JSON body of requests under `path_prefix` to the endpoint, which applies this same policy itself.

    For endpoints with an older, documented error contract of their own (the exchange answers 422 with
    `exchange.invalid_text` problems to institutions). The path, query string and forms are still checked here.
    `too_large` writes the 413 for a body the edge refuses to read (over `DATA_UPLOAD_MAX_MEMORY_SIZE`) in
    the endpoint's own error shape. Apps register at start-up (AppConfig.ready()).
    """
    _OWN_BODY_POLICY.add(path_prefix)
    if too_large is not None:
        _TOO_LARGE[path_prefix] = too_large


class _NotFinite(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NotFinite(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value) or math.isnan(value):
        raise _NotFinite(text[:40])
    return value


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def has_invalid_text(values: Iterable[Any]) -> bool:
    """True when any string among `values` (nested dicts and lists too) holds NUL or a lone surrogate."""
    stack = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if INVALID_TEXT.search(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
    return False


def _messages() -> dict[int, tuple[str, str]]:
    """(code, translated message) per status for the errors the edge writes or rewrites."""
    return {
        400: ("request.invalid", _("The request could not be understood.")),
        401: ("not_authenticated", _("Log in or give a valid API key.")),
        403: ("permission_denied", _("You do not have permission to do this.")),
        404: ("not_found", _("The item was not found.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        413: ("request.too_large", _("The request is too large.")),
        500: ("server.error", _("Something went wrong on our side. Try again later.")),
        503: ("service.unavailable", _("The service is temporarily unavailable. Try again in a moment.")),
    }


def _too_deep_message() -> str:
    return _("The request nests arrays and objects too deeply.")


def _not_finite_message() -> str:
    return _("Numbers must be finite: NaN and Infinity are not allowed.")


def _invalid_text_message() -> str:
    return _("The request contains characters that are not allowed in text (such as a NUL byte).")


def _language(request: HttpRequest) -> str:
    return translation.get_language_from_request(request)


def json_error(status: int, code: str, message: str) -> HttpResponse:
    body = json.dumps({"code": code, "message": message, "details": {}})
    return HttpResponse(body, status=status, content_type="application/json")


def page_error(status: int, message: str) -> HttpResponse:
    """A small self-contained error page: no template and no database, so it works during an outage."""
    lang = translation.get_language() or "fi"
    html = (f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{escape(message)}</title></head><body><main><h1>{escape(message)}</h1>"
            f'<p><a href="/">{escape(_("Go to the front page"))}</a></p></main></body></html>')
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def error_response(request: HttpRequest, status: int, code: str | None = None, message: str | None = None) -> HttpResponse:
    with translation.override(_language(request)):
        default_code, default_message = _messages().get(status, (f"http_{status}", ""))
        code, message = code or default_code, message or default_message
        if is_api(request):
            return json_error(status, code, message)
        return page_error(status, message)


def _request_problem(request: HttpRequest) -> HttpResponse | None:
    """The input policy: None when the request may go on, else the answer that refuses it."""
    if INVALID_TEXT.search(request.path) or has_invalid_text(request.GET.lists()):
        return _refuse_text(request)
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return None
    content_type = request.content_type or ""
    try:
        if is_api(request) or not content_type.startswith("multipart/"):
            # Read (and cache) the body once, inside its size limit, so the later readers (idempotency,
            # the form parser, the API) see the same bytes.
            body = request.body
        if content_type.startswith(_FORM_TYPES):
            if has_invalid_text(request.POST.lists()):
                return _refuse_text(request)
        elif (content_type == "application/json" or content_type.endswith("+json")) \
                and not request.path.startswith(tuple(_OWN_BODY_POLICY)):
            try:
                data = json.loads(body, parse_constant=_reject_constant, parse_float=_finite_float)
            except RecursionError:
                return error_response(request, 400, "request.too_deep", _too_deep_message())
            except _NotFinite:  # Python's json reads NaN / Infinity / 1e999, which no database column takes
                return error_response(request, 400, "request.not_finite", _not_finite_message())
            except json.JSONDecodeError:  # not JSON: the API answers that itself
                return None
            except ValueError:  # JSON that Python cannot hold (an integer of thousands of digits)
                return error_response(request, 400)
            if has_invalid_text([data]):
                return _refuse_text(request)
    except RequestDataTooBig:
        for prefix, answer in _TOO_LARGE.items():
            if request.path.startswith(prefix):
                with translation.override(_language(request)):
                    return answer(request)
        return error_response(request, 413)
    return None


def _refuse_text(request: HttpRequest) -> HttpResponse:
    with translation.override(_language(request)):
        return error_response(request, 400, "request.invalid_text", _invalid_text_message())


def _is_json(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return content_type == "application/json" or content_type.endswith("+json")


def _rewrite(request: HttpRequest, response: HttpResponse, status: int) -> HttpResponse:
    """Replace an error response's body, keeping its headers (Allow, X-Request-ID, Vary …)."""
    replacement = error_response(request, status)
    for header, value in response.items():
        if header.lower() not in {"content-type", "content-length"}:
            replacement[header] = value
    return replacement


@receiver(got_request_exception, dispatch_uid="joopas.core.edge.mark_db_unavailable")
def _mark_db_unavailable(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Django turns an uncaught exception into a 500 deep inside the stack; remember whether it was the database."""
    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, _DB_UNAVAILABLE):
        setattr(request, _MARK, True)


class EdgeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = _request_problem(request)
        if refusal is not None:
            return refusal
        response = self.get_response(request)
        if response.status_code >= 500 and getattr(request, _MARK, False):
            response = _rewrite(request, response, 503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        elif is_api(request) and response.status_code >= 400 and not _is_json(response) \
                and not getattr(response, "streaming", False):
            response = _rewrite(request, response, response.status_code)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # A view's database failure: answer 503 at once (the signal above covers failures in middleware).
        if isinstance(exception, _DB_UNAVAILABLE):
            logger.error("database unavailable: %s %s", request.method, request.path, exc_info=exception)
            setattr(request, _MARK, True)
            response = error_response(request, 503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        return None

"""The edge where untrusted input enters: text, JSON bodies, query values, chunked bodies.

Everything a client sends is checked here once, before any handler or the database sees it:
no NUL byte or lone surrogate in any string (PostgreSQL and the UTF-8 encoder refuse them),
JSON that is shallow, finite and within 64-bit integers, query integers within their range.
A refusal is an `InvalidInput` (400, JSON body) and nothing has changed.
"""
from __future__ import annotations

import io
import json
import re

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider

from hall.errors import InvalidInput, NotFound

MAX_DEPTH = 32
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
_INTEGER = re.compile(r"-?[0-9]{1,20}")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def check_text(value: str, where: str) -> str:
    """The text itself, unless it holds a NUL byte or a lone surrogate (400 invalid_text)."""
    if _BAD_TEXT.search(value):
        raise InvalidInput(f"Dữ liệu chứa ký tự không hợp lệ ở {where} "
                           f"(NUL byte or lone surrogate in {where})", code="invalid_text")
    return value


def _too_deep() -> InvalidInput:
    return InvalidInput(f"Dữ liệu JSON lồng quá {MAX_DEPTH} tầng (JSON nested too deeply)",
                        code="invalid_json")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number out of range: {text[:20]}")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def check_document(value) -> None:
    """A parsed JSON document is shallow, within 64-bit integers, with clean strings."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep()
        if isinstance(item, str):
            check_text(item, "JSON")
        elif isinstance(item, int) and not isinstance(item, bool) \
                and not INT64_MIN <= item <= INT64_MAX:
            raise InvalidInput("Số nguyên quá lớn (integer out of range)", code="invalid_json")
        elif isinstance(item, dict):
            for key, child in item.items():
                check_text(key, "JSON")
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def parse_json(document: bytes | str):
    """Strict JSON: well formed, no NaN/Infinity, at most MAX_DEPTH deep, clean strings."""
    try:
        value = json.loads(document, parse_float=_finite, parse_constant=_no_constant)
    except RecursionError:
        raise _too_deep() from None
    except ValueError as error:    # also bad UTF-8 and integers of thousands of digits
        raise InvalidInput(f"Dữ liệu JSON không hợp lệ (malformed JSON: {str(error)[:80]})",
                           code="invalid_json") from None
    check_document(value)
    return value


def int_arg(name: str, default: int, minimum: int, maximum: int) -> int:
    """An integer query parameter within [minimum, maximum] (400 invalid_query otherwise)."""
    raw = request.args.get(name)
    if raw is None:
        return default
    value = int(raw) if _INTEGER.fullmatch(raw) else None
    if value is None or not minimum <= value <= maximum:
        raise InvalidInput(f"{name} phải là số nguyên từ {minimum} đến {maximum} "
                           f"({name} must be an integer from {minimum} to {maximum})",
                           code="invalid_query", field=name)
    return value


def choice_arg(name: str, choices: tuple[str, ...]) -> str:
    """A query parameter that must be one of `choices` (the first is the default)."""
    value = request.args.get(name, choices[0])
    if value not in choices:
        listed = ", ".join(choices)
        raise InvalidInput(f"{name} phải là một trong: {listed} ({name} must be one of {listed})",
                           code="invalid_query", field=name)
    return value


class StrictJSONProvider(DefaultJSONProvider):
    """The app's JSON: Vietnamese kept unescaped, keys in order, requests parsed strictly."""

    ensure_ascii = False
    sort_keys = False

    def loads(self, s, **kwargs):
        """Parse a request body; bad input raises InvalidInput even for `silent` callers."""
        return parse_json(s)


class ChunkedBodies:
    """WSGI middleware: a chunked request body is read, up to the size limit.

    eventlet and gevent de-chunk the input stream but leave no Content-Length, and Werkzeug
    then reads such a body as empty (or cuts it at the limit). The body is read here, at
    most one byte past `max_length`, and handed on with its length, so that the usual
    checks apply: 413 when it is too large.
    """

    def __init__(self, wsgi_app, max_length: int):
        self.wsgi_app, self.max_length = wsgi_app, max_length

    def __call__(self, environ, start_response):
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = environ["wsgi.input"].read(self.max_length + 1)
            environ.pop("HTTP_TRANSFER_ENCODING")
            environ.update({"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))})
        return self.wsgi_app(environ, start_response)


def _check_pairs(pairs, where: str) -> None:
    for key, value in pairs:
        check_text(key, where)
        check_text(value, where)


def _guard_request() -> None:
    """Path, query and form values are clean text; path integers fit a database column."""
    check_text(request.path, "URL")
    _check_pairs(request.args.items(multi=True), "query")
    if request.mimetype in _FORMS:
        _check_pairs(request.form.items(multi=True), "form")
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
            raise NotFound("Không tìm thấy (no such resource)", code="not_found")


def install_input_edges(app: Flask, trusted_proxies: int = 0) -> None:
    """Strict JSON parsing, the request guard and chunked bodies, for the whole app.

    With `trusted_proxies` (nginx in front: 1) the client's address and scheme come from
    that many X-Forwarded-For/-Proto hops, so sign-in locks see the real address.
    """
    app.json = StrictJSONProvider(app)
    app.before_request(_guard_request)
    app.wsgi_app = ChunkedBodies(app.wsgi_app, app.config["MAX_CONTENT_LENGTH"])
    if trusted_proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted_proxies, x_proto=trusted_proxies)

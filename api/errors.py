"""The one place where errors become HTTP answers: JSON under /api/, a page elsewhere."""
from __future__ import annotations

import logging
from urllib.parse import urlparse

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from hall.errors import DomainError

log = logging.getLogger(__name__)

STATUS_BY_KIND = {"invalid": 400, "not_found": 404, "conflict": 409, "unauthorized": 401,
                  "forbidden": 403, "too_many": 429}

HTTP_MESSAGES_VI = {
    400: "Yêu cầu không hợp lệ", 401: "Cần đăng nhập hoặc mã truy cập",
    403: "Không có quyền thực hiện", 404: "Không tìm thấy", 405: "Phương thức không được hỗ trợ",
    413: "Dữ liệu gửi lên quá lớn", 415: "Dữ liệu phải là JSON", 429: "Quá nhiều yêu cầu",
}


def error_body(code: str, message: str, status: int, **details):
    body = {"error": {"code": code, "message": message, **({"details": details} if details else {})}}
    return jsonify(body), status


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _same_site_referrer() -> str | None:
    """Where the reader came from, when it is a page of this site (a way back), else None."""
    referrer = request.referrer or ""
    parts = urlparse(referrer)
    if parts.netloc != request.host or parts.path == request.path:
        return None
    return referrer


def _not_found_page():
    """A page address that does not exist: a friendly Vietnamese page with a way back."""
    hall = current_app.extensions["luot"].config
    return render_template("not_found.html", hall=hall, back=_same_site_referrer()), 404


def register_error_handlers(app: Flask) -> None:
    """Map domain errors and framework errors to answers."""

    @app.errorhandler(DomainError)
    def on_domain_error(error: DomainError):
        status = STATUS_BY_KIND.get(error.kind, 400)
        details = {k: v for k, v in error.details.items() if v is not None}
        response, status = error_body(error.code, error.message, status, **details)
        if status == 429 and "retry_after_seconds" in details:
            response.headers["Retry-After"] = str(details["retry_after_seconds"])
        return response, status

    @app.errorhandler(HTTPException)
    def on_http_error(error: HTTPException):
        if not _wants_json():
            return _not_found_page() if error.code == 404 else error
        message = HTTP_MESSAGES_VI.get(error.code, error.name)
        code = error.name.lower().replace(" ", "_")
        body, status = error_body(code, f"{message} ({error.name})", error.code or 400)
        for name, value in error.get_headers():     # e.g. Allow on a 405
            if name.lower() != "content-type":
                body.headers[name] = value
        return body, status

    @app.errorhandler(Exception)
    def on_unexpected(error: Exception):
        from store.engine import database_unavailable
        if database_unavailable(error):
            log.warning("database unavailable on %s %s: %s", request.method, request.path,
                        str(error).splitlines()[0])
            message = "Cơ sở dữ liệu tạm thời không truy cập được — vui lòng thử lại sau ít giây " \
                      "(database unavailable; nothing was changed)"
            body = error_body("database_unavailable", message, 503) if _wants_json() \
                else (message, 503)
            response = current_app.make_response(body)
            response.headers["Retry-After"] = "5"
            return response
        log.exception("unexpected error on %s %s", request.method, request.path)
        if not _wants_json():
            return "Lỗi hệ thống — vui lòng thử lại (internal error)", 500
        return error_body("internal_error", "Lỗi hệ thống — vui lòng thử lại (internal error)", 500)

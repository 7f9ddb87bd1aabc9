"""Addressing halls: `/h/<hall>/…` serves that hall, the root serves the default hall.

`HallPrefix` (WSGI) moves `/h/<hall>` from the path into SCRIPT_NAME, so every page, API
route, static file and the Socket.IO endpoint work unchanged under the prefix and `url_for`
builds links that stay in the hall. `HallScope` is what handlers reach as
`current_app.extensions["luot"]`: the runtime of the request's hall.
"""
from __future__ import annotations

import contextvars
import re
from contextlib import contextmanager

PREFIX = re.compile(r"^/h/([a-z0-9][a-z0-9_-]{0,39})(/.*)?$")
ENVIRON_KEY = "luot.hall"
_override: contextvars.ContextVar[str | None] = contextvars.ContextVar("luot_hall", default=None)


class HallPrefix:
    """WSGI middleware: `/h/<hall>/rest` is `rest` in hall `<hall>` (404 for an unknown hall)."""

    def __init__(self, app, known):
        self.app, self.known = app, known

    def __call__(self, environ, start_response):
        match = PREFIX.match(environ.get("PATH_INFO", ""))
        if match:
            hall = match.group(1)
            if not self.known(hall):
                return _not_found(start_response, hall)
            environ[ENVIRON_KEY] = hall
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + f"/h/{hall}"
            environ["PATH_INFO"] = match.group(2) or "/"
        return self.app(environ, start_response)


def _not_found(start_response, hall: str):
    body = ('{"error": {"code": "unknown_hall", "message": '
            f'"Không có trung tâm \'{hall}\' (unknown hall)"}}}}').encode("utf-8")
    start_response("404 NOT FOUND", [("Content-Type", "application/json; charset=utf-8"),
                                     ("Content-Length", str(len(body)))])
    return [body]


def requested_hall() -> str | None:
    """The hall chosen for this moment: an explicit `using()`, else the request's prefix."""
    chosen = _override.get()
    if chosen:
        return chosen
    from flask import has_request_context, request
    if has_request_context():
        return request.environ.get(ENVIRON_KEY)
    return None


@contextmanager
def using(hall_id: str):
    """Work as hall `hall_id` outside a request (CLI commands, background tasks)."""
    token = _override.set(hall_id)
    try:
        yield
    finally:
        _override.reset(token)


class HallScope:
    """The current hall's runtime, attribute by attribute (see the module docstring)."""

    def __init__(self, deployment):
        self._deployment = deployment

    def __getattr__(self, name):
        return getattr(self._deployment.current(), name)

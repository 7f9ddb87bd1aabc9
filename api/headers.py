"""Security headers on every answer: a content security policy, no framing, no sniffing.

The pages load only their own scripts, styles and fonts; QR codes are `data:` images;
announcements are same-origin (or `blob:`) audio; Socket.IO connects to the same origin
(`'self'` covers ws:/wss: there). Only the public boards — the hall TV and the counter
boards — and the public board of figures (/cong-khai) may be framed, e.g. by a province's
portal or the centre's website; every other page may not.
"""
from __future__ import annotations

from flask import Flask, request

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; "
          "img-src 'self' data: blob:; media-src 'self' data: blob:; connect-src 'self'; "
          "object-src 'none'; base-uri 'self'; form-action 'self'")


def _frameable(path: str) -> bool:
    """The public boards: the hall TV (/display), the counter boards (/board/<n>) and the
    public figures (/cong-khai)."""
    return path in ("/display", "/cong-khai") or path.startswith("/board/")


def _add_headers(response):
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if _frameable(request.path):
        headers.setdefault("Content-Security-Policy", f"{POLICY}; frame-ancestors *")
    else:
        headers.setdefault("Content-Security-Policy", f"{POLICY}; frame-ancestors 'none'")
        headers.setdefault("X-Frame-Options", "DENY")
    return response


def install_security_headers(app: Flask) -> None:
    """Add the headers to every response of the app (pages, API, static files, errors)."""
    app.after_request(_add_headers)

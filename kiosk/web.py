"""The touchscreen kiosk (/kiosk) and the citizen's tracking page (/t/<id>)."""
from __future__ import annotations

import io

from flask import Blueprint, Response, current_app, jsonify, render_template

from hall.errors import NotFound
from hall.public import holder_ticket
from kiosk.printer.settings import DEVICE_ID as PRINTER_DEVICE

bp = Blueprint("kiosk", __name__, template_folder="templates")


def _luot():
    return current_app.extensions["luot"]


def _hall() -> dict:
    config = _luot().config
    return {"name": config.name, "name_en": config.name_en, "short_name": config.short_name,
            "notice": config.notice}


def tracking_url(ticket_id: str) -> str:
    """The public address of a ticket's tracking page: the same as the printed ticket's
    (hall `public_url`, else this server's address on the hall's network; kiosk/printing.py)."""
    return _luot().ticket_content.tracking_url(ticket_id)


def _ticket_or_none(ticket_id: str) -> dict | None:
    try:
        return _luot().queries.ticket(ticket_id)
    except NotFound:
        return None


def qr_svg(text: str) -> bytes:
    """`text` as a QR code, drawn as one SVG path (scales to any size)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage
    image = qrcode.make(text, image_factory=SvgPathImage, border=2,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


@bp.get("/kiosk")
def kiosk():
    """The touchscreen page: choose an area, a priority, take a number."""
    return render_template("kiosk/kiosk.html", hall=_hall(),
                           page_config=_luot().kiosk.page_config())


@bp.get("/kiosk/printer-status")
def printer_status():
    """The ticket printer's health only (public: the kiosk warns citizens when it fails)."""
    entry = _luot().device_health.entry(PRINTER_DEVICE) or {"status": "unknown", "detail": ""}
    return jsonify({"id": PRINTER_DEVICE, "status": entry["status"], "detail": entry["detail"]})


@bp.get("/t/<ticket_id>")
def track(ticket_id: str):
    """A citizen follows their ticket on a phone (unknown id: a friendly 404 page)."""
    ticket = _ticket_or_none(ticket_id)
    if ticket is None:
        return render_template("kiosk/track_missing.html", hall=_hall()), 404
    config = _luot().config
    counters = {c.number: c.name for c in config.counters}
    return render_template("kiosk/track.html", hall=_hall(), ticket=holder_ticket(config, ticket),
                           counters=counters)


@bp.get("/t/<ticket_id>/qr.svg")
def track_qr(ticket_id: str):
    """The QR code of a ticket's tracking address, for the kiosk screen."""
    if _ticket_or_none(ticket_id) is None:
        return render_template("kiosk/track_missing.html", hall=_hall()), 404
    response = Response(qr_svg(tracking_url(ticket_id)), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response

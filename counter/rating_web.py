"""The rating screen at a counter (/rate/<n>): a tablet facing the citizen.

Idle, it shows the counter and the clerk serving there; when the clerk finishes a ticket it
invites that citizen's rating for `[rating] invite_seconds`. The page is a public screen
enrolled with a `rating` token (typed once by staff, kept by the browser); everything it
shows comes from the live socket, so this route only renders the shell and the scale.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

bp = Blueprint("rating_screen", __name__, template_folder="templates")


@bp.get("/rate/<int:n>")
def rating_screen(n: int):
    """Counter n's rating screen (404 for a counter the hall does not have)."""
    config = current_app.extensions["luot"].config
    try:
        counter = config.counter(n)
    except KeyError:
        abort(404)
    page = {"counter": counter.number, "counter_name": counter.name,
            "scale": config.rating.public()}
    return render_template("counter/rate.html", hall=config, counter=counter, page=page)

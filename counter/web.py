"""The clerk's console: choose a counter (/counter) and work at it (/counter/<n>)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_login import login_required

from accounts.web import session_principal
from hall.commands import COUNTER_COMMANDS
from hall.service import UNDO_SECONDS

bp = Blueprint("counter", __name__, template_folder="templates")
PRESENCE_SECONDS = 20


def _luot():
    return current_app.extensions["luot"]


@bp.get("/counter")
@login_required
def choose():
    """The counters with their state and who holds them; tap one to take it."""
    luot = _luot()
    return render_template("counter/choose.html", hall=luot.config, me=session_principal(),
                           counters=luot.queries.counters())


@bp.get("/counter/<int:n>")
@login_required
def console(n: int):
    """The console of counter n (the page takes the counter on load)."""
    luot = _luot()
    try:
        counter = luot.config.counter(n)
    except KeyError:
        abort(404)
    areas = [{"id": a.id, "name": a.name} for a in luot.config.areas]
    commands = {c.name: c.public() for c in COUNTER_COMMANDS}
    return render_template("counter/console.html", hall=luot.config, me=session_principal(),
                           counter=counter, areas=areas, commands=commands,
                           undo_seconds=UNDO_SECONDS,
                           presence_seconds=presence_seconds(luot.config.away_after_minutes))


def presence_seconds(away_after_minutes: float) -> float:
    """How often an open console says its clerk is present: every 20 s, and often enough that
    a counter never goes away under an open console (six times per `away_after_minutes`)."""
    return min(PRESENCE_SECONDS, away_after_minutes * 60 / 6)

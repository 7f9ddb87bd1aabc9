"""The clerk's console: choose a counter (/counter) and work at it (/counter/<n>)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_login import login_required

from accounts.web import session_principal
from hall.commands import COUNTER_COMMANDS

bp = Blueprint("counter", __name__, template_folder="templates")


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
                           counter=counter, areas=areas, commands=commands)

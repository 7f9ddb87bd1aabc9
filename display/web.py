"""Hall TV (/display) and virtual counter boards (/board/<n>).

Both pages are read-only watchers: they render a shell and fill it from the live snapshot
(static/js/lib/live.js), so nothing here reads the database.
"""
from flask import Blueprint, current_app, render_template, request

bp = Blueprint("display", __name__, template_folder="templates")


def _config():
    return current_app.extensions["luot"].config


@bp.get("/display")
def hall_display():
    """The hall TV. Query: areas=a,b | counters=1,2 | lang=en | audio=1 | hold=<seconds>."""
    hall = _config()
    return render_template("display/hall.html", hall=hall,
                           english=request.args.get("lang") == "en")


@bp.get("/board/<int:number>")
def virtual_board(number: int):
    """A counter's small screen: its number and current ticket, huge."""
    hall = _config()
    try:
        counter = hall.counter(number)
    except KeyError:
        return render_template("display/not_found.html", hall=hall, number=number), 404
    areas = [hall.area(area_id) for area_id in counter.areas]
    return render_template("display/board.html", hall=hall, counter=counter, areas=areas,
                           english=request.args.get("lang") == "en")


"""The manager reads every rating of a day: `GET /manage/api/ratings?date=YYYY-MM-DD`."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from api.auth import require_role
from api.ratings import day_arg, reason_labels, summary
from store.audit import who
from store.ratings import ratings_of_day

bp = Blueprint("manage_ratings", __name__, url_prefix="/manage/api/ratings")


@bp.get("")
@require_role("manager")
def listed():
    """A day's ratings, newest first, each with its ticket, counter, clerk, level and reasons,
    and the day's count per level (manager)."""
    luot = current_app.extensions["luot"]
    scale, day = luot.config.rating, day_arg(luot.clock)
    rows = ratings_of_day(luot.engine, luot.config.id, day)
    names = {area.id: area.name for area in luot.config.areas}
    return jsonify({"business_date": day.isoformat(), **summary(scale, rows),
                    "scale": scale.public(),
                    "ratings": [_row(luot.config, names, row) for row in rows]})


def _row(config, area_names: dict, row: dict) -> dict:
    """One rating as the manager's table shows it (no ticket id: the holder's secret)."""
    return {"at": row["at"], "number": row["number"], "area": row["area"],
            "area_name": area_names.get(row["area"], row["area"]), "counter": row["counter"],
            "clerk": who(row["clerk"]) if row["clerk"] else None, "level": row["level"],
            "reasons": reason_labels(config.rating, row["reasons"]), "source": row["source"],
            "dossier_code": row["dossier_code"]}

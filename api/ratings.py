"""Citizens' ratings over HTTP: rate a served ticket, read a ticket's rating, a clerk's day.

Two places rate (a third, the rating keypad, acts through `counter/`):
- the phone page `/t/<id>`, anonymously: the ticket's id is the holder's secret;
- a counter's rating screen `/rate/<n>`, with a `rating` token bound to counter n: it rates
  the ticket the counter finished last, while the invitation lasts, and names it by its
  `public_id` (all a public screen knows), so that a rating never lands on the next citizen
  when the clerk moves fast.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from flask import Blueprint, current_app, jsonify, request

from hall.clock import business_date
from hall.config import known_counter
from hall.errors import Forbidden, InvalidInput, Unauthorized
from hall.public import public_id
from hall.ratings import RatingScale
from store.ratings import ratings_of_day

from .auth import current_principal

bp = Blueprint("ratings", __name__)

SCREEN_ROLES = ("rating", "admin")
LATEST_REASONS = 3           # the clerk's panel: reasons of the latest low ratings


def _luot():
    return current_app.extensions["luot"]


def _body() -> dict:
    data = request.get_json(force=True, silent=True)
    if not isinstance(data, dict):
        raise InvalidInput("Dữ liệu phải là một đối tượng JSON (body must be a JSON object)",
                           code="invalid_json")
    return data


def _answer(view: dict) -> dict:
    """A rating as the rater gets it back: the ticket by its public name, never its id."""
    return {**{k: v for k, v in view.items() if k != "ticket"}, "public_id": public_id(view["ticket"])}


@bp.post("/ratings")
def rate():
    """A citizen rates a served ticket: 201 with the rating.

    Phone page: {ticket, level, reasons?}. Rating screen (token): {counter, public_id, level,
    reasons?}. Reasons go only with the lowest level, from the configured list."""
    data = _body()
    level, reasons = data.get("level"), data.get("reasons") or []
    ratings = _luot().hall.ratings
    if "counter" in data or "public_id" in data:
        counter, shown = data.get("counter"), data.get("public_id")
        principal = _rating_screen(_luot().config, counter)
        if not isinstance(shown, str) or not 1 <= len(shown) <= 64:
            raise InvalidInput("public_id không hợp lệ (public_id must be a ticket's public id)",
                               code="invalid_field", field="public_id")
        view = ratings.rate_at_counter(counter, level, source="screen", actor=principal.label,
                                       shown=shown, reasons=reasons)
    elif "ticket" in data:
        view = ratings.rate(data["ticket"], level, reasons, source="phone")
    else:
        raise InvalidInput("Cần mã phiếu 'ticket', hoặc 'counter' và 'public_id' "
                           "(missing field: ticket, or counter and public_id)",
                           code="missing_field", field="ticket")
    return jsonify(_answer(view)), 201


def _rating_screen(config, counter):
    """The rating screen's principal: a `rating` token bound to this counter."""
    principal = current_principal()
    if principal is None:
        raise Unauthorized("Màn hình đánh giá cần mã thiết bị (a rating screen needs its token)",
                           code="unauthorized")
    if principal.role not in SCREEN_ROLES:
        raise Forbidden(f"Vai trò '{principal.role}' không được phép (role not allowed)",
                        code="forbidden")
    known_counter(config, counter)
    if principal.role == "rating" and counter not in principal.counters:
        raise Forbidden(f"Màn hình này không thuộc quầy {counter} (not this counter's screen)",
                        code="forbidden_counter")
    return principal


@bp.get("/tickets/<ticket_id>/rating")
def ticket_rating(ticket_id: str):
    """The phone page: the ticket's rating or null, whether it can be rated now, the scale."""
    luot = _luot()
    luot.queries.ticket(ticket_id)                      # 404 for an unknown ticket
    rating = luot.hall.ratings.rating_of(ticket_id)
    can_rate = luot.hall.ratings.open_for(ticket_id)
    return jsonify({"rating": _answer(rating) if rating else None, "open": can_rate,
                    "scale": luot.config.rating.public()})


@bp.get("/me/ratings")
def my_ratings():
    """The signed-in clerk's ratings today: how many, by level, the reasons of the latest low
    ones (never which citizen gave them)."""
    principal = current_principal()
    if principal is None:
        raise Unauthorized("Cần đăng nhập (log in first)", code="unauthorized")
    luot = _luot()
    scale, day = luot.config.rating, business_date(luot.clock.now())
    rows = ratings_of_day(luot.engine, luot.config.id, day, f"{principal.kind}:{principal.id}:")
    low = [r for r in rows if r["level"] == scale.lowest and r["reasons"]]
    return jsonify({"business_date": day.isoformat(), **summary(scale, rows),
                    "latest_reasons": [reason_labels(scale, r["reasons"])
                                       for r in low[:LATEST_REASONS]]})


def summary(scale: RatingScale, rows: list[dict]) -> dict:
    """How many ratings, how many satisfied (the two top levels; also as a whole percentage),
    and the count per level."""
    counts = Counter(row["level"] for row in rows)
    satisfied = sum(n for value, n in counts.items() if scale.satisfied(value))
    return {"count": len(rows), "satisfied": satisfied,
            "satisfied_percent": round(100 * satisfied / len(rows)) if rows else None,
            "levels": [{**vars(level), "count": counts.get(level.value, 0)}
                       for level in scale.levels]}


def reason_labels(scale: RatingScale, ids: list[str]) -> list[dict]:
    """Reason ids as {id, label, label_en} (an id no longer configured stands for itself)."""
    known = {reason.id: reason for reason in scale.reasons}
    return [vars(known[i]) if i in known else {"id": i, "label": i, "label_en": i} for i in ids]


def day_arg(clock) -> date:
    """The `?date=YYYY-MM-DD` query value (default: today's business day)."""
    raw = request.args.get("date")
    if raw is None:
        return business_date(clock.now())
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput("date phải có dạng YYYY-MM-DD (bad date)", code="invalid_query",
                           field="date") from None

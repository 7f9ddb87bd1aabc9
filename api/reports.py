"""/api/v1 reports: a period's figures as JSON, Excel or per-ticket CSV (manager), the day
report of earlier releases, and the public board's figures (anyone, no personal data)."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from flask import Blueprint, current_app, jsonify, request

from hall.clock import business_date
from hall.errors import InvalidInput

from .auth import require_role
from .inputs import choice_arg

bp = Blueprint("reports", __name__)
REPORT_FORMATS = ("json", "xlsx", "csv")
DAY_FORMATS = ("json", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PUBLIC_CACHE_SECONDS = 60
OLDEST = date(2000, 1, 1)


def _luot():
    return current_app.extensions["luot"]


def _today() -> date:
    return business_date(_luot().clock.now())


def _date_arg(name: str, default: date) -> date:
    """A YYYY-MM-DD query parameter (400 invalid_query otherwise)."""
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        value = None
    if value is None or value < OLDEST or value > _today() + timedelta(days=366):
        raise InvalidInput(f"{name} phải có dạng YYYY-MM-DD ({name} must be a date YYYY-MM-DD)",
                           code="invalid_query", field=name)
    return value


def _period():
    """The period of `from` and `to` (inclusive; default today), at most MAX_DAYS long."""
    from store.reports import MAX_DAYS, Period
    today = _today()
    start, end = _date_arg("from", today), _date_arg("to", today)
    if end < start:
        raise InvalidInput("'to' phải sau hoặc bằng 'from' (to must not be before from)",
                           code="invalid_query", field="to")
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidInput(f"Kỳ báo cáo dài tối đa {MAX_DAYS} ngày (a period is at most "
                           f"{MAX_DAYS} days)", code="invalid_query", field="to")
    return Period(start, end)


def _dimensions(period) -> tuple[str, ...]:
    """`by`: a comma-separated list of groupings (default: every one a full report has)."""
    from store.reports.fields import DIMENSIONS
    raw = request.args.get("by")
    if raw is None:
        return period.dimensions()
    names = tuple(dict.fromkeys(name.strip() for name in raw.split(",") if name.strip()))
    unknown = [name for name in names if name not in DIMENSIONS]
    if unknown or not names:
        listed = ", ".join(DIMENSIONS)
        raise InvalidInput(f"by phải là một hoặc vài trong: {listed} (by: one or more of {listed})",
                           code="invalid_query", field="by")
    return names


def _pause():
    """Let the server's other work (calls, screens) run: a long report yields now and then."""
    _luot().socketio.sleep(0)


def _download(body, mimetype: str, filename: str):
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_lines(rows):
    """The per-ticket CSV: a UTF-8 byte-order mark (for Excel), the header, one line a visit."""
    from store.reports import HEADERS
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADERS, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writeheader()
    for i, row in enumerate(rows, start=1):
        writer.writerow(row)
        if i % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _workbook(report: dict, period) -> bytes:
    from store.reports import ticket_rows
    from store.reports.xlsx import report_workbook
    luot = _luot()
    return report_workbook(report, ticket_rows(luot.engine, luot.config, period.start, period.end),
                           _pause)


@bp.get("/reports")
@require_role("manager")
def period_report():
    """A period's figures (manager): ?from=YYYY-MM-DD&to=YYYY-MM-DD (default today),
    &by=area,counter,… (default: every grouping), &format=json|xlsx|csv."""
    from store.reports import period_report as compute
    from store.reports import ticket_rows
    luot = _luot()
    period, export = _period(), choice_arg("format", REPORT_FORMATS)
    name = f"luot-{luot.config.id}-{period.start}_{period.end}"
    if export == "csv":
        rows = ticket_rows(luot.engine, luot.config, period.start, period.end)
        return _download(_csv_lines(rows), "text/csv; charset=utf-8", f"{name}-phieu.csv")
    report = compute(luot.engine, luot.config, period, luot.clock.now(), _dimensions(period),
                     _pause)
    if export == "xlsx":
        return _download(_workbook(report, period), XLSX, f"{name}.xlsx")
    return jsonify(report)


@bp.get("/reports/day")
@require_role("manager")
def report_day():
    """A day's figures per area, counter and clerk (manager; the shape of earlier releases):
    `?date=YYYY-MM-DD` (default today), `?format=xlsx` for the period workbook of that day."""
    from store.reports import Period, day_report, period_report as compute
    luot = _luot()
    day = _date_arg("date", _today())
    if choice_arg("format", DAY_FORMATS) == "xlsx":
        period = Period(day, day)
        report = compute(luot.engine, luot.config, period, luot.clock.now(), pause=_pause)
        return _download(_workbook(report, period), XLSX, f"luot-{luot.config.id}-{day}.xlsx")
    return jsonify(day_report(luot.engine, luot.config, day, luot.clock.now()))


@bp.get("/public/figures")
def public_figures():
    """The centre's figures today and this month, per area, for the public board (anyone;
    no personal data). Computed at most once a minute."""
    from store.reports.public import public_figures as compute
    luot = _luot()
    now = luot.clock.now()
    cache = current_app.extensions.setdefault("luot_public_figures", {})
    if cache.get("until") is None or now >= cache["until"] or cache.get("day") != business_date(now):
        cache.update(value=compute(luot.engine, luot.config, now, _pause), day=business_date(now),
                     until=now + timedelta(seconds=PUBLIC_CACHE_SECONDS))
    response = jsonify(cache["value"])
    response.headers["Cache-Control"] = f"public, max-age={PUBLIC_CACHE_SECONDS}"
    return response

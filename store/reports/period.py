"""A period report: every figure of a date range, in total and per grouping (the JSON the
API serves and the page, the workbook and the printed report show)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from hall.clock import iso

from .fields import DIMENSIONS, WAIT_BUCKETS_MIN, WEEKDAYS_EN, WEEKDAYS_VI, field_list
from .figures import KEYS, Scope, grouped, reasons, wait_distribution, wait_percentiles, write_visits
from .sqlbits import Dialect

MAX_DAYS = 366
REASON_DIMENSIONS = ("area", "counter", "clerk")
COUNTS = ("issued", "transferred_in", "served", "no_show", "transferred", "expired", "open",
          "on_time", "on_time_base", "ratings", "satisfied")


@dataclass(frozen=True)
class Period:
    """Business days start…end, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def grain(self) -> str:
        """The time grouping that reads best for this length: day, week or month."""
        return "day" if self.days <= 62 else "week" if self.days <= 186 else "month"

    def dimensions(self) -> tuple[str, ...]:
        """What a full report groups by."""
        return ("area", "counter", "clerk", self.grain, "hour", "weekday-hour")


def _minutes(seconds) -> float | None:
    return None if seconds is None else round(float(seconds) / 60.0, 1)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(mapping, levels: list[int]) -> dict:
    """One result row of `grouped` as the report's figures."""
    out = {key: int(mapping[key] or 0) for key in COUNTS}
    out["called"] = int(mapping["wait_n"] or 0)
    for measure, stats in (("wait", ("mean", "median", "p90", "max")), ("service", ("mean", "max"))):
        present = bool(mapping[f"{measure}_n"])
        for stat in stats:
            out[f"{measure}_{stat}_min"] = _minutes(mapping.get(f"{measure}_{stat}")) if present else None
    out["on_time_share"] = _share(out["on_time"], out["on_time_base"])
    out["satisfaction"] = _share(out["satisfied"], out["ratings"])
    out["levels"] = {str(v): int(mapping[f"level_{v}"] or 0) for v in levels}
    return out


def empty_figures(levels: list[int]) -> dict:
    """The figures of a group with no visit (a configured area nobody came for)."""
    zero = {key: 0 for key in COUNTS} | {f"{m}_n": 0 for m in ("wait", "service")}
    zero |= {f"level_{v}": 0 for v in levels}
    return figures(zero, levels)


def _names(config, dimension: str, key) -> dict:
    """How a group is named on the page and in the workbook."""
    if dimension == "area":
        area = next((a for a in config.areas if a.id == key), None)
        return {"name": area.name if area else key, "name_en": area.name_en if area else key,
                "target_wait_min": area.target_wait_minutes if area else None}
    if dimension == "counter":
        counter = next((c for c in config.counters if c.number == key), None)
        return {"name": counter.name if counter else f"Quầy {key}"}
    if dimension == "clerk":
        return {"name": key.split(":", 2)[-1]}
    if dimension == "day":
        return {"name": date.fromisoformat(key).strftime("%d/%m/%Y")}
    if dimension == "week":
        return {"name": "Tuần từ " + date.fromisoformat(key).strftime("%d/%m/%Y")}
    if dimension == "month":
        return {"name": f"Tháng {key[5:]}/{key[:4]}"}
    if dimension == "hour":
        return {"name": f"{key:02d}:00–{(key + 1) % 24:02d}:00"}
    weekday, hour = key
    return {"name": f"{WEEKDAYS_VI[weekday]} {hour:02d}:00", "name_en": f"{WEEKDAYS_EN[weekday]} {hour:02d}:00",
            "weekday": weekday, "hour": hour}


def _key(dimension: str, values: tuple):
    if dimension == "weekday-hour":
        return (int(values[0]), int(values[1]))
    value = values[0]
    if dimension in ("counter", "hour"):
        return int(value)
    return value.isoformat() if isinstance(value, date) else str(value)


def _configured(config, dimension: str) -> list:
    """Groups listed even without a visit: every area and counter of the hall."""
    if dimension == "area":
        return [a.id for a in config.areas]
    if dimension == "counter":
        return [c.number for c in config.counters]
    return []


def _measured(conn, d: Dialect, scope: Scope, dimension: str) -> dict:
    """Key -> figures of each group that has a visit."""
    width = len(KEYS[dimension])
    key = (lambda row: _key(dimension, tuple(row)[:width])) if width else (lambda row: None)
    rows = {key(row): dict(row._mapping) for row in conn.execute(grouped(scope, dimension))}
    for row in wait_percentiles(conn, d, dimension):
        rows[key(row)].update(wait_median=row.median, wait_p90=row.p90)
    return {k: figures(row, scope.levels) for k, row in rows.items()}


def _groups(conn, d: Dialect, scope: Scope, dimension: str, cited: dict) -> list[dict]:
    found = _measured(conn, d, scope, dimension)
    keys = _configured(scope.config, dimension)
    keys += sorted((k for k in found if k not in keys), key=lambda k: (str(_names(
        scope.config, dimension, k)["name"]), k) if dimension == "clerk" else k)
    rows = []
    for key in keys:
        row = {"key": "-".join(map(str, key)) if isinstance(key, tuple) else key,
               **_names(scope.config, dimension, key), **found.get(key, empty_figures(scope.levels))}
        if dimension in ("counter", "clerk"):      # a queue issues tickets, a counter does not
            row.update(issued=None, transferred_in=None)
        if dimension in REASON_DIMENSIONS:
            row["reasons"] = cited.get(key, {})
        rows.append(row)
    return rows


def _reasons(conn, d: Dialect, dimension: str) -> dict:
    """Reasons cited per group: key -> {reason id: count}."""
    cited: dict = {}
    for row in conn.execute(reasons(d, dimension)):
        key = _key(dimension, tuple(row)[:1]) if dimension != "total" else None
        cited.setdefault(key, {})[row.reason] = int(row.cited)
    return {key: dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
            for key, counts in cited.items()}


def _reason_list(config, counts: dict) -> list[dict]:
    """The period's reasons, most cited first (the configured ones, then any others)."""
    labels = {r.id: r for r in config.rating.reasons}
    listed = [{"id": rid, "label": labels[rid].label if rid in labels else rid,
               "label_en": labels[rid].label_en if rid in labels else rid, "count": n}
              for rid, n in counts.items()]
    return sorted(listed, key=lambda r: (-r["count"], r["id"]))


def _distribution(conn) -> list[dict]:
    counts = {int(row.bucket): int(row.visits) for row in conn.execute(wait_distribution())}
    edges = list(WAIT_BUCKETS_MIN) + [None]
    return [{"from_min": edges[i], "to_min": edges[i + 1], "count": counts.get(i, 0)}
            for i in range(len(WAIT_BUCKETS_MIN))]


def _scale(config) -> dict:
    scale = config.rating
    return {"levels": [{"value": lv.value, "label": lv.label, "label_en": lv.label_en,
                        "colour": lv.colour} for lv in scale.levels],
            "satisfied": [lv.value for lv in scale.levels if scale.satisfied(lv.value)]}


class _Paced:
    """A connection that calls `pause` after each statement: a server with one event loop
    lets its other work run between the statements of a long report."""

    def __init__(self, conn, pause):
        self.conn, self.pause = conn, pause

    def execute(self, statement):
        result = self.conn.execute(statement)
        self.pause()
        return result

    def exec_driver_sql(self, sql: str):
        return self.execute(sa.text(sql))


def period_report(engine, config, period: Period, now: datetime,
                  dimensions: tuple[str, ...] | None = None, pause=lambda: None) -> dict:
    """Every figure of a period: totals, each grouping asked for, the wait distribution and
    the reasons cited with ratings. `pause` is called between statements."""
    dims = dimensions or period.dimensions()
    unknown = [dim for dim in dims if dim not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimension {unknown[0]!r}")
    d = Dialect(engine.dialect.name)
    scope = Scope(config.id, period.start, period.end, config)
    with engine.connect().execution_options(luot_readonly=True) as connection:
        conn = _Paced(connection, pause)
        write_visits(conn, d, scope)
        totals = _measured(conn, d, scope, "total").get(None) or empty_figures(scope.levels)
        cited = {dim: _reasons(conn, d, dim) for dim in dims if dim in REASON_DIMENSIONS}
        by = {dim: _groups(conn, d, scope, dim, cited.get(dim, {})) for dim in dims}
        distribution = _distribution(conn)
        total_reasons = _reasons(conn, d, "total").get(None, {})
        connection.rollback()
    return {"hall": {"id": config.id, "name": config.name, "short_name": config.short_name},
            "period": {"from": period.start.isoformat(), "to": period.end.isoformat(),
                       "days": period.days, "grain": period.grain},
            "generated_at": iso(now), "scale": _scale(config), "fields": field_list(),
            "totals": totals, "by": by, "wait_distribution": distribution,
            "reasons": _reason_list(config, total_reasons)}

"""Figures per group, computed by the database from the `tickets` and `ratings` tables.

A *visit* is one ticket row that counts: an issued ticket, or the copy a transfer made in
another area; a copy whose transfer was undone (`withdrawn`) counts nowhere. Each visit has
its area, its counter and clerk (the latest call), its business day, week and month, the
hall-local hour it joined its queue, its final status, its wait (joined → first call) and,
when served, its service time (first call → finish), in whole seconds, and its rating.

A report first writes the period's visits into a temporary table (`report_visits`, gone when
the report's transaction ends), so that the time arithmetic runs once per visit; each
grouping then takes one statement for its counts and averages and one for its percentiles
(a window function on PostgreSQL; on SQLite, whose window functions are slow, a sorted
temporary table whose rowids are the ranks).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import Executable, ClauseElement

from ..tables import ratings as R
from ..tables import tickets as T
from .fields import WAIT_BUCKETS_MIN
from .sqlbits import Dialect

DEVICE_SUFFIX = " (thiết bị)"      # how counter/acting.py marks a keypad's or scanner's action
DEFAULT_TARGET_MINUTES = 15       # an area the configuration no longer lists
OPEN_STATUSES = ("waiting", "called")
VISIT_COLUMNS = ("area", "counter", "clerk", "day", "week", "month", "hour", "weekday", "status",
                 "original", "wait", "service", "target", "level", "reasons")
REPORT_VISITS = sa.table("report_visits", *[sa.column(name) for name in VISIT_COLUMNS])
KEYS = {"total": (), "area": ("area",), "counter": ("counter",), "clerk": ("clerk",),
        "day": ("day",), "week": ("week",), "month": ("month",), "hour": ("hour",),
        "weekday-hour": ("weekday", "hour")}


@dataclass(frozen=True)
class Scope:
    """What a report covers: one hall, business days start…end (inclusive), its config."""

    hall_id: str
    start: date
    end: date
    config: object

    @property
    def levels(self) -> list[int]:
        return [level.value for level in self.config.rating.levels]

    @property
    def satisfied_levels(self) -> list[int]:
        return [v for v in self.levels if self.config.rating.satisfied(v)]


def visits(d: Dialect, scope: Scope, detail: bool = False) -> sa.Select:
    """Every visit of the scope with its measures (the rows every figure is made of);
    `detail` adds what the per-ticket export shows."""
    joined = sa.func.coalesce(T.c.joined_at, T.c.issued_at)
    targets = {a.id: a.target_wait_minutes * 60 for a in scope.config.areas}
    extra = [T.c.number, T.c.priority, T.c.issued_at, joined.label("joined_at"),
             T.c.first_called_at, T.c.finished_at, T.c.dossier_code] if detail else []
    return sa.select(
        T.c.area_id.label("area"), T.c.counter.label("counter"),
        sa.func.replace(T.c.clerk, DEVICE_SUFFIX, "").label("clerk"),
        T.c.business_date.label("day"), d.week(T.c.business_date).label("week"),
        d.month(T.c.business_date).label("month"), d.local_hour(joined).label("hour"),
        d.weekday(T.c.business_date).label("weekday"), T.c.status.label("status"),
        sa.case((T.c.origin_id.is_(None), 1), else_=0).label("original"),
        d.seconds(joined, T.c.first_called_at).label("wait"),
        sa.case((T.c.status == "served", d.seconds(T.c.first_called_at, T.c.finished_at)))
        .label("service"),
        sa.case(targets, value=T.c.area_id, else_=DEFAULT_TARGET_MINUTES * 60).label("target"),
        R.c.level.label("level"), R.c.reasons.label("reasons"), *extra,
    ).select_from(T.outerjoin(R, R.c.ticket_id == T.c.id)).where(
        T.c.hall_id == scope.hall_id, T.c.business_date >= scope.start,
        T.c.business_date <= scope.end, T.c.status != "withdrawn")


class CreateTempTable(Executable, ClauseElement):
    """CREATE TEMPORARY TABLE name AS <select> (dropped at the end of the transaction)."""

    inherit_cache = False

    def __init__(self, name: str, select: sa.Select):
        self.name, self.select = name, select


@compiles(CreateTempTable)
def _create_temp_table(element, compiler, **kw):
    on_commit = " ON COMMIT DROP" if compiler.dialect.name == "postgresql" else ""
    return (f"CREATE TEMPORARY TABLE {element.name}{on_commit} AS "
            f"{compiler.process(element.select, **kw)}")


def write_visits(conn, d: Dialect, scope: Scope) -> None:
    """The scope's visits into `report_visits`, for this transaction."""
    conn.execute(CreateTempTable("report_visits", visits(d, scope)))


def _keys(dimension: str) -> list:
    return [REPORT_VISITS.c[name] for name in KEYS[dimension]]


def _count(condition):
    return sa.func.sum(sa.case((condition, 1), else_=0))


def grouped(scope: Scope, dimension: str) -> sa.Select:
    """Counts, means and maxima of every group of a dimension (keys first)."""
    v, keys = REPORT_VISITS, _keys(dimension)
    status = v.c.status
    return sa.select(
        *keys,
        _count(v.c.original == 1).label("issued"), _count(v.c.original == 0).label("transferred_in"),
        _count(status == "served").label("served"), _count(status == "no_show").label("no_show"),
        _count(status == "transferred").label("transferred"),
        _count(status == "expired").label("expired"),
        _count(status.in_(OPEN_STATUSES)).label("open"),
        sa.func.count(v.c.wait).label("wait_n"), sa.func.avg(v.c.wait).label("wait_mean"),
        sa.func.max(v.c.wait).label("wait_max"),
        sa.func.count(v.c.service).label("service_n"),
        sa.func.avg(v.c.service).label("service_mean"), sa.func.max(v.c.service).label("service_max"),
        _count(v.c.wait <= v.c.target).label("on_time"),
        _count(sa.or_(v.c.wait.isnot(None), status == "expired")).label("on_time_base"),
        sa.func.count(v.c.level).label("ratings"),
        _count(v.c.level.in_(scope.satisfied_levels)).label("satisfied"),
        *[_count(v.c.level == value).label(f"level_{value}") for value in scope.levels],
    ).where(*[k.isnot(None) for k in keys]).group_by(*keys)


QUANTILES = {"median": (1, 2), "p90": (9, 10)}      # name -> p as a fraction num/den


def _position(size, num: int, den: int) -> tuple:
    """Where the num/den quantile lies among `size` sorted values (Excel's PERCENTILE.INC
    and MEDIAN): index p·(n−1) from the first, as a whole index and a fraction, in integers."""
    position = (size - 1) * num
    return position // den, sa.cast(position % den, sa.Float) / den


def _window_percentiles(dimension: str) -> sa.Select:
    """PostgreSQL: each called visit ranked within its group by a window function, then the
    two ranks around each quantile's position interpolated."""
    v, keys = REPORT_VISITS, _keys(dimension)
    called = [v.c.wait.isnot(None), *[k.isnot(None) for k in keys]]
    labels = [f"k{i}" for i in range(len(keys))]
    ranked = sa.select(*[k.label(n) for k, n in zip(keys, labels)], v.c.wait,
                       sa.func.row_number().over(partition_by=keys, order_by=v.c.wait).label("rn"),
                       sa.func.count().over(partition_by=keys).label("n")) \
        .where(*called).subquery("ranked")
    columns = []
    for name, (num, den) in QUANTILES.items():
        low, frac = _position(ranked.c.n, num, den)
        columns.append(sa.func.sum(sa.case((ranked.c.rn == low + 1, ranked.c.wait * (1 - frac)),
                                           (ranked.c.rn == low + 2, ranked.c.wait * frac),
                                           else_=0.0)).label(name))
    group = [ranked.c[n] for n in labels]
    return sa.select(*group, *columns).group_by(*group)


RANKED = "ranked_waits"


def _sorted_percentiles(conn, dimension: str) -> list:
    """SQLite: the called visits copied into a temporary table sorted by group and wait, so
    that a row's rowid is its rank; each quantile is then two rowid look-ups per group.
    (SQLite's window functions cost three times as much over a year of visits.)"""
    v, keys = REPORT_VISITS, _keys(dimension)
    labels = [f"k{i}" for i in range(len(keys))]
    conn.execute(CreateTempTable(RANKED, sa.select(*[k.label(n) for k, n in zip(keys, labels)], v.c.wait)
                                 .where(v.c.wait.isnot(None), *[k.isnot(None) for k in keys])
                                 .order_by(*keys, v.c.wait)))
    ranked = sa.table(RANKED, *[sa.column(n) for n in labels], sa.column("wait"),
                      sa.column("rowid"))
    groups = sa.select(*[ranked.c[n] for n in labels], sa.func.min(ranked.c.rowid).label("first"),
                       sa.func.count().label("n")).group_by(*[ranked.c[n] for n in labels]) \
        .subquery("groups")
    statement = sa.select(*[groups.c[n] for n in labels])
    for name, (num, den) in QUANTILES.items():
        low, frac = _position(groups.c.n, num, den)
        at, after = ranked.alias(f"{name}_at"), ranked.alias(f"{name}_after")
        statement = statement.join_from(groups, at, at.c.rowid == groups.c.first + low) \
            .outerjoin(after, sa.and_(after.c.rowid == groups.c.first + low + 1, low + 1 < groups.c.n))
        statement = statement.add_columns(
            (at.c.wait + frac * (sa.func.coalesce(after.c.wait, at.c.wait) - at.c.wait)).label(name))
    rows = conn.execute(statement).all()
    conn.exec_driver_sql(f"DROP TABLE {RANKED}")
    return rows


def wait_percentiles(conn, d: Dialect, dimension: str) -> list:
    """Rows of (keys…, median, p90) of the wait, one per group with a called visit."""
    if d.sqlite:
        return _sorted_percentiles(conn, dimension)
    return conn.execute(_window_percentiles(dimension)).all()


def wait_distribution() -> sa.Select:
    """Called visits per wait bucket (WAIT_BUCKETS_MIN): bucket index, count."""
    v = REPORT_VISITS
    edges = WAIT_BUCKETS_MIN[1:]
    bucket = sa.case(*[(v.c.wait < edge * 60, i) for i, edge in enumerate(edges)],
                     else_=len(edges)).label("bucket")
    return sa.select(bucket, sa.func.count().label("visits")).where(v.c.wait.isnot(None)) \
        .group_by(bucket)


def reasons(d: Dialect, dimension: str) -> sa.Select:
    """How often each reason was cited with a rating, per group: keys…, reason, count."""
    v, keys = REPORT_VISITS, _keys(dimension)
    items = d.array_items(v.c.reasons)
    return sa.select(*keys, items.c.value.label("reason"), sa.func.count().label("cited")) \
        .select_from(v).join(items, sa.true()) \
        .where(v.c.level.isnot(None), *[k.isnot(None) for k in keys]) \
        .group_by(*keys, items.c.value)

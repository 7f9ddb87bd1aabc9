"""The per-ticket export: one row per visit the report counts, with stable, documented
column names (docs/reports.md) shared by the CSV file and the workbook's ticket sheet."""
from __future__ import annotations

from dataclasses import dataclass

from hall.clock import iso

from .figures import Scope, visits
from .sqlbits import Dialect


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    kind: str = "text"      # text, count, date, moment


COLUMNS = (
    Column("business_date", "Ngày", "date"),
    Column("number", "Số thứ tự"),
    Column("area", "Mã lĩnh vực"),
    Column("area_name", "Lĩnh vực"),
    Column("kind", "Loại (issued: cấp mới, transfer: chuyển đến)"),
    Column("priority", "Ưu tiên"),
    Column("status", "Kết quả"),
    Column("issued_at", "Lúc cấp", "moment"),
    Column("joined_at", "Lúc vào hàng", "moment"),
    Column("first_called_at", "Lúc gọi lần đầu", "moment"),
    Column("finished_at", "Lúc kết thúc", "moment"),
    Column("wait_seconds", "Chờ (giây)", "count"),
    Column("service_seconds", "Phục vụ (giây)", "count"),
    Column("target_wait_minutes", "Chờ tối đa đúng hẹn (phút)", "count"),
    Column("on_time", "Đúng hẹn (1/0)", "count"),
    Column("counter", "Quầy", "count"),
    Column("clerk", "Cán bộ"),
    Column("rating", "Mức đánh giá", "count"),
    Column("reasons", "Lý do"),
    Column("dossier_code", "Mã hồ sơ"),
)
HEADERS = tuple(c.key for c in COLUMNS)


def _on_time(row) -> int | None:
    """1 when called within the area's target, 0 when later or never (expired), else empty."""
    if row.wait is not None:
        return 1 if row.wait <= row.target else 0
    return 0 if row.status == "expired" else None


def _reasons(value) -> str:
    import json
    items = json.loads(value) if isinstance(value, str) else (value or [])
    return " ".join(items)


def ticket_rows(engine, config, start, end):
    """Yield each visit of business days start…end as a dict keyed by HEADERS (times in
    hall time, ISO 8601)."""
    import sqlalchemy as sa
    d = Dialect(engine.dialect.name)
    v = visits(d, Scope(config.id, start, end, config), detail=True).subquery("visits")
    names = {a.id: a.name for a in config.areas}
    statement = sa.select(v).order_by(v.c.day, v.c.joined_at, v.c.number)
    with engine.connect().execution_options(luot_readonly=True, yield_per=2000) as conn:
        for row in conn.execute(statement):
            yield {"business_date": row.day.isoformat(), "number": row.number, "area": row.area,
                   "area_name": names.get(row.area, row.area),
                   "kind": "issued" if row.original else "transfer", "priority": row.priority,
                   "status": row.status, "issued_at": iso(row.issued_at),
                   "joined_at": iso(row.joined_at), "first_called_at": iso(row.first_called_at),
                   "finished_at": iso(row.finished_at), "wait_seconds": row.wait,
                   "service_seconds": row.service, "target_wait_minutes": row.target // 60,
                   "on_time": _on_time(row), "counter": row.counter,
                   "clerk": row.clerk.split(":", 2)[-1] if row.clerk else None,
                   "rating": row.level, "reasons": _reasons(row.reasons) if row.level else None,
                   "dossier_code": row.dossier_code}

"""Figures derived from the record: a clerk's day (more reports build on the event log)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from hall.clock import business_date

from .tables import tickets as T


def clerk_day(engine, hall_id: str, principal, now) -> dict:
    """Tickets a person finished today: served, no-shows, average service time."""
    prefix = f"{principal.kind}:{principal.id}:"
    with engine.connect() as conn:
        rows = conn.execute(sa.select(T.c.status, T.c.first_called_at, T.c.finished_at).where(
            T.c.hall_id == hall_id, T.c.business_date == business_date(now),
            T.c.clerk.startswith(prefix, autoescape=True),
            T.c.status.in_(("served", "no_show")))).all()
    served = [(r.finished_at - r.first_called_at).total_seconds() for r in rows
              if r.status == "served" and r.first_called_at and r.finished_at]
    return {"served": len(served), "no_show": sum(1 for r in rows if r.status == "no_show"),
            "avg_service_seconds": round(sum(served) / len(served), 1) if served else None}


def _events_of_day(engine, hall_id: str, day) -> list:
    """The day's ticket events, in order (the record every figure derives from)."""
    from .tables import events as E
    of_day = sa.select(T.c.id).where(T.c.hall_id == hall_id, T.c.business_date == day)
    with engine.connect() as conn:
        return conn.execute(sa.select(E.c.name, E.c.at, E.c.actor, E.c.payload).where(
            E.c.hall_id == hall_id, E.c.ticket_id.in_(of_day),
            E.c.name.in_(("ticket_issued", "ticket_called", "ticket_updated")))
            .order_by(E.c.seq)).all()


def _visits(rows) -> dict:
    """Per ticket: area, issue time, first call, finish, outcome, counter, clerk."""
    visits: dict[str, dict] = {}
    for row in rows:
        ticket = row.payload["ticket"]
        visit = visits.setdefault(ticket["id"], {"area": ticket["area"], "issued": None,
                                                 "called": None, "finished": None,
                                                 "outcome": None, "counter": None, "clerk": None})
        if row.name == "ticket_issued":
            visit["issued"] = row.at
        elif row.name == "ticket_called" and visit["called"] is None:
            visit["called"], visit["counter"] = row.at, row.payload["counter"]["number"]
            visit["clerk"] = (row.actor or "").split(":", 2)[-1].replace(" (thiết bị)", "") or None
            visit["issued"] = visit["issued"] or datetime.fromisoformat(ticket["issued_at"])
        elif row.name == "ticket_updated" and ticket["status"] in ("served", "no_show", "transferred",
                                                                   "expired"):
            visit["finished"], visit["outcome"] = row.at, ticket["status"]
            if ticket["status"] == "no_show":
                visit["called"] = visit["called"] or row.at
        elif row.name == "ticket_updated" and ticket["status"] == "waiting" and ticket["origin"]:
            visit["issued"] = datetime.fromisoformat(ticket["issued_at"])
    return visits


def _mean_minutes(values: list[float]):
    return round(sum(values) / len(values) / 60.0, 1) if values else None


def _group(visits: dict, key: str) -> list[dict]:
    groups: dict = {}
    for visit in visits.values():
        name = visit[key]
        if name is None:
            continue
        g = groups.setdefault(name, {"issued": 0, "served": 0, "no_show": 0, "transferred": 0,
                                     "expired": 0, "waits": [], "services": []})
        g["issued"] += 1
        if visit["outcome"]:
            g[visit["outcome"]] += 1
        if visit["called"] and visit["issued"]:
            g["waits"].append((visit["called"] - visit["issued"]).total_seconds())
        if visit["outcome"] == "served" and visit["called"] and visit["finished"]:
            g["services"].append((visit["finished"] - visit["called"]).total_seconds())
    return [{key: name, "tickets": g["issued"], "served": g["served"], "no_show": g["no_show"],
             "transferred": g["transferred"], "expired": g["expired"],
             "avg_wait_min": _mean_minutes(g["waits"]),
             "max_wait_min": round(max(g["waits"]) / 60.0, 1) if g["waits"] else None,
             "avg_service_min": _mean_minutes(g["services"])}
            for name, g in sorted(groups.items(), key=lambda kv: str(kv[0]))]


def day_report(engine, hall_id: str, day) -> dict:
    """A business day's figures per area, counter and clerk, derived from the event log."""
    visits = _visits(_events_of_day(engine, hall_id, day))
    return {"business_date": day.isoformat(), "by_area": _group(visits, "area"),
            "by_counter": _group(visits, "counter"), "by_clerk": _group(visits, "clerk")}


def day_report_xlsx(report: dict, area_names: dict) -> bytes:
    """The day report as an Excel workbook: one sheet per grouping, Vietnamese headers."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    headers = ["Số phiếu", "Đã phục vụ", "Vắng mặt", "Đã chuyển", "Hết hạn",
               "Chờ TB (phút)", "Chờ lâu nhất (phút)", "Phục vụ TB (phút)"]
    fields = ["tickets", "served", "no_show", "transferred", "expired", "avg_wait_min",
              "max_wait_min", "avg_service_min"]
    book = Workbook()
    book.remove(book.active)
    for title, key, label in [("Lĩnh vực", "by_area", "area"), ("Quầy", "by_counter", "counter"),
                              ("Cán bộ", "by_clerk", "clerk")]:
        sheet = book.create_sheet(title)
        sheet.append([f"Báo cáo ngày {report['business_date']}"])
        sheet.append([title, *headers])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in report[key]:
            name = area_names.get(row[label], row[label]) if label == "area" else row[label]
            sheet.append([name, *[row[f] for f in fields]])
        sheet.column_dimensions["A"].width = 34
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

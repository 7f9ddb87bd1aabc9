"""The day report of earlier releases (GET /api/v1/reports/day), kept in its shape: a
one-day period report, per area, counter and clerk."""
from __future__ import annotations

from .period import Period, period_report

_KEYS = {"area": "area", "counter": "counter", "clerk": "clerk"}


def _row(dimension: str, group: dict) -> dict:
    """A period group in the day report's words (`tickets`: issued per area, called per
    counter or clerk)."""
    tickets = group["issued"] if dimension == "area" else group["called"]
    return {dimension: group["name"] if dimension == "clerk" else group["key"], "tickets": tickets,
            "served": group["served"], "no_show": group["no_show"],
            "transferred": group["transferred"], "expired": group["expired"],
            "avg_wait_min": group["wait_mean_min"], "max_wait_min": group["wait_max_min"],
            "avg_service_min": group["service_mean_min"]}


def day_report(engine, config, day, now) -> dict:
    """A business day's figures per area, counter and clerk (groups with no ticket left out)."""
    report = period_report(engine, config, Period(day, day), now, ("area", "counter", "clerk"))
    return {"business_date": day.isoformat(),
            **{f"by_{dim}": [_row(dim, g) for g in report["by"][dim] if g["issued"] or g["called"]
                             or g["transferred_in"]]
               for dim in _KEYS}}

"""The public board's figures (/cong-khai): the centre's day and month so far, per area,
with nothing about any person — no clerk, no counter, no ticket."""
from __future__ import annotations

from hall.clock import business_date, iso

from .period import Period, period_report

PUBLIC_FIELDS = ("issued", "served", "wait_median_min", "on_time_share", "ratings", "satisfaction")


def _public(report: dict) -> dict:
    pick = lambda figures: {key: figures[key] for key in PUBLIC_FIELDS}   # noqa: E731
    return {"from": report["period"]["from"], "to": report["period"]["to"],
            "totals": pick(report["totals"]),
            "areas": [{"id": g["key"], "name": g["name"], "name_en": g["name_en"],
                       "target_wait_min": g["target_wait_min"], **pick(g)}
                      for g in report["by"]["area"]]}


def public_figures(engine, config, now, pause=lambda: None) -> dict:
    """Today's and this month's figures of the centre, per area."""
    today = business_date(now)
    periods = {"today": Period(today, today), "month": Period(today.replace(day=1), today)}
    return {"centre": {"name": config.name, "short_name": config.short_name},
            "business_date": today.isoformat(), "generated_at": iso(now),
            **{name: _public(period_report(engine, config, period, now, ("area",), pause))
               for name, period in periods.items()}}

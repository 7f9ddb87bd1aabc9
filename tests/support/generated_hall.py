"""Busy days made up at random (seeded), written straight into the tickets and ratings tables:
for report tests over weeks and the year-long benchmark (bench/reports_bench.py).

Each working day has `per_day` tickets issued between 07:30 and 16:30 (busiest mid-morning);
each is served (most), missed, transferred to another area (its copy is then served there)
or left to expire; waits and service times are drawn at random; about half the served
tickets are rated. `generate` returns the visits it wrote, so tests can work the figures out
in Python and compare.
"""
from __future__ import annotations

import json
import random
import uuid
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from hall.clock import VIETNAM
from store.tables import ratings, tickets

REASONS = ("thai-do", "thoi-gian-cho", "huong-dan", "di-lai", "co-so-vat-chat")


def working_days(first: date, count: int) -> list[date]:
    """`count` Mondays-to-Fridays from `first` on."""
    days, day = [], first
    while len(days) < count:
        if day.isoweekday() <= 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _arrival(rng: random.Random, day: date) -> datetime:
    minutes = min(max(rng.triangular(0, 540, 150), 0), 539)       # 07:30 + 0…9 h, peak ~10:00
    start = datetime.combine(day, time(7, 30), tzinfo=VIETNAM)
    return (start + timedelta(minutes=minutes)).replace(microsecond=0).astimezone(timezone.utc)


class DayMaker:
    """Makes one day's rows for a hall configuration."""

    def __init__(self, config, rng: random.Random):
        self.config, self.rng = config, rng
        self.areas = [a.id for a in config.areas]
        self.counters = {a: [c.number for c in config.counters if a in c.areas] for a in self.areas}
        self.clerks = {c.number: f"user:{c.number}:Cán bộ {c.number}" for c in config.counters}

    def _visit(self, day, area, n, joined, origin=None, number=None, queue_at=None) -> list[dict]:
        rng = self.rng
        outcome = rng.choices(["served", "no_show", "transferred", "expired"], [85, 6, 4, 5])[0]
        if origin is not None and outcome == "transferred":
            outcome = "served"
        counter = rng.choice(self.counters[area]) if self.counters[area] else None
        if counter is None:
            outcome = "expired"
        row = {"id": uuid.uuid4().hex, "hall_id": self.config.id, "area_id": area,
               "series_area_id": area if origin is None else origin["series_area_id"],
               "business_date": day, "number": number or f"{area[:2].upper()}{n:04d}", "seq_n": n,
               "priority": None, "session": None, "status": outcome, "issued_at": queue_at or joined,
               "queue_at": queue_at or joined, "joined_at": joined, "called_at": None,
               "first_called_at": None, "finished_at": None, "counter": None, "clerk": None,
               "call_count": 0, "origin_id": origin["id"] if origin else None,
               "transferred_to": None, "dossier_code": None, "version": 0}
        if outcome == "expired":
            row["finished_at"] = datetime.combine(day + timedelta(days=1), time(0, 0), VIETNAM)
            return [row]
        called = joined + timedelta(seconds=int(rng.expovariate(1 / 720)) + 10)
        service = int(rng.lognormvariate(5.8, 0.5)) if outcome != "no_show" else rng.randint(60, 180)
        suffix = " (thiết bị)" if rng.random() < 0.1 else ""
        row.update(called_at=called, first_called_at=called, counter=counter, call_count=1,
                   clerk=self.clerks[counter] + suffix, finished_at=called + timedelta(seconds=service))
        rows = [row]
        if outcome == "transferred":
            other = rng.choice([a for a in self.areas if a != area and self.counters[a]])
            copy = self._visit(day, other, n, row["finished_at"], origin=row, number=row["number"],
                               queue_at=row["queue_at"])
            row["transferred_to"] = copy[0]["id"]
            rows += copy
        return rows

    def day(self, day: date, per_day: int) -> list[dict]:
        """Every ticket row of one day (transfer copies after their original)."""
        arrivals = sorted(_arrival(self.rng, day) for _ in range(per_day))
        counts = dict.fromkeys(self.areas, 0)
        rows = []
        for joined in arrivals:
            area = self.rng.choice(self.areas)
            counts[area] += 1
            rows += self._visit(day, area, counts[area], joined)
        return rows

    def rating(self, row: dict) -> dict | None:
        """A rating for about half the served visits: mostly satisfied, some with reasons."""
        if row["status"] != "served" or self.rng.random() >= 0.5:
            return None
        levels = [lv.value for lv in self.config.rating.levels]
        level = self.rng.choices(levels, [60, 30, 10][:len(levels)] + [5] * (len(levels) - 3))[0]
        reasons = sorted(self.rng.sample(REASONS, self.rng.randint(1, 2))) \
            if level == min(levels) else []
        return {"ticket_id": row["id"], "hall_id": row["hall_id"],
                "business_date": row["business_date"], "level": level, "reasons": reasons,
                "source": "screen", "at": row["finished_at"] + timedelta(seconds=20),
                "area_id": row["area_id"], "counter": row["counter"], "clerk": row["clerk"],
                "dossier_code": None}


def generate(engine, config, days: list[date], per_day: int, seed: int = 12) -> tuple[list, list]:
    """Write the days' tickets and ratings; return (ticket rows, rating rows)."""
    maker = DayMaker(config, random.Random(seed))
    all_tickets, all_ratings = [], []
    for day in days:
        rows = maker.day(day, per_day)
        rated = [r for r in (maker.rating(row) for row in rows) if r]
        with engine.begin() as conn:
            conn.execute(sa.insert(tickets), rows)
            if rated:
                conn.execute(sa.insert(ratings), [{**r, "reasons": r["reasons"]} for r in rated])
        all_tickets += rows
        all_ratings += rated
    return all_tickets, all_ratings


def dumps(rows) -> str:
    """Rows as JSON (for a look while debugging)."""
    return json.dumps(rows, default=str, ensure_ascii=False, indent=1)

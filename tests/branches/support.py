"""Branch halls for tests: hall files with their own ids, and a day of compressed work."""
from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_HALL = ROOT / "tests" / "data" / "hall.toml"


def hall_file(folder: Path, hall_id: str, name: str | None = None, extra: str = "",
              hours: tuple[str, str] | None = None) -> Path:
    """The test hall under another id (and name), with `extra` TOML appended; `hours` (start,
    end) in place of its all-day session."""
    text = TEST_HALL.read_text(encoding="utf-8")
    if hours:
        text = text.replace('start = "00:00"\nend = "24:00"',
                            f'start = "{hours[0]}"\nend = "{hours[1]}"', 1)
        assert f'start = "{hours[0]}"' in text
    text = re.sub(r'^id = "test-hall"', f'id = "{hall_id}"', text, count=1, flags=re.M)
    if name:
        text = re.sub(r'^name = ".*"', f'name = "{name}"', text, count=1, flags=re.M)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hall_id}.toml"
    path.write_text(text + "\n" + extra, encoding="utf-8")
    return path


def operate(service, ratings, clock, steps: int, seed: int = 1) -> None:
    """Compressed operation at counters 1 and 2: issue, call, serve, no-show, rate; the fake
    clock moves a minute or two between steps."""
    rng = random.Random(seed)
    for number in (1, 2):
        try:
            service.sign_in(number, 100 + number, f"Cán bộ {number}")
        except Exception:  # noqa: BLE001 - already signed in
            pass
    for _ in range(steps):
        clock.advance(seconds=rng.randint(20, 120))
        roll = rng.random()
        try:
            if roll < 0.45:
                service.issue_ticket(rng.choice(["dat-dai", "tu-phap"]))
            else:
                counter = rng.choice([1, 2])
                served = service.call_next(counter)
                clock.advance(seconds=rng.randint(30, 300))
                if rng.random() < 0.85:
                    service.done(counter)
                    ticket_id = (served.get("current") or {}).get("id")
                    if ticket_id and rng.random() < 0.5:
                        ratings.rate(ticket_id, rng.choice([2, 3]), source="phone")
                else:
                    service.no_show(counter)
        except Exception:  # noqa: BLE001 - nothing to call, cap reached: the hall says no
            pass

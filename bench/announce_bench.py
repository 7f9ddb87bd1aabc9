"""Measure the announcer: voice pack generation, loading, composing, a sample's length, and
how soon each call of a burst is first heard.

    .venv/bin/python -m bench.announce_bench

The burst figures replay announce/schedule.py (the player's own decisions) against a
simulated clock where each segment lasts as long as the WAV that announce/compose.py
composes from the voice pack's clips, so they are what the hall hears, without waiting.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from announce.catalog import CHIME  # noqa: E402
from announce.clips import ClipStore  # noqa: E402
from announce.compose import Composer, plan_call  # noqa: E402
from announce.schedule import Job, Schedule, replay  # noqa: E402
from announce.settings import Settings  # noqa: E402
from announce.voicepack import ensure_voice_pack  # noqa: E402

# (seconds after the first call, ticket number, counter): 5 calls within 2 s.
BURST = ((0.0, "1023", 2), (0.5, "1024", 3), (1.0, "2015", 1), (1.5, "1025", 5),
         (2.0, "3007", 4))
GOAL_S = 15.0


def _timed(label, fn):
    started = time.perf_counter()
    result = fn()
    print(f"{label:44} {1000 * (time.perf_counter() - started):8.1f} ms")
    return result


def burst(settings: Settings, composer: Composer, calls=BURST) -> list[tuple]:
    """Replay a burst; returns [(number, counter, called at, first heard at, delay)] and
    prints the timeline."""
    jobs = []
    for at, number, counter in calls:
        payload = {"at": "2026-11-28T08:15:03+07:00", "call_id": f"c{number}",
                   "ticket": {"id": f"t{number}", "number": number}, "counter": {"number": counter}}
        plan = plan_call(payload, settings)
        jobs.append((at, Job(f"j{number}", plan.text, plan.items, f"t{number}", f"c{number}",
                             segments=plan.segments, short=plan.short,
                             short_text=plan.short_text)))
    chime = (CHIME, settings.chime_gap_ms) if settings.chime else ()
    first, timeline = replay(jobs, Schedule(chime, settings.short_gap_ms),
                             lambda items: composer.render(items).seconds if items else 0.0)
    for start, end, text in timeline:
        print(f"  {start:6.2f}–{end:6.2f} s  {text}")
    rows, free = [], 0.0
    for (at, number, counter), (_, job) in zip(calls, jobs):
        heard = first[job.id]
        # Before (issue 10): each call's full announcement in turn, one after the other.
        start = max(free, at)
        before = start + (composer.render(job.segments[0]).seconds if job.segments else 0) - at
        free = start + composer.render(job.items).seconds
        rows.append((number, counter, at, heard, heard - at, before))
    return rows


def main() -> None:
    """Print timings (espeak-ng must be installed for meaningful numbers)."""
    settings = Settings.from_config({"languages": ["vi", "en"]})
    pack = Path(tempfile.mkdtemp(prefix="voice-"))
    try:
        manifest = _timed("generate vi+en pack (cold)",
                          lambda: ensure_voice_pack(pack, settings.languages, settings.phrases()))
        _timed("ensure pack again (warm, nothing to do)",
               lambda: ensure_voice_pack(pack, settings.languages, settings.phrases()))
        store = _timed(f"load {len(manifest.clips)} clips", lambda: ClipStore.load(manifest))
        payload = {"at": "2026-11-28T08:15:03+07:00", "ticket": {"number": "1023"},
                   "counter": {"number": 2}}
        vi = Settings.from_config({})
        plan = plan_call(payload, vi)
        composer = Composer(store, volume=0.8)
        rendered = _timed("compose a call (cold, volume 0.8)", lambda: composer.render(plan.items))
        _timed("compose the same call (cached)", lambda: composer.render(plan.items))
        out = Path("/tmp/announce-sample.wav")
        out.write_bytes(rendered.wav)
        print(f"sample: {plan.text!r} -> {out}, {rendered.seconds:.3f} s computed")
        print(f"  chime {composer.render(plan.segments[0]).seconds:.3f} s, the phrase once "
              f"{composer.render(plan.segments[1]).seconds:.3f} s; short form "
              f"{plan.short_text!r}: {composer.render(plan.short).seconds:.3f} s")
        if shutil.which("soxi"):
            soxi = subprocess.run(["soxi", "-D", str(out)], capture_output=True, text=True)
            print(f"soxi -D: {soxi.stdout.strip()} s")
        together = tuple((0.01 * i, n, c) for i, (_, n, c) in enumerate(BURST))
        for label, chosen, calls in (("one every 0.5 s, vi (default)", vi, BURST),
                                     ("one every 0.5 s, vi + en", settings, BURST),
                                     ("all within 50 ms, vi", vi, together)):
            print(f"burst of {len(calls)} calls, {label}:")
            rows = burst(chosen, composer, calls)
            for number, counter, at, heard, delay, before in rows:
                print(f"  {number} → quầy {counter}: called {at:.2f} s, first heard "
                      f"{heard:5.2f} s, after {delay:5.2f} s (one full call after another: "
                      f"{before:5.2f} s)")
            worst = max(r[4] for r in rows)
            print(f"  worst delay {worst:.2f} s (goal ≤ {GOAL_S:.0f} s): "
                  f"{'ok' if worst <= GOAL_S else 'TOO SLOW'}")
    finally:
        shutil.rmtree(pack, ignore_errors=True)


if __name__ == "__main__":
    main()

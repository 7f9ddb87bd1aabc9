"""Measure the announcer: voice pack generation, loading, composing, and a sample's length.

    .venv/bin/python -m bench.announce_bench
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from announce.clips import ClipStore  # noqa: E402
from announce.compose import Composer, plan_call
from announce.settings import Settings
from announce.voicepack import ensure_voice_pack


def _timed(label, fn):
    started = time.perf_counter()
    result = fn()
    print(f"{label:44} {1000 * (time.perf_counter() - started):8.1f} ms")
    return result


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
        plan = plan_call(payload, Settings.from_config({}))
        composer = Composer(store, volume=0.8)
        rendered = _timed("compose a call (cold, volume 0.8)", lambda: composer.render(plan.items))
        _timed("compose the same call (cached)", lambda: composer.render(plan.items))
        out = Path("/tmp/announce-sample.wav")
        out.write_bytes(rendered.wav)
        print(f"sample: {plan.text!r} -> {out}, {rendered.seconds:.3f} s computed")
        if shutil.which("soxi"):
            soxi = subprocess.run(["soxi", "-D", str(out)], capture_output=True, text=True)
            print(f"soxi -D: {soxi.stdout.strip()} s")
    finally:
        shutil.rmtree(pack, ignore_errors=True)


if __name__ == "__main__":
    main()

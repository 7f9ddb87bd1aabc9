"""Under eventlet's monkey patching (the production mode) a hung sound device blocks nobody."""
import json
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent("""
    import eventlet
    eventlet.monkey_patch()
    import json, sys, time
    from pathlib import Path
    from announce.announcer import Announcer
    from announce.settings import Settings
    from announce.sinks import AplaySink

    class NoSynth:
        name = "espeak-ng"
        def available(self):
            return False

    pack_dir, hung = sys.argv[1], sys.argv[2]
    statuses = []
    announcer = Announcer(Settings.from_config({"repeat": 1, "chime": False}), pack_dir,
                          report=lambda s: statuses.append([s.id, s.status, s.detail]),
                          sink=AplaySink(binary=hung, timeout_margin=0.5,
                                                       cards=Path(sys.argv[3])),
                          synth=NoSynth())
    announcer.start()
    payload = {"seq": 1, "at": "2026-11-28T08:15:03+07:00", "call_id": "c1", "recall": False,
               "ticket": {"id": "t1", "number": "1023"}, "counter": {"number": 2}}
    started = time.monotonic()
    announcer.handle("ticket_called", payload)
    handle_s = time.monotonic() - started
    last = time.monotonic()
    worst = 0.0
    while time.monotonic() - started < 10 and not any(s[1] == "error" for s in statuses):
        time.sleep(0.01)
        now = time.monotonic()
        worst, last = max(worst, now - last), now
    announcer.stop()
    print(json.dumps({"handle_s": handle_s, "worst_gap_s": worst, "statuses": statuses,
                      "recent": announcer.recent()}))
""")


def test_hung_aplay_under_eventlet_blocks_neither_handle_nor_other_greenlets(
        tmp_path, tone_pack_dir):
    pack_dir = tmp_path / "pack"
    shutil.copytree(tone_pack_dir, pack_dir)
    hung = tmp_path / "aplay"
    hung.write_text("#!/bin/sh\nexec sleep 30\n")
    hung.chmod(hung.stat().st_mode | stat.S_IEXEC)
    root = Path(__file__).resolve().parents[2]
    cards = tmp_path / "cards"           # the sound card is there (this machine may have none)
    cards.write_text(" 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(pack_dir), str(hung), str(cards)],
                          cwd=root, capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["handle_s"] < 0.1
    assert result["worst_gap_s"] < 0.5
    assert [s[1] for s in result["statuses"]][-1] == "error", result
    assert "quá thời gian" in result["statuses"][-1][2]
    assert result["recent"][0]["status"] == "failed"

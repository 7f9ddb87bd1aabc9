"""Generate (or top up) the announcer's voice pack offline with espeak-ng.

    python -m tools.make_voice_pack var/voice --lang vi --lang en
    python -m tools.make_voice_pack var/voice --list          # clips, texts, sources
    python -m tools.make_voice_pack var/voice --say A012 --counter 3 --out /tmp/call.wav
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from announce.clips import ClipStore
from announce.compose import Composer, plan_phrase
from announce.settings import Settings
from announce.voicepack import ensure_voice_pack


def main(argv=None) -> int:
    """Command-line entry point; returns the exit status."""
    args = _parser().parse_args(argv)
    settings = Settings.from_config({"languages": args.lang or ["vi"], "region": args.region})
    manifest = ensure_voice_pack(args.pack_dir, settings.languages, settings.phrases())
    for problem in manifest.problems:
        print(f"! {problem}", file=sys.stderr)
    if args.list:
        for clip_id, entry in sorted(manifest.clips.items()):
            where = manifest.path_for(clip_id)
            print(f"{clip_id:42} {entry.source:10} {where or '-'}  {entry.text}")
    if args.say:
        plan = plan_phrase(settings, args.say, args.counter)
        rendered = Composer(ClipStore.load(manifest)).render(plan.items)
        Path(args.out).write_bytes(rendered.wav)
        print(f"{plan.text} -> {args.out} ({rendered.seconds:.2f} s)")
    print(f"{len(manifest.clips)} clips, {len(manifest.missing)} missing in {args.pack_dir}")
    return 1 if manifest.missing else 0


def _parser() -> argparse.ArgumentParser:
    """Command-line options."""
    p = argparse.ArgumentParser(description="Tạo gói giọng đọc (voice pack) cho loa gọi số.")
    p.add_argument("pack_dir", type=Path)
    p.add_argument("--lang", action="append", choices=["vi", "en"], help="repeatable")
    p.add_argument("--region", default="north", choices=["north", "south"])
    p.add_argument("--list", action="store_true", help="list every clip")
    p.add_argument("--say", metavar="NUMBER", help="compose a sample call")
    p.add_argument("--counter", type=int, default=1)
    p.add_argument("--out", default="announcement.wav")
    return p


if __name__ == "__main__":
    sys.exit(main())

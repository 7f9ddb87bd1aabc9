"""The voice pack: a folder of WAV clips plus manifest.json, generated offline with espeak-ng.

Layout::

    <pack_dir>/manifest.json        clip id -> file, text, lang, kind, source
    <pack_dir>/<id>.wav             generated clips (mono, 16-bit PCM, 22050 Hz)
    <pack_dir>/custom/<id>.wav      the centre's own recordings; checked first
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Optional

from announce import catalog, chime, pcm

MANIFEST = "manifest.json"
CUSTOM_DIR = "custom"
ESPEAK = "espeak-ng"
DEFAULT_VOICES = {"vi": "vi", "en": "en"}

Synth = Callable[[str, str], bytes]   # (text, lang) -> WAV bytes; raises SynthError


class SynthError(RuntimeError):
    """The speech synthesiser could not make a clip."""


@dataclass
class ClipEntry:
    """A manifest row."""

    file: str
    text: str
    lang: str
    kind: str
    source: str         # "espeak-ng" | "synth" | "missing" (or a custom synthesiser's name)
    voice: str = ""


@dataclass
class Manifest:
    """What the pack holds, and what is wrong with it (Vietnamese, for the manager)."""

    pack_dir: Path
    rate: int = pcm.RATE
    clips: dict[str, ClipEntry] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """Ids of clips that have neither a generated file nor a custom recording."""
        return [cid for cid in self.clips if self.path_for(cid) is None]

    def path_for(self, clip_id: str) -> Optional[Path]:
        """The file to play for ``clip_id``: the custom recording first, then the generated one."""
        entry = self.clips.get(clip_id)
        name = entry.file if entry else f"{clip_id}.wav"
        for path in (self.pack_dir / CUSTOM_DIR / name, self.pack_dir / name):
            if path.is_file():
                return path
        return None

    def to_json(self) -> str:
        """The manifest.json text."""
        clips = {cid: asdict(e) for cid, e in sorted(self.clips.items())}
        return json.dumps({"rate": self.rate, "clips": clips}, ensure_ascii=False, indent=1)


class EspeakSynth:
    """Make clips with the espeak-ng command line (offline)."""

    name = ESPEAK

    def __init__(self, binary: str = ESPEAK, voices: Optional[dict] = None, speed: int = 140,
                 timeout: float = 10.0):
        self.binary = binary
        self.voices = {**DEFAULT_VOICES, **(voices or {})}
        self.speed = speed
        self.timeout = timeout

    def available(self) -> bool:
        """True when the espeak-ng program is installed."""
        return shutil.which(self.binary) is not None

    def voice_for(self, lang: str) -> str:
        """The espeak-ng voice used for ``lang``."""
        return self.voices.get(lang, lang)

    def __call__(self, text: str, lang: str) -> bytes:
        """Speak ``text`` into WAV bytes."""
        cmd = [self.binary, "-v", self.voice_for(lang), "-s", str(self.speed), "--stdout",
               text.replace("-", " ")]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=self.timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SynthError(f"{self.binary}: {exc}") from None
        if done.returncode != 0 or not done.stdout:
            err = done.stderr.decode(errors="replace").strip()
            raise SynthError(f"{self.binary} exit {done.returncode}: {err}")
        return done.stdout


def ensure_voice_pack(pack_dir: Path, languages=("vi",), phrases: Optional[dict] = None,
                      synth=None) -> Manifest:
    """Generate the clips that are missing (or whose text changed) and return the manifest.

    Never raises for a missing synthesiser: the manifest's ``problems`` says what is
    missing, and the announcer then falls back to the chime alone.
    """
    pack_dir = Path(pack_dir)
    pack_dir.mkdir(parents=True, exist_ok=True)
    (pack_dir / CUSTOM_DIR).mkdir(exist_ok=True)
    if phrases is None:
        from announce.settings import Settings   # default templates' phrases
        phrases = Settings.from_config({"languages": list(languages)}).phrases()
    wanted = catalog.build_catalog(list(languages), phrases)
    synth = EspeakSynth() if synth is None else synth
    old = load_manifest(pack_dir)
    manifest = Manifest(pack_dir)
    can_speak = getattr(synth, "available", lambda: True)()
    for clip in wanted.values():
        time.sleep(0)   # let other greenlets run between clips under eventlet
        manifest.clips[clip.id] = _ensure_clip(pack_dir, clip, old.clips.get(clip.id),
                                               synth if can_speak else None, manifest.problems)
    if not can_speak and manifest.missing:
        manifest.problems.insert(0, f"Không tìm thấy {getattr(synth, 'name', 'bộ đọc')} "
                                    "(cài gói Debian espeak-ng) nên thiếu đoạn ghi âm.")
    _write_atomic(pack_dir / MANIFEST, manifest.to_json().encode())
    return manifest


def load_manifest(pack_dir: Path) -> Manifest:
    """Read ``manifest.json`` (an empty manifest when absent or unreadable)."""
    manifest = Manifest(Path(pack_dir))
    try:
        data = json.loads((manifest.pack_dir / MANIFEST).read_text(encoding="utf-8"))
        manifest.rate = int(data.get("rate", pcm.RATE))
        manifest.clips = {cid: ClipEntry(**row) for cid, row in data["clips"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return manifest


def _ensure_clip(pack_dir: Path, clip: catalog.Clip, old: Optional[ClipEntry],
                 synth, problems: list[str]) -> ClipEntry:
    """Keep an up-to-date clip file, or make it; returns its manifest row."""
    voice = synth.voice_for(clip.lang) if hasattr(synth, "voice_for") else ""
    entry = ClipEntry(f"{clip.id}.wav", clip.text, clip.lang, clip.kind, "missing", voice)
    path = pack_dir / entry.file
    if old and path.is_file() and old.text == clip.text and old.source != "missing" \
            and (old.voice == voice or synth is None):
        return old
    if clip.kind == "chime":
        samples, entry.source, entry.voice = chime.make_chime(), "synth", ""
    elif synth is None:
        return old if old and path.is_file() else entry
    else:
        try:
            samples = pcm.normalise(pcm.trim(pcm.read_wav(synth(clip.text, clip.lang))))
        except (SynthError, pcm.PcmError) as exc:
            problems.append(f"Không tạo được đoạn {clip.id} ({clip.text}): {exc}")
            return entry
        if not samples:
            problems.append(f"Đoạn {clip.id} ({clip.text}) không có tiếng.")
            return entry
        entry.source = getattr(synth, "name", "synth")
    _write_atomic(path, pcm.write_wav(samples))
    return entry


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a file so readers never see half of it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

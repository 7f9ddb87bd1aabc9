"""Clips in memory: the pack's WAV files loaded once, custom recordings made uniform."""
from __future__ import annotations

from array import array
from typing import Optional

from announce import pcm
from announce.voicepack import CUSTOM_DIR, Manifest


class ClipStore:
    """Samples for every clip of a manifest; custom recordings are trimmed and normalised."""

    def __init__(self, samples: dict[str, array], rate: int = pcm.RATE,
                 problems: Optional[list[str]] = None):
        self.rate = rate
        self.problems: list[str] = list(problems or [])
        self._samples = dict(samples)

    @classmethod
    def load(cls, manifest: Manifest) -> "ClipStore":
        """Load every clip of ``manifest`` (custom recordings first)."""
        store = cls({}, manifest.rate)
        for clip_id in manifest.clips:
            store._load(manifest, clip_id)
        return store

    def get(self, clip_id: str) -> Optional[array]:
        """The samples of ``clip_id``, or None when the pack lacks it."""
        return self._samples.get(clip_id)

    def missing(self, clip_ids) -> list[str]:
        """Which of ``clip_ids`` the store lacks (ints, i.e. gaps, are ignored)."""
        return [c for c in clip_ids if isinstance(c, str) and c not in self._samples]

    def _load(self, manifest: Manifest, clip_id: str) -> None:
        """Load one clip; a broken custom file falls back to the generated one."""
        path = manifest.path_for(clip_id)
        if path is None:
            return
        custom = path.parent.name == CUSTOM_DIR
        try:
            samples = pcm.read_wav(path.read_bytes(), self.rate)
            if custom:
                samples = pcm.normalise(pcm.trim(samples, rate=self.rate))
        except (OSError, pcm.PcmError) as exc:
            self.problems.append(f"Tệp {path.name} không dùng được: {exc}")
            if custom and (manifest.pack_dir / path.name).is_file():
                samples = pcm.read_wav((manifest.pack_dir / path.name).read_bytes(), self.rate)
            else:
                return
        if samples:
            self._samples[clip_id] = samples

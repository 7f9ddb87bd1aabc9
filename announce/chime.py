"""A synthesised attention chime: three soft bell tones (ding-dong-dong), made here."""
from __future__ import annotations

import math
from array import array

from announce import pcm

# (frequency Hz, start ms, length ms): E5, C5, G4 — a descending major arpeggio.
NOTES = ((659.25, 0, 900), (523.25, 380, 900), (392.00, 760, 1200))
# Partials of a soft bell: (frequency ratio, relative level, extra decay factor).
PARTIALS = ((1.0, 1.0, 1.0), (2.0, 0.35, 1.6), (3.0, 0.12, 2.4))


def make_chime(rate: int = pcm.RATE) -> array:
    """Return the chime as normalised mono samples."""
    total = max(start + length for _, start, length in NOTES)
    mix = [0.0] * pcm.frames_for(total, rate)
    for freq, start, length in NOTES:
        _add_bell(mix, freq, pcm.frames_for(start, rate), pcm.frames_for(length, rate), rate)
    top = max(abs(v) for v in mix) or 1.0
    samples = array("h", (round(v / top * pcm.FULL_SCALE * 0.5) for v in mix))
    return pcm.normalise(samples)


def _add_bell(mix: list[float], freq: float, offset: int, frames: int, rate: int) -> None:
    """Add one bell note with a quick attack and exponential decay into ``mix``."""
    attack = max(1, int(0.006 * rate))
    for i in range(min(frames, len(mix) - offset)):
        t = i / rate
        env = min(1.0, i / attack) * math.exp(-4.0 * t)
        fade = min(1.0, (frames - i) / attack)   # no click at the end
        value = sum(level * math.exp(-decay * t) * math.sin(2 * math.pi * freq * ratio * t)
                    for ratio, level, decay in PARTIALS)
        mix[offset + i] += env * fade * value

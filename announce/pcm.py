"""Mono 16-bit PCM in pure Python: read/write WAV, trim, normalise, scale, silence.

Samples are ``array('h')``. No numpy, no audioop (gone in Python 3.13).
"""
from __future__ import annotations

import io
import math
import sys
import wave
from array import array

RATE = 22050
FULL_SCALE = 32767
TARGET_RMS = 0.12 * FULL_SCALE      # equal loudness for every clip
PEAK_LIMIT = 0.89 * FULL_SCALE      # about -1 dBFS: never clips


class PcmError(ValueError):
    """A WAV file we cannot use."""


def read_wav(data: bytes, rate: int = RATE) -> array:
    """Decode a 16-bit PCM WAV (any channels, any rate) to mono samples at ``rate``."""
    try:
        with wave.open(io.BytesIO(data)) as w:
            width, channels, src_rate = w.getsampwidth(), w.getnchannels(), w.getframerate()
            frames = w.readframes(w.getnframes())
    except (wave.Error, EOFError) as exc:
        raise PcmError(f"not a PCM WAV file: {exc}") from None
    if width != 2:
        raise PcmError(f"need 16-bit samples, got {8 * width}-bit")
    samples = array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    return resample(to_mono(samples, channels), src_rate, rate)


def write_wav(samples: array, rate: int = RATE) -> bytes:
    """Encode mono samples as a 16-bit PCM WAV file."""
    out = samples
    if sys.byteorder == "big":
        out = array("h", samples)
        out.byteswap()
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(out.tobytes())
    return buf.getvalue()


def to_mono(samples: array, channels: int) -> array:
    """Average interleaved channels into one."""
    if channels == 1:
        return samples
    frames = len(samples) // channels
    return array("h", (sum(samples[i * channels:(i + 1) * channels]) // channels
                       for i in range(frames)))


def resample(samples: array, src_rate: int, rate: int) -> array:
    """Linear-interpolation resampling (good enough for speech clips)."""
    if src_rate == rate or not samples:
        return samples
    count = max(1, round(len(samples) * rate / src_rate))
    step = src_rate / rate
    last = len(samples) - 1
    out = array("h", bytes(2 * count))
    for i in range(count):
        pos = i * step
        j = min(int(pos), last)
        k = min(j + 1, last)
        frac = pos - j
        out[i] = int(samples[j] + (samples[k] - samples[j]) * frac)
    return out


def silence(ms: int, rate: int = RATE) -> array:
    """``ms`` milliseconds of silence."""
    return array("h", bytes(2 * frames_for(ms, rate)))


def frames_for(ms: int, rate: int = RATE) -> int:
    """Number of frames in ``ms`` milliseconds."""
    return round(ms * rate / 1000)


def trim(samples: array, threshold: float = 0.02, pad_ms: int = 15, rate: int = RATE) -> array:
    """Cut leading and trailing silence below ``threshold`` of full scale, keeping a pad."""
    level = threshold * FULL_SCALE
    first = next((i for i, s in enumerate(samples) if abs(s) > level), None)
    if first is None:
        return array("h")
    last = next(i for i in range(len(samples) - 1, -1, -1) if abs(samples[i]) > level)
    pad = frames_for(pad_ms, rate)
    return samples[max(0, first - pad):last + 1 + pad]


def rms(samples: array) -> float:
    """Root mean square level."""
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples))


def peak(samples: array) -> int:
    """Largest absolute sample."""
    return max((abs(s) for s in samples), default=0)


def normalise(samples: array) -> array:
    """Scale to the common loudness (RMS), limited so the peak never clips."""
    level, top = rms(samples), peak(samples)
    if not level or not top:
        return array("h", samples)
    return scale(samples, min(TARGET_RMS / level, PEAK_LIMIT / top))


def scale(samples: array, gain: float) -> array:
    """Multiply samples by ``gain``, saturating at full scale."""
    if gain == 1.0:
        return array("h", samples)
    lo, hi = -FULL_SCALE, FULL_SCALE
    return array("h", (min(hi, max(lo, round(s * gain))) for s in samples))


def duration_ms(samples: array, rate: int = RATE) -> int:
    """Length in milliseconds."""
    return round(len(samples) * 1000 / rate)

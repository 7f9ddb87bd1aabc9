"""Pure-Python PCM helpers."""
from array import array

import pytest

from announce import pcm
from announce.chime import make_chime


def test_wav_round_trip_keeps_samples():
    samples = array("h", [0, 1, -1, 32767, -32767, 1234])
    assert pcm.read_wav(pcm.write_wav(samples)) == samples


def test_trim_cuts_silence_but_keeps_a_pad():
    samples = pcm.silence(500) + array("h", [5000] * 100) + pcm.silence(500)
    trimmed = pcm.trim(samples, pad_ms=10)
    assert len(trimmed) == 100 + 2 * pcm.frames_for(10)


def test_trim_of_silence_is_empty():
    assert len(pcm.trim(pcm.silence(100))) == 0


def test_normalise_reaches_target_loudness_without_clipping():
    quiet = array("h", [300, -300] * 1000)
    assert pcm.rms(pcm.normalise(quiet)) == pytest.approx(pcm.TARGET_RMS, rel=0.01)
    spiky = array("h", [0] * 1000 + [20000] + [0] * 1000)
    assert pcm.peak(pcm.normalise(spiky)) <= pcm.PEAK_LIMIT + 1


def test_scale_saturates_instead_of_wrapping():
    assert list(pcm.scale(array("h", [20000, -20000]), 2.0)) == [32767, -32767]


def test_resample_changes_length_by_the_rate_ratio():
    assert len(pcm.resample(array("h", range(100)), 44100, 22050)) == 50
    assert len(pcm.resample(array("h", range(100)), 11025, 22050)) == 200


def test_to_mono_averages_channels():
    assert list(pcm.to_mono(array("h", [100, 300, -100, -300]), 2)) == [200, -200]


def test_non_16_bit_or_non_wav_input_is_refused():
    with pytest.raises(pcm.PcmError):
        pcm.read_wav(b"RIFF....nonsense")


def test_chime_is_about_two_seconds_loud_enough_and_unclipped():
    chime = make_chime()
    assert 1.5 < len(chime) / pcm.RATE < 2.5
    assert pcm.peak(chime) <= pcm.PEAK_LIMIT + 1
    assert pcm.rms(chime) > 0.5 * pcm.TARGET_RMS
    assert abs(chime[-1]) < 200          # fades out, no click

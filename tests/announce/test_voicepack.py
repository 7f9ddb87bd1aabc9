"""Generating the voice pack: every clip, only what is missing, custom recordings first."""
import json
import shutil
import wave
from array import array

import pytest

from announce import pcm
from announce.catalog import build_catalog, phrase_id, word_clips
from announce.clips import ClipStore
from announce.settings import Settings
from announce.voicepack import EspeakSynth, ensure_voice_pack, load_manifest

from .conftest import MissingSynth


def _assert_pack_format(path):
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        assert w.getnframes() > 0


def test_espeak_ng_generates_every_clip_in_the_manifest(tmp_path):
    assert shutil.which("espeak-ng"), "espeak-ng must be installed (Debian package espeak-ng)"
    settings = Settings.from_config({"languages": ["vi", "en"]})
    manifest = ensure_voice_pack(tmp_path, ("vi", "en"), settings.phrases(), EspeakSynth())
    assert manifest.problems == []
    assert manifest.missing == []
    on_disk = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["clips"]
    assert set(on_disk) == set(manifest.clips)
    for needed in ("chime", "vi-p-moi-cong-dan-co-so-thu-tu", "vi-p-den-quay-so", "vi-mot-sac",
                   "vi-tu", "vi-lam", "vi-linh", "vi-le", "vi-nghin", "vi-ngan", "vi-muoi",
                   "vi-muoi-huyen", "vi-letter-z", "en-thousand", "en-p-ticket-number"):
        assert needed in manifest.clips
    for clip_id, entry in manifest.clips.items():
        _assert_pack_format(tmp_path / entry.file)
        assert entry.source == ("synth" if clip_id == "chime" else "espeak-ng")
    assert on_disk["vi-mot-sac"]["text"] == "mốt"


def test_generated_clips_are_trimmed_and_normalised(tmp_path, tone_synth):
    ensure_voice_pack(tmp_path, ("vi",), {"vi": []}, tone_synth)
    samples = pcm.read_wav((tmp_path / "vi-hai.wav").read_bytes())
    expected = pcm.frames_for(40 + 5 * len("hai")) + 2 * pcm.frames_for(15)
    assert abs(len(samples) - expected) <= 2
    assert pcm.rms(samples) == pytest.approx(pcm.TARGET_RMS, rel=0.02)


def test_only_missing_or_changed_clips_are_generated(tmp_path, tone_synth):
    ensure_voice_pack(tmp_path, ("vi",), {"vi": ["đến quầy số"]}, tone_synth)
    total = len(tone_synth.calls)
    ensure_voice_pack(tmp_path, ("vi",), {"vi": ["đến quầy số"]}, tone_synth)
    assert len(tone_synth.calls) == total
    (tmp_path / "vi-hai.wav").unlink()
    ensure_voice_pack(tmp_path, ("vi",), {"vi": ["đến quầy số", "để nộp hồ sơ"]}, tone_synth)
    assert tone_synth.calls[total:] == [("vi", "hai"), ("vi", "để nộp hồ sơ")]


def test_missing_espeak_is_reported_and_the_chime_still_made(tmp_path):
    manifest = ensure_voice_pack(tmp_path, ("vi",), None, MissingSynth())
    assert "espeak-ng" in manifest.problems[0]
    assert manifest.path_for("chime") is not None
    assert "vi-mot" in manifest.missing
    assert set(ClipStore.load(manifest).missing(manifest.clips)) == set(manifest.missing)


def test_missing_espeak_keeps_clips_generated_earlier(tmp_path, tone_synth):
    ensure_voice_pack(tmp_path, ("vi",), {"vi": []}, tone_synth)
    manifest = ensure_voice_pack(tmp_path, ("vi",), {"vi": []}, MissingSynth())
    assert manifest.missing == []
    assert manifest.clips["vi-mot"].source == "tone"


def test_custom_recording_overrides_the_generated_clip(tmp_path, tone_synth):
    manifest = ensure_voice_pack(tmp_path, ("vi",), {"vi": []}, tone_synth)
    stereo_44k = array("h")
    for i in range(44100):                   # one second, two channels, quiet
        stereo_44k.extend((1000 if (i // 50) % 2 else -1000,) * 2)
    with wave.open(str(tmp_path / "custom" / "vi-hai.wav"), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(stereo_44k.tobytes())
    assert manifest.path_for("vi-hai") == tmp_path / "custom" / "vi-hai.wav"
    store = ClipStore.load(manifest)
    samples = store.get("vi-hai")
    assert abs(len(samples) - 22050) < 10
    assert pcm.rms(samples) == pytest.approx(pcm.TARGET_RMS, rel=0.05)


def test_broken_custom_recording_falls_back_to_the_generated_clip(tmp_path, tone_synth):
    manifest = ensure_voice_pack(tmp_path, ("vi",), {"vi": []}, tone_synth)
    (tmp_path / "custom" / "vi-ba.wav").write_bytes(b"not a wav")
    store = ClipStore.load(manifest)
    assert store.get("vi-ba") is not None
    assert "vi-ba.wav" in store.problems[0]


def test_manifest_round_trips(tmp_path, tone_synth):
    made = ensure_voice_pack(tmp_path, ("vi", "en"), {"vi": ["đến quầy số"]}, tone_synth)
    assert load_manifest(tmp_path).clips == made.clips


def test_catalog_ids_are_unique_ascii_file_names():
    clips = word_clips("vi") + word_clips("en")
    ids = [c.id for c in clips]
    assert len(ids) == len(set(ids))
    assert all(i.isascii() and i.replace("-", "").isalnum() for i in ids)


def test_phrase_ids_fold_diacritics_and_punctuation():
    assert phrase_id("vi", " Xin lỗi đã để công dân chờ lâu. ") == \
        "vi-p-xin-loi-da-de-cong-dan-cho-lau"
    assert phrase_id("en", "Ticket number,") == "en-p-ticket-number"


def test_phrases_folding_to_one_id_are_refused():
    with pytest.raises(ValueError, match="share id"):
        build_catalog(["vi"], {"vi": ["quầy một", "quây mọt"]})

"""Shared fixtures: a fast fake synthesiser and voice packs made with it."""
import math
from array import array

import pytest

from announce import pcm
from announce.clips import ClipStore
from announce.voicepack import ensure_voice_pack


class ToneSynth:
    """Speaks any text as a tone whose length grows with the text, padded with silence."""

    name = "tone"

    def __init__(self):
        self.calls = []

    def voice_for(self, lang):
        return f"tone-{lang}"

    def __call__(self, text, lang):
        self.calls.append((lang, text))
        rate = pcm.RATE
        tone = [round(8000 * math.sin(2 * math.pi * 440 * i / rate))
                for i in range(pcm.frames_for(40 + 5 * len(text)))]
        pad = [0] * pcm.frames_for(100)
        return pcm.write_wav(array("h", pad + tone + pad))


class MissingSynth:
    """A synthesiser that is not installed."""

    name = "espeak-ng"

    def available(self):
        return False


@pytest.fixture
def tone_synth():
    return ToneSynth()


@pytest.fixture(scope="session")
def tone_pack_dir(tmp_path_factory):
    """A vi+en pack folder generated once with the tone synthesiser (do not modify)."""
    from announce.settings import Settings
    settings = Settings.from_config({"languages": ["vi", "en"]},
                                    purposes={"vi": {5: "để nhận kết quả"}})
    pack_dir = tmp_path_factory.mktemp("tone") / "pack"
    ensure_voice_pack(pack_dir, ("vi", "en"), settings.phrases(), ToneSynth())
    return pack_dir


@pytest.fixture
def pack(tone_pack_dir):
    """(manifest, store) of the shared tone pack."""
    from announce.voicepack import load_manifest
    manifest = load_manifest(tone_pack_dir)
    return manifest, ClipStore.load(manifest)


@pytest.fixture
def make_payload():
    """Build ticket_called payloads."""
    return call_payload


def call_payload(number="1023", counter=2, ticket_id="t-1", call_id="c-1", recall=False,
                 issued_at="2026-11-28T08:01:00.000+07:00",
                 at="2026-11-28T08:15:03.120+07:00"):
    """A ticket_called payload as docs/events.md describes it."""
    return {"seq": 7, "at": at, "call_id": call_id, "recall": recall,
            "ticket": {"id": ticket_id, "number": number, "area": "dat-dai",
                       "area_name": "Đất đai", "status": "called", "issued_at": issued_at,
                       "counter": counter},
            "counter": {"number": counter, "name": f"Quầy {counter}", "status": "serving"}}

"""Composing a call: the exact clip sequence, and the WAV it becomes."""
import io
import wave

import pytest

from announce import pcm
from announce.clips import ClipStore
from announce.compose import Composer, plan_call, plan_phrase, waited_minutes
from announce.settings import Settings

VI_1023_TO_2 = (
    "vi-p-moi-cong-dan-co-so-thu-tu", 40,
    "vi-mot", 40, "vi-nghin", 40, "vi-khong", 40, "vi-tram", 40, "vi-hai", 40, "vi-muoi", 40,
    "vi-ba", 40, "vi-p-den-quay-so", 40, "vi-hai",
)


def test_a_call_is_chime_then_the_phrase_twice(make_payload):
    plan = plan_call(make_payload(), Settings.from_config({}))
    assert plan.items == ("chime", 250) + VI_1023_TO_2 + (1000,) + VI_1023_TO_2
    assert plan.text == "Mời công dân có số thứ tự 1023 đến quầy số 2"


def test_southern_digit_mode_call_sequence(make_payload):
    settings = Settings.from_config({"region": "south", "number_mode": "digits", "repeat": 1,
                                     "chime": False, "clip_gap_ms": 0})
    plan = plan_call(make_payload(number="105", counter=15), settings)
    assert plan.items == ("vi-p-moi-cong-dan-co-so-thu-tu", "vi-mot", "vi-khong", "vi-nam",
                          "vi-p-den-quay-so", "vi-muoi-huyen", "vi-lam")


def test_prefixed_ticket_reads_letter_then_digits(make_payload):
    settings = Settings.from_config({"repeat": 1, "chime": False, "clip_gap_ms": 0})
    plan = plan_call(make_payload(number="A012", counter=1), settings)
    assert plan.items[1:5] == ("vi-letter-a", "vi-khong", "vi-mot", "vi-hai")


def test_long_wait_uses_the_courteous_phrase_with_a_sentence_gap(make_payload):
    settings = Settings.from_config({"repeat": 1, "chime": False, "long_wait_minutes": 30})
    plan = plan_call(make_payload(issued_at="2026-11-28T07:00:00+07:00",
                                  at="2026-11-28T07:45:00+07:00"), settings)
    assert plan.items[:3] == ("vi-p-xin-loi-da-de-cong-dan-cho-lau", 350,
                              "vi-p-moi-cong-dan-co-so-thu-tu")
    assert plan.text.startswith("Xin lỗi đã để công dân chờ lâu. Mời công dân")


def test_short_wait_and_recalls_get_the_plain_phrase(make_payload):
    settings = Settings.from_config({"long_wait_minutes": 30})
    late = dict(issued_at="2026-11-28T07:00:00+07:00", at="2026-11-28T08:00:00+07:00")
    assert "Xin lỗi" not in plan_call(make_payload(), settings).text
    assert "Xin lỗi" not in plan_call(make_payload(recall=True, **late), settings).text
    assert "Xin lỗi" in plan_call(make_payload(**late), settings).text


def test_counter_purpose_is_appended_when_configured(make_payload):
    settings = Settings.from_config({"repeat": 1, "chime": False},
                                    purposes={"vi": {5: "để nhận kết quả"}})
    plan = plan_call(make_payload(counter=5), settings)
    assert plan.items[-3:] == ("vi-nam", 40, "vi-p-de-nhan-ket-qua")
    assert plan.text.endswith("đến quầy số 5 để nhận kết quả")
    assert plan_call(make_payload(counter=4), settings).items[-1] == "vi-bon"


def test_two_languages_follow_each_other(make_payload):
    settings = Settings.from_config({"languages": ["vi", "en"], "repeat": 1, "chime": False})
    items = plan_call(make_payload(number="7", counter=3), settings).items
    assert items[:9] == ("vi-p-moi-cong-dan-co-so-thu-tu", 40, "vi-bay", 40,
                         "vi-p-den-quay-so", 40, "vi-ba", 350, "en-p-ticket-number")
    assert items[-3:] == ("en-p-please-go-to-counter", 40, "en-three")


def test_call_without_counter_cannot_be_planned(make_payload):
    payload = make_payload()
    payload["counter"] = None
    payload["ticket"]["counter"] = None
    with pytest.raises(ValueError):
        plan_call(payload, Settings.from_config({}))


def test_waited_minutes_reads_iso_times_and_tolerates_garbage():
    assert waited_minutes("2026-11-28T08:00:00+07:00", "2026-11-28T08:45:30+07:00") == 45.5
    assert waited_minutes(None, "2026-11-28T08:00:00+07:00") == 0
    assert waited_minutes("yesterday", "today") == 0


def _wav_info(data):
    with wave.open(io.BytesIO(data)) as w:
        return w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()


def test_composed_wav_lasts_the_sum_of_clips_and_gaps(pack, make_payload):
    _, store = pack
    plan = plan_call(make_payload(), Settings.from_config({}))
    rendered = Composer(store).render(plan.items)
    expected = sum(pcm.frames_for(i) if isinstance(i, int) else len(store.get(i))
                   for i in plan.items)
    assert _wav_info(rendered.wav) == (1, 2, 22050, expected)
    assert rendered.frames == expected and not rendered.fallback


def test_composed_wav_never_clips_and_clips_share_one_loudness(pack, make_payload):
    _, store = pack
    rendered = Composer(store).render(plan_call(make_payload(), Settings.from_config({})).items)
    samples = pcm.read_wav(rendered.wav)
    assert pcm.peak(samples) <= pcm.PEAK_LIMIT + 1
    levels = [pcm.rms(store.get(c)) for c in ("chime", "vi-mot", "vi-p-den-quay-so")]
    assert max(levels) - min(levels) < 0.05 * pcm.TARGET_RMS


def test_volume_scales_the_samples(pack):
    _, store = pack
    full = pcm.read_wav(Composer(store).render(("vi-hai",)).wav)
    half = pcm.read_wav(Composer(store, volume=0.5).render(("vi-hai",)).wav)
    assert pcm.peak(half) == pytest.approx(pcm.peak(full) / 2, abs=1)


def test_renders_are_cached_and_the_cache_is_bounded(pack):
    _, store = pack
    composer = Composer(store, cache_size=2)
    first = composer.render(("vi-mot",))
    assert composer.render(("vi-mot",)) is first
    composer.render(("vi-hai",))
    composer.render(("vi-ba",))
    assert composer.render(("vi-mot",)) is not first
    assert len(composer._cache) == 2


def test_missing_voice_clip_falls_back_to_the_chime_alone(pack):
    _, store = pack
    rendered = Composer(store).render(("chime", 250, "vi-mot", 40, "vi-p-not-in-pack"))
    assert rendered.fallback
    assert rendered.frames == len(store.get("chime"))


def test_phrase_for_the_test_button_uses_the_counter(pack):
    plan = plan_phrase(Settings.from_config({}), "1", 3)
    assert plan.text == "Mời công dân có số thứ tự 1 đến quầy số 3"
    assert ClipStore.load(pack[0]).missing(plan.items) == []

"""The [announce] settings: defaults, templates, phrases to record."""
import pytest

from announce.settings import Settings, template_parts


def test_defaults_speak_vietnamese_twice_through_alsa():
    s = Settings.from_config({})
    assert (s.languages, s.region, s.repeat, s.sink, s.volume) == (("vi",), "north", 2, "alsa", 1.0)
    assert s.quiet_window() is None


def test_template_splits_into_sentences_and_fields():
    parts = template_parts("Xin lỗi đã để công dân chờ lâu. Mời số {number} đến quầy {counter}")
    assert parts == [("Xin lỗi đã để công dân chờ lâu.", "."), (" Mời số ", "number"),
                     (" đến quầy ", "counter")]


def test_phrases_cover_templates_and_purposes_in_every_language():
    s = Settings.from_config({"languages": ["vi", "en"]}, purposes={"vi": {1: "để nộp hồ sơ"}})
    phrases = s.phrases()
    assert phrases["vi"] == ["mời công dân có số thứ tự", "quầy", "số", "thử loa",
                             "xin lỗi đã để công dân chờ lâu", "đến quầy số", "để nộp hồ sơ"]
    assert {"please go to counter", "speaker test", "number", "counter"} <= set(phrases["en"])


def test_a_custom_template_replaces_only_its_own_key():
    s = Settings.from_config({"templates": {"vi": "Số {number} mời đến quầy {counter}"}})
    assert s.templates["vi"] == "Số {number} mời đến quầy {counter}"
    assert s.templates["vi_long"].startswith("Xin lỗi")


@pytest.mark.parametrize("templates", [{"vi": "Mời quầy {counter}"}, {"vi": "Mời {number"},
                                       {"vi_long": ""}])
def test_broken_templates_are_refused(templates):
    with pytest.raises(ValueError):
        Settings.from_config({"templates": templates})


def test_english_needs_english_templates_only_when_enabled():
    s = Settings.from_config({"templates": {"en": ""}})
    assert s.languages == ("vi",)
    with pytest.raises(ValueError):
        Settings.from_config({"languages": ["vi", "en"], "templates": {"en": ""}})

import pytest

from hall.config import parse_config
from hall.errors import ConfigError

from .conftest import BASE, make_config


def test_range_numbering_formats_the_nth_number_of_the_day():
    config = make_config()
    assert config.area("dat-dai").numbering.format(1) == "1001"
    assert config.area("dat-dai").numbering.format(23) == "1023"


def test_prefix_numbering_pads_digits():
    config = make_config()
    assert config.area("tu-phap").numbering.format(12) == "B012"


def test_daily_cap_never_exceeds_the_series_capacity():
    raw = {**BASE, "area": [{"id": "a", "name": "A", "range": [1, 9], "daily_cap": 500}]}
    raw["counter"] = [{"number": 1, "areas": ["a"]}]
    assert parse_config(raw).area("a").daily_cap == 9


def test_overlapping_unlabelled_series_are_refused():
    raw = {**BASE, "area": [{"id": "a", "name": "A", "range": [1, 500]},
                            {"id": "b", "name": "B", "range": [400, 900]}],
           "counter": [{"number": 1, "areas": ["a", "b"]}]}
    with pytest.raises(ConfigError, match="same numbers"):
        parse_config(raw)


@pytest.mark.parametrize("change, message", [
    ({"counter": [{"number": 1, "areas": ["nowhere"]}]}, "unknown area"),
    ({"session": []}, "session"),
    ({"area": [{"id": "Bad Id", "name": "x", "range": [1, 2]}]}, "id"),
    ({"area": [{"id": "a", "name": "x"}]}, "range"),
    ({"priority": {"policy": "random"}}, "policy"),
])
def test_bad_configuration_fails_with_a_readable_message(change, message):
    with pytest.raises(ConfigError, match=message):
        parse_config({**BASE, **change})


def test_demo_hall_loads():
    from hall.config import load_config
    config = load_config("config/demo-hall.toml")
    assert len(config.counters) == 5
    assert {a.name for a in config.areas} >= {"Đất đai", "Tư pháp – Hộ tịch", "Trả kết quả"}


def test_long_wait_threshold_is_one_setting_for_the_hall_and_the_announcer():
    assert make_config().long_wait_minutes == 30
    assert parse_config({**BASE, "hall": {**BASE["hall"], "long_wait_minutes": 20}}).long_wait_minutes == 20
    assert parse_config({**BASE, "announce": {"long_wait_minutes": 45}}).long_wait_minutes == 45
    with pytest.raises(ConfigError, match="give it once"):
        parse_config({**BASE, "hall": {**BASE["hall"], "long_wait_minutes": 20},
                      "announce": {"long_wait_minutes": 45}})
    with pytest.raises(ConfigError, match="whole number"):
        parse_config({**BASE, "hall": {**BASE["hall"], "long_wait_minutes": -1}})


def test_the_public_url_is_kept_without_its_trailing_slash():
    raw = {**BASE, "hall": {**BASE["hall"], "public_url": "https://hang-doi.example.gov.vn/"}}
    assert parse_config(raw).public_url == "https://hang-doi.example.gov.vn"
    assert parse_config(BASE).public_url == ""


def test_a_public_url_that_is_no_web_address_names_the_key():
    raw = {**BASE, "hall": {**BASE["hall"], "public_url": "192.168.1.10:5000"}}
    with pytest.raises(ConfigError, match=r"\[hall\] public_url"):
        parse_config(raw)


def test_a_counter_has_one_purpose_with_an_optional_english_one():
    raw = {**BASE, "counter": [{"number": 1, "areas": ["dat-dai"], "purpose": "nộp hồ sơ",
                                "purpose_en": "to file a dossier"}]}
    counter = parse_config(raw).counter(1)
    assert (counter.purpose, counter.purpose_en) == ("nộp hồ sơ", "to file a dossier")

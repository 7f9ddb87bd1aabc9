"""The hall file's device tables, typed once at start-up; errors name the table and key."""
import pytest

from wiring.device_config import counter_purposes, parse_device_config
from hall.config import parse_config
from hall.errors import ConfigError
from tests.hall.conftest import BASE

HALL = parse_config({**BASE, "counter": [
    {"number": 1, "areas": ["dat-dai"], "purpose": "nộp hồ sơ"},
    {"number": 2, "areas": ["tu-phap"], "purpose": "nhận kết quả", "purpose_en": "to collect results"},
    {"number": 3, "areas": ["tu-phap"]}]})


def devices(**tables):
    return parse_device_config(tables, HALL)


def test_without_device_tables_nothing_is_enabled():
    config = devices()
    assert not config.printer.enabled and not config.boards.enabled
    assert not config.keypads.enabled and config.barcode == () and config.announce is None


def test_every_table_becomes_typed_settings():
    config = devices(
        printer={"enabled": True, "url": "tcp://10.0.0.5:9100", "paper_width_mm": 58,
                 "retry_max_s": 10},
        boards={"enabled": True, "bus": [{"url": "loop://", "boards": [{"address": 1, "counter": 1}]}]},
        keypads={"enabled": True, "poll_interval_ms": 20,
                 "bus": [{"url": "loop://", "keypads": [{"address": 1, "counter": 2}]}]},
        barcode=[{"url": "/dev/ttyACM0", "counter": 3}],
        announce={"enabled": True, "repeat": 1})
    assert (config.printer.url, config.printer.width_px, config.printer.retry_max_s) == \
        ("tcp://10.0.0.5:9100", 384, 10.0)
    assert config.boards.counters == [1]
    assert config.keypads.timing.poll_interval == 0.02
    assert config.keypads.device_ids == ["keypad-2"]
    assert [r.device_id for r in config.barcode] == ["barcode-3"]
    assert config.announce.repeat == 1


def test_a_rating_keypad_has_its_own_id_and_invites_as_long_as_the_hall_says():
    config = devices(keypads={"enabled": True, "bus": [{"url": "loop://", "keypads": [
        {"address": 1, "counter": 2}, {"address": 2, "counter": 2, "kind": "rating"}]}]})
    assert config.keypads.device_ids == ["keypad-2", "rating-keypad-2"]
    assert config.keypads.timing.invite_seconds == HALL.rating.invite_seconds == 30


def test_the_ticket_preview_has_one_paper_width_rule():
    assert devices().printer.width_px == 576
    assert devices(printer={"paper_width_mm": 58}).printer.width_px == 384


def test_a_disabled_announcer_is_none():
    assert devices(announce={"enabled": False, "repeat": 1}).announce is None


def test_the_announcer_says_each_counters_own_purpose():
    assert counter_purposes(HALL) == {"vi": {1: "nộp hồ sơ", 2: "nhận kết quả"},
                                      "en": {2: "to collect results"}}
    announce = devices(announce={"enabled": True}).announce
    assert announce.purpose("vi", 2) == "nhận kết quả" and announce.purpose("vi", 3) == ""


@pytest.mark.parametrize("tables, words", [
    ({"printer": {"mode": "colour"}}, "[printer] mode"),
    ({"printer": {"colour": "red"}}, "[printer] unknown keys colour"),
    ({"printer": {"baudrate": "fast"}}, "[printer] baudrate"),
    ({"boards": {"enabled": True, "idle": "dark"}}, "[boards] boards.idle"),
    ({"keypads": {"bus": [{"url": "loop://", "keypads": [{"address": 40, "counter": 1}]}]}},
     "[keypads] [[keypads.bus]] loop://: address 40"),
    ({"keypads": {"bus": [{"url": "loop://", "keypads": [{"counter": 1}]}]}},
     "[keypads] missing key 'address'"),
    ({"keypads": {"bus": [{"url": "loop://", "keypads": [
        {"address": 1, "counter": 1, "kind": "citizen"}]}]}}, "[keypads] [[keypads.bus]] loop://: kind"),
    ({"keypads": {"bus": [{"url": "a", "keypads": [{"address": 1, "counter": 1}]},
                          {"url": "b", "keypads": [{"address": 1, "counter": 1}]}]}},
     "[keypads] [[keypads.bus]]: one keypad of each kind per counter"),
    ({"barcode": [{"url": "/dev/ttyACM0"}]}, "[barcode] [[barcode]] counter"),
    ({"announce": {"enabled": True, "purposes": {"vi": {"5": "x"}}}}, "[announce] purposes"),
    ({"announce": {"enabled": True, "volume": 3}}, "[announce] volume"),
    ({"printer": "yes"}, "[printer] must be a table"),
])
def test_a_wrong_table_is_a_config_error_naming_it(tables, words):
    with pytest.raises(ConfigError) as error:
        devices(**tables)
    assert words in error.value.message

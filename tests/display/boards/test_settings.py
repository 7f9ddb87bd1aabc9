"""The [boards] table of the hall config: defaults, overrides and refusals."""
import pytest

from display.boards.settings import parse_settings


def hall(**boards):
    section = {"enabled": True, "bus": [{"url": "loop://", "boards": [{"address": 1, "counter": 1}]}]}
    section.update(boards)
    return {"hall": {"name": "x"}, "boards": section}


def test_defaults_are_luot_at_9600_with_150_ms_acks_and_two_retries():
    settings = parse_settings(hall())
    bus = settings.buses[0]
    assert (bus.driver, bus.options.baudrate, bus.options.ack_timeout, bus.options.retries) == ("luot", 9600, 0.15, 2)
    assert (settings.idle, settings.show_counter, settings.blink.times) == ("clear", False, 3)
    assert settings.away_text == "VANG"


def test_the_away_text_is_what_a_board_can_show():
    assert parse_settings(hall(away_text="T VANG")).away_text == "T VANG"
    with pytest.raises(ValueError):
        parse_settings(hall(away_text="Tạm vắng"))


def test_the_boards_table_alone_is_accepted_too():
    assert parse_settings(hall()["boards"]).buses[0].url == "loop://"


def test_disabled_or_missing_boards_mean_no_buses():
    assert parse_settings({}).buses == ()
    assert parse_settings(hall(enabled=False)).buses == ()


def test_hall_wide_timing_is_overridden_per_bus():
    config = hall(ack_timeout_ms=300, bus=[{"url": "socket://127.0.0.1:7001", "driver": "modbus", "retries": 0,
                                            "boards": [{"address": 40, "counter": 3, "brightness": 2}]}])
    bus = parse_settings(config).buses[0]
    assert (bus.driver, bus.options.ack_timeout, bus.options.retries) == ("modbus", 0.3, 0)
    assert (bus.boards[0].address, bus.boards[0].brightness) == (40, 2)


@pytest.mark.parametrize("section", [
    {"bus": [{"url": "loop://", "boards": [{"address": 1, "counter": 1}, {"address": 1, "counter": 2}]}]},
    {"bus": [{"url": "a", "boards": [{"address": 1, "counter": 1}]}, {"url": "b", "boards": [{"address": 2, "counter": 1}]}]},
    {"bus": [{"url": "loop://", "boards": [{"address": 33, "counter": 1}]}]},
    {"bus": [{"url": "loop://", "driver": "acme", "boards": []}]},
    {"idle": "dark"},
    {"brightness": 9},
])
def test_inconsistent_configs_are_refused(section):
    with pytest.raises(ValueError):
        parse_settings(hall(**section))

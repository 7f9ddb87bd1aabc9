"""The kiosk's [kiosk] table: how long the result screen stays."""
import pytest

from hall.config import read_hall_file
from hall.errors import ConfigError
from kiosk.settings import RESULT_SECONDS, parse_kiosk


def test_the_result_stays_twenty_seconds_unless_the_hall_says_otherwise():
    assert parse_kiosk({}).result_seconds == RESULT_SECONDS == 20
    assert parse_kiosk({"kiosk": {"result_seconds": 45}}).page_config() == {
        "result_seconds": 45, "result_seconds_printer_down": 90}


def test_the_demo_hall_sets_it():
    assert parse_kiosk(read_hall_file("config/demo-hall.toml")).result_seconds == 20


@pytest.mark.parametrize("value", [0, 4, 301, 12.5, "20", True])
def test_a_wrong_result_time_names_the_key(value):
    with pytest.raises(ConfigError, match=r"\[kiosk\] result_seconds"):
        parse_kiosk({"kiosk": {"result_seconds": value}})

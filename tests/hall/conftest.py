"""A small hall with a fake clock and the in-memory store."""
import copy
from datetime import datetime

import pytest

from hall.clock import VIETNAM, FakeClock
from hall.config import parse_config
from hall.memory import MemoryStore
from hall.core import build_hall

BASE = {
    "hall": {"id": "test-hall", "name": "Trung tâm Phục vụ hành chính công xã Thử Nghiệm",
             "no_show_tolerance_minutes": 30},
    "priority": {"policy": "interleave", "every_n": 2, "category": [
        {"id": "elderly", "label": "Người cao tuổi"},
        {"id": "disabled", "label": "Người khuyết tật"}]},
    "session": [
        {"id": "morning", "name": "Buổi sáng", "start": "07:30", "end": "11:30", "days": [1, 2, 3, 4, 5]},
        {"id": "afternoon", "name": "Buổi chiều", "start": "13:30", "end": "17:00", "days": [1, 2, 3, 4, 5]},
    ],
    "area": [
        {"id": "dat-dai", "name": "Đất đai", "range": [1001, 1999], "daily_cap": 50},
        {"id": "tu-phap", "name": "Tư pháp – Hộ tịch", "prefix": "B", "digits": 3, "daily_cap": 5},
        {"id": "kinh-doanh", "name": "Đăng ký kinh doanh", "range": [3001, 3999],
         "sessions": ["morning"]},
    ],
    "counter": [
        {"number": 1, "name": "Quầy 1", "areas": ["dat-dai"]},
        {"number": 2, "name": "Quầy 2", "areas": ["tu-phap", "dat-dai"]},
        {"number": 3, "name": "Quầy 3", "areas": ["kinh-doanh"]},
    ],
}

MONDAY_9AM = datetime(2026, 11, 30, 9, 0, tzinfo=VIETNAM)


def make_config(**changes):
    raw = copy.deepcopy(BASE)
    for path, value in changes.items():
        section, key = path.split("__")
        raw[section][key] = value
    return parse_config(raw)


@pytest.fixture
def clock():
    return FakeClock(MONDAY_9AM)


@pytest.fixture
def config():
    return make_config()


@pytest.fixture
def published():
    return []


@pytest.fixture
def hall(config, clock, published):
    return build_hall(config, MemoryStore.for_config(config), clock, publish=published.extend)


@pytest.fixture
def service(hall):
    return hall.service


@pytest.fixture
def queries(hall):
    return hall.queries


@pytest.fixture
def days(hall):
    return hall.days


def names(events):
    return [e.name for e in events]

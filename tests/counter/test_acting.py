"""Keypads and scanners act as the clerk seated at their counter, through the commands."""
import pytest

from counter.acting import ActingClerk
from counter.barcode import Scan
from counter.keypad import KeyAction
from store.auth import create_user


@pytest.fixture
def clerk(luot):
    return ActingClerk(luot.hall)


@pytest.fixture
def seated(luot):
    """Nguyễn Thị Lan signed in at counter 1."""
    user = create_user(luot.engine, luot.config.id, "lan", "mat-khau-123", "Nguyễn Thị Lan",
                       "clerk", [], luot.clock.now())
    luot.service.sign_in(1, user, "Nguyễn Thị Lan")
    return user


def test_a_keypad_with_no_clerk_seated_is_refused(luot, clerk):
    luot.service.issue_ticket("dat-dai")
    result = clerk.key(KeyAction(2, "next"))
    assert not result.ok and result.message == "Chưa có cán bộ"
    assert luot.queries.counter(2)["current"] is None


def test_a_keypad_acts_with_the_identity_of_the_seated_clerk(luot, clerk, seated):
    luot.service.issue_ticket("dat-dai")
    assert clerk.key(KeyAction(1, "next")).ok
    assert luot.queries.counter(1)["current"]["number"] == "1001"
    calls = [e for e in luot.audit(0, 50) if e["name"] == "ticket_called"]
    assert calls[0]["actor"].startswith(f"user:{seated}:Nguyễn Thị Lan")


def test_the_clerk_of_counter_1_cannot_act_through_counter_2s_keypad(luot, clerk, seated):
    luot.service.issue_ticket("tu-phap")
    assert not clerk.key(KeyAction(2, "next")).ok


def test_keypad_errors_are_short_vietnamese_messages(luot, clerk, seated):
    result = clerk.key(KeyAction(1, "recall"))
    assert not result.ok and "(" not in result.message and result.message.startswith("Không thể")


def test_keypad_call_and_transfer_by_digits(luot, clerk, seated):
    luot.service.issue_ticket("dat-dai")
    second = luot.service.issue_ticket("dat-dai")
    assert clerk.key(KeyAction(1, "call", "1002")).ok
    assert luot.queries.counter(1)["current"]["id"] == second["id"]
    assert clerk.key(KeyAction(1, "transfer", "2")).ok       # area #2: Tư pháp
    assert luot.queries.ticket(second["id"])["status"] == "transferred"


def test_keypad_pause_records_a_reason(luot, clerk, seated):
    assert clerk.key(KeyAction(1, "pause")).ok
    assert luot.queries.counter(1)["pause_reason"] == "Tạm dừng"


def test_scanning_a_ticket_calls_it_and_a_dossier_code_attaches(luot, clerk, seated):
    luot.service.issue_ticket("dat-dai")
    second = luot.service.issue_ticket("dat-dai")
    assert clerk.scan(1, Scan("ticket", second["id"])).ok
    assert clerk.scan(1, Scan("dossier", "000.00.12.H56-261130-0001")).ok
    assert luot.queries.ticket(second["id"])["dossier_code"] == "000.00.12.H56-261130-0001"
    assert not clerk.scan(1, Scan("unknown", "")).ok


def test_keypad_digits_get_the_area_prefix(luot, clerk):
    user = create_user(luot.engine, luot.config.id, "mai", "mat-khau-123", "Vũ Thị Mai", "clerk",
                       [], luot.clock.now())
    luot.service.sign_in(5, user, "Vũ Thị Mai")
    luot.service.issue_ticket("tra-ket-qua")
    second = luot.service.issue_ticket("tra-ket-qua")
    assert second["number"] == "K002"
    assert clerk.key(KeyAction(5, "call", "2")).ok
    assert luot.queries.counter(5)["current"]["id"] == second["id"]

"""Keypads and scanners act as the clerk seated at their counter, through the commands."""
import pytest

from counter.acting import ActingClerk, rating_levels, transfer_areas
from counter.barcode import Scan, classify
from counter.keypad import KeyAction
from hall.ratings import Level, RatingScale
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
    assert (result.code, result.screen, result.message_en) == \
        ("no_clerk", "CHUA CO CAN BO", "No clerk signed in")
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


def test_keypad_errors_are_short_vietnamese_messages_with_a_deliberate_screen_text(
        luot, clerk, seated):
    result = clerk.key(KeyAction(1, "recall"))
    assert not result.ok and "(" not in result.message and result.message.startswith("Không thể")
    assert result.code == "illegal_transition" and result.screen == "CHUA GOI SO NAO"
    assert result.message_en.startswith("cannot recall")


def test_next_with_nobody_waiting_says_so(luot, clerk, seated):
    result = clerk.key(KeyAction(1, "next"))
    assert result.ok and (result.code, result.screen) == ("queue_empty", "KHONG CO AI CHO")


def test_keypad_call_and_transfer_by_digits(luot, clerk, seated):
    luot.service.issue_ticket("dat-dai")
    second = luot.service.issue_ticket("dat-dai")
    assert clerk.key(KeyAction(1, "call", "1002")).ok
    assert luot.queries.counter(1)["current"]["id"] == second["id"]
    assert clerk.key(KeyAction(1, "transfer", "2")).ok       # area #2: Tư pháp
    assert luot.queries.ticket(second["id"])["status"] == "transferred"


def test_a_keypad_transfer_to_area_0_or_past_the_last_area_is_refused(luot, clerk, seated):
    ticket = luot.service.issue_ticket("dat-dai")
    assert clerk.key(KeyAction(1, "next")).ok
    for number in ("0", "4", "00"):
        result = clerk.key(KeyAction(1, "transfer", number))
        assert not result.ok and (result.code, result.screen) == ("unknown_area", "SAI SO LINH VUC")
    assert luot.queries.ticket(ticket["id"])["status"] == "called"
    assert clerk.key(KeyAction(1, "transfer", "3")).ok               # the last area, by its number
    assert luot.queries.ticket(ticket["id"])["status"] == "transferred"


def test_keypad_area_numbers_follow_the_hall_config_from_1(luot):
    assert transfer_areas(luot.config) == [(1, "dat-dai", "Đất đai"), (2, "tu-phap", "Tư pháp – Hộ tịch"),
                                           (3, "tra-ket-qua", "Trả kết quả")]


def test_keypad_pause_records_a_reason(luot, clerk, seated):
    assert clerk.key(KeyAction(1, "pause")).ok
    assert luot.queries.counter(1)["pause_reason"] == "Tạm dừng"


def test_scanning_a_ticket_calls_it_and_a_dossier_code_attaches(luot, clerk, seated):
    luot.service.issue_ticket("dat-dai")
    second = luot.service.issue_ticket("dat-dai")
    called = clerk.scan(1, Scan("ticket", second["id"]))
    assert called.ok and (called.code, called.subject, called.screen) == ("called", "1002", "DA GOI 1002")
    attached = clerk.scan(1, Scan("dossier", "000.00.12.H56-261130-0001"))
    assert attached.ok and (attached.code, attached.screen) == ("dossier_attached", "DA GAN HO SO")
    assert attached.message == "Đã gắn mã hồ sơ 000.00.12.H56-261130-0001"
    assert luot.queries.ticket(second["id"])["dossier_code"] == "000.00.12.H56-261130-0001"
    unknown = clerk.scan(1, Scan("unknown", ""))
    assert not unknown.ok and unknown.screen == "MA KHONG HOP LE"


def test_scanning_a_printed_ticket_number_calls_it(luot, clerk, seated):
    luot.service.issue_ticket("dat-dai")
    second = luot.service.issue_ticket("dat-dai")
    assert clerk.scan(1, classify("1002")).subject == "1002"
    assert luot.queries.counter(1)["current"]["id"] == second["id"]
    missing = clerk.scan(1, classify("1999"))
    assert not missing.ok and (missing.code, missing.screen) == ("unknown_ticket", "KO TIM THAY SO")


def test_keypad_digits_get_the_area_prefix(luot, clerk):
    user = create_user(luot.engine, luot.config.id, "mai", "mat-khau-123", "Vũ Thị Mai", "clerk",
                       [], luot.clock.now())
    luot.service.sign_in(5, user, "Vũ Thị Mai")
    luot.service.issue_ticket("tra-ket-qua")
    second = luot.service.issue_ticket("tra-ket-qua")
    assert second["number"] == "K002"
    assert clerk.key(KeyAction(5, "call", "2")).ok
    assert luot.queries.counter(5)["current"]["id"] == second["id"]


def test_a_rating_key_after_done_rates_that_ticket_once(luot, clerk, seated):
    ticket = luot.service.issue_ticket("dat-dai")
    clerk.key(KeyAction(1, "next"))
    assert not clerk.key(KeyAction(1, "rate", "1")).ok          # still being served
    clerk.key(KeyAction(1, "done"))
    thanks = clerk.key(KeyAction(1, "rate", "2"))
    assert thanks.ok and (thanks.code, thanks.screen) == ("rated", "CAM ON QUY KHACH")
    rating = luot.hall.ratings.rating_of(ticket["id"])
    assert (rating["level"], rating["source"], rating["counter"]) == (2, "keypad", 1)
    again = clerk.key(KeyAction(1, "rate", "1"))
    assert not again.ok and (again.code, again.screen) == ("already_rated", "DA DANH GIA ROI")


def test_a_rating_key_with_nothing_to_rate_or_the_spare_key_says_so(luot, clerk):
    nothing = clerk.key(KeyAction(3, "rate", "1"))
    assert (nothing.code, nothing.screen) == ("nothing_to_rate", "CHUA CO LUOT PV")
    spare = clerk.key(KeyAction(3, "rate", "4"))
    assert not spare.ok and (spare.code, spare.screen) == ("spare_key", "PHIM CHUA DUNG")


def scale(*values):
    return RatingScale(tuple(Level(v, str(v), str(v), "happy", "#000") for v in values), ())


def test_rating_keys_map_to_the_halls_levels():
    assert rating_levels(scale(3, 2, 1)) == [3, 2, 1, None]
    assert rating_levels(scale(4, 3, 2, 1)) == [4, 3, 2, 1]
    assert rating_levels(scale(5, 4, 3, 2, 1)) == [5, 4, 2, 1]

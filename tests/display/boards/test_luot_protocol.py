"""Byte-exact frames and stream decoding of the Lượt LED board protocol."""
import pytest

from display.boards import luot_protocol as luot
from display.boards.driver import Display, Reply
from display.boards.luot_protocol import Corrupt, Frame, FrameDecoder, Garbage, LuotDriver

H = bytes.fromhex
driver = LuotDriver()


@pytest.mark.parametrize("frame, expected", [
    (driver.encode_show(1, "1023"), "02 01 53 05 00 31 30 32 33 57 03"),
    (driver.encode_show(1, "1023", counter=2), "02 01 53 05 02 31 30 32 33 55 03"),
    (driver.encode_show(3, "A012"), "02 03 53 05 00 41 30 31 32 27 03"),
    (driver.encode_blink(2, times=3), "02 02 42 03 4e 00 03 0e 03"),
    (driver.encode_blink(2, duration_ms=5000), "02 02 42 03 54 00 32 25 03"),
    (driver.encode_status_code(1, "paused"), "02 01 43 01 50 13 03"),
    (driver.encode_status_code(1, "closed"), "02 01 43 01 43 00 03"),
    (driver.encode_clear(5), "02 05 58 00 5d 03"),
    (driver.encode_brightness(4, 6), "02 04 4c 01 06 4f 03"),
    (driver.encode_ping(1), "02 01 51 00 50 03"),
    (driver.encode_ping(32), "02 20 51 00 71 03"),
    (luot.encode_ack(1), "02 01 06 00 07 03"),
    (luot.encode_ack(1, 0), "02 01 06 01 00 06 03"),
    (luot.encode_ack(1, luot.FLAG_FRESH), "02 01 06 01 01 07 03"),
    (luot.encode_nak(1, luot.NAK_CHECKSUM), "02 01 15 01 01 14 03"),
    (luot.encode_ack(2), "02 02 06 00 04 03"),
    (luot.encode_nak(2, luot.NAK_DATA), "02 02 15 01 03 15 03"),
])
def test_each_command_encodes_to_the_documented_bytes(frame, expected):
    assert frame == H(expected)


@pytest.mark.parametrize("call", [
    lambda: driver.encode_show(0, "1"), lambda: driver.encode_show(33, "1"),
    lambda: driver.encode_show(1, "1234567"), lambda: driver.encode_show(1, ""),
    lambda: driver.encode_show(1, "a12"), lambda: driver.encode_show(1, "SỐ"),
    lambda: driver.encode_show(1, "12", counter=100), lambda: driver.encode_brightness(1, 0),
    lambda: driver.encode_brightness(1, 9), lambda: driver.encode_status_code(1, "busy"),
    lambda: driver.encode_blink(1, times=0),
])
def test_invalid_commands_are_refused_before_reaching_the_line(call):
    with pytest.raises(ValueError):
        call()


def test_blink_duration_is_rounded_up_to_tenths_of_a_second():
    assert driver.encode_blink(1, duration_ms=1001)[4:7] == b"T\x00\x0b"


def test_frames_are_decoded_from_single_byte_chunks():
    decoder = FrameDecoder()
    stream = driver.encode_show(7, "A012", 3) + luot.encode_ack(7)
    events = [e for byte in stream for e in decoder.feed(bytes([byte]))]
    assert events == [Frame(7, ord("S"), b"\x03A012"), Frame(7, luot.ACK)]


def test_stx_and_etx_values_inside_a_frame_need_no_escaping():
    frames = luot.encode_ack(2) + luot.encode_ack(3) + driver.encode_status_code(1, "closed")
    assert FrameDecoder().feed(frames) == [Frame(2, luot.ACK), Frame(3, luot.ACK), Frame(1, ord("C"), b"C")]


def test_garbage_before_between_and_inside_frames_is_skipped():
    noise = H("ff 02 ff 00") + b"hello" + H("02 01 53 30")
    stream = noise + luot.encode_ack(4) + b"\x03\x03" + luot.encode_nak(5, 2)
    events = FrameDecoder().feed(stream)
    frames = [e for e in events if isinstance(e, Frame)]
    assert frames == [Frame(4, luot.ACK), Frame(5, luot.NAK, b"\x02")]
    assert sum(len(e.data) for e in events if isinstance(e, Garbage)) == len(noise) + 2


def test_a_frame_with_a_wrong_checksum_is_reported_corrupt_and_not_delivered():
    bad = bytearray(driver.encode_show(1, "1023"))
    bad[-2] ^= 0xFF
    events = FrameDecoder().feed(bytes(bad) + luot.encode_ack(1))
    assert Corrupt(1) in events
    assert [e for e in events if isinstance(e, Frame)] == [Frame(1, luot.ACK)]


def test_reply_decoder_turns_ack_and_nak_into_replies_and_ignores_command_echoes():
    stream = driver.encode_show(1, "1023") + luot.encode_ack(1) + luot.encode_nak(2, luot.NAK_DATA)
    assert driver.reply_decoder().feed(stream) == [Reply(1, True), Reply(2, False, "NAK bad data")]


def test_decode_reply_returns_none_without_a_complete_reply():
    assert driver.decode_reply(luot.encode_ack(9)[:-1]) is None
    assert driver.decode_reply(b"\x00\x02\x09\x06\x00\x0f\x03") == Reply(9, True)


def test_the_ack_to_a_ping_says_whether_the_board_was_just_powered_up():
    assert driver.decode_reply(H("02 01 06 01 01 07 03")) == Reply(1, True, fresh=True)
    assert driver.decode_reply(H("02 01 06 01 00 06 03")) == Reply(1, True)
    assert driver.decode_reply(H("02 01 06 00 07 03")) == Reply(1, True)    # a board without flags


def test_a_reply_tells_whether_the_board_lost_what_it_was_told_to_show():
    number = Display("text", "1023")
    assert Reply(1, True, fresh=True).lost(number)
    assert Reply(1, True, mode="blank").lost(number)
    assert not Reply(1, True, mode="text").lost(number)
    assert not Reply(1, True).lost(number)
    assert not Reply(1, True, fresh=True).lost(None)     # never told anything: nothing lost

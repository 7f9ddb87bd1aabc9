"""Byte-exact Modbus RTU frames, CRC-16/MODBUS and reply parsing for numeric boards."""
import pytest

from display.boards.driver import Reply
from display.boards.modbus_rtu import ModbusDriver, crc16, read_registers, with_crc

H = bytes.fromhex
driver = ModbusDriver()


def test_crc_matches_the_well_known_read_holding_registers_example():
    assert with_crc(H("01 03 00 00 00 0a")) == H("01 03 00 00 00 0a c5 cd")
    assert read_registers(1, 0, 10) == H("01 03 00 00 00 0a c5 cd")


def test_crc_of_a_frame_including_its_crc_is_zero():
    assert crc16(H("01 03 00 00 00 0a c5 cd")) == 0


@pytest.mark.parametrize("frame, expected", [
    (driver.encode_show(1, "1023"), "01 10 00 00 00 05 0a 00 01 31 30 32 33 20 20 00 00 f4 af"),
    (driver.encode_show(2, "A012", counter=2), "02 10 00 00 00 05 0a 00 01 41 30 31 32 20 20 00 02 bf 49"),
    (driver.encode_blink(1, times=3), "01 10 00 05 00 02 04 00 03 00 00 c3 90"),
    (driver.encode_blink(1, duration_ms=5000), "01 10 00 05 00 02 04 00 00 00 32 b2 45"),
    (driver.encode_clear(1), "01 10 00 00 00 01 02 00 00 a6 50"),
    (driver.encode_status_code(1, "paused"), "01 10 00 00 00 01 02 00 02 27 91"),
    (driver.encode_status_code(1, "closed"), "01 10 00 00 00 01 02 00 03 e6 51"),
    (driver.encode_brightness(1, 6), "01 10 00 07 00 01 02 00 06 27 e5"),
    (driver.encode_ping(1), "01 03 00 00 00 01 84 0a"),
])
def test_each_command_encodes_to_the_documented_registers(frame, expected):
    assert frame == H(expected)


def test_write_multiple_response_is_an_ack():
    assert driver.decode_reply(H("01 10 00 00 00 05 00 0a")) == Reply(1, True)


def test_read_response_to_the_ping_is_an_ack_telling_what_the_board_shows():
    assert driver.decode_reply(H("01 03 02 00 01 79 84")) == Reply(1, True, mode="text")
    assert driver.decode_reply(with_crc(H("01 03 02 00 00"))) == Reply(1, True, mode="blank")


def test_exception_response_is_a_nak_naming_the_exception():
    assert driver.decode_reply(H("01 90 02 cd c1")) == Reply(1, False, "exception 0x02 illegal data address")


def test_replies_survive_garbage_bad_crcs_and_one_byte_chunks():
    bad = bytearray(H("01 10 00 00 00 05 00 0a"))
    bad[-1] ^= 1
    stream = H("ff 00 7e") + bytes(bad) + H("03 10 00 00 00 05") + with_crc(H("03 10 00 00 00 05"))[-2:]
    decoder = driver.reply_decoder()
    replies = [r for byte in stream for r in decoder.feed(bytes([byte]))]
    assert replies == [Reply(3, True)]


def test_addresses_above_247_are_refused():
    with pytest.raises(ValueError):
        driver.encode_ping(248)

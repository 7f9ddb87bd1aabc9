from counter.keypad import protocol as p
from counter.keypad.screen import CounterView, HallView, compose, transliterate

DISPLAY_Q2 = bytes.fromhex(
    "02 02 44 29 53 00 05 31 30 32 33 20 20 53 4f 20 31 30 32 33 20 20 20 20 20 20 20"
    " 51 32 43 48 4f 20 35 20 20 20 20 44 41 4e 47 20 50 56 b9 03")


def test_poll_frame_is_byte_exact():
    assert p.encode_poll(1) == bytes.fromhex("02 01 50 00 af 03")


def test_key_ack_frame_carries_the_sequence_number():
    assert p.encode_ack_key(1, 7) == bytes.fromhex("02 01 06 01 07 f1 03")


def test_keypad_replies_are_byte_exact():
    assert p.encode_key(1, 7, p.KEY_NEXT) == bytes.fromhex("02 01 4b 03 00 07 4e 5c 03")
    assert p.encode_idle(1) == bytes.fromhex("02 01 49 01 00 b5 03")
    assert p.encode_idle(1, p.FLAG_FRESH) == bytes.fromhex("02 01 49 01 01 b4 03")
    assert p.encode_ack(1) == bytes.fromhex("02 01 06 00 f9 03")
    assert p.encode_nak(1) == bytes.fromhex("02 01 15 00 ea 03")


def test_display_frame_for_serving_counter_is_byte_exact():
    view = CounterView(2, "serving", "1023", ["dat-dai"])
    assert p.encode_display(2, compose(view, 5)) == DISPLAY_Q2


def test_checksum_makes_the_body_sum_to_zero():
    body = DISPLAY_Q2[1:-1]
    assert sum(body) % 256 == 0


def test_display_payload_round_trips():
    shown = p.Display("paused", None, "A012", "SO A012       Q3", "TAM DUNG")
    assert p.parse_display(p.display_payload(shown)) == shown


def test_decoder_assembles_a_frame_from_single_bytes():
    decoder = p.FrameDecoder()
    frames = [f for byte in DISPLAY_Q2 for f in decoder.feed(bytes((byte,)))]
    assert len(frames) == 1
    assert frames[0].address == 2 and frames[0].command == p.CMD_DISPLAY and frames[0].valid


def test_decoder_skips_garbage_between_frames():
    decoder = p.FrameDecoder()
    stream = b"\xff\x02\x05junk" + p.encode_idle(3) + b"\x03\x03" + p.encode_poll(4)
    frames = decoder.feed(stream)
    assert [(f.address, f.command) for f in frames] == [(3, p.CMD_IDLE), (4, p.CMD_POLL)]
    assert decoder.garbage == 9


def test_decoder_flags_a_frame_with_a_bad_checksum():
    damaged = bytearray(p.encode_key(1, 7, p.KEY_NEXT))
    damaged[-2] ^= 0x01
    frames = p.FrameDecoder().feed(bytes(damaged))
    assert len(frames) == 1 and frames[0].valid is False


def test_decoder_finds_a_good_frame_behind_a_stray_stx_with_a_long_length():
    decoder = p.FrameDecoder()
    frames = decoder.feed(b"\x02\x01\x4b\x30" + p.encode_idle(2))
    assert [(f.address, f.command, f.valid) for f in frames] == [(2, p.CMD_IDLE, True)]


def test_decoder_accepts_stx_and_etx_bytes_inside_data():
    frame = p.encode_key(1, 2, 3)
    assert p.FrameDecoder().feed(frame)[0].data == b"\x00\x02\x03"


def test_transliteration_strips_vietnamese_diacritics():
    assert transliterate("Chưa có cán bộ – Đất đai") == "Chua co can bo - Dat dai"
    assert transliterate("HẾT SỐ") == "HET SO"
    assert transliterate("日") == "?"


def test_waiting_count_sums_the_counters_areas():
    hall = HallView()
    hall.apply("counter_updated", {"counter": {"number": 2, "areas": ["a", "b"],
                                               "status": "idle", "current": None}})
    hall.apply("queue_updated", {"area": {"id": "a", "waiting": 3}})
    changed = hall.apply("queue_updated", {"area": {"id": "b", "waiting": 4}})
    hall.apply("queue_updated", {"area": {"id": "c", "waiting": 9}})
    assert changed == {2}
    assert hall.waiting_for(2) == 7


def test_message_replaces_the_second_line_in_ascii():
    shown = compose(CounterView(1, "idle"), None, "Chưa có cán bộ")
    assert shown.line1 == "SO ---        Q1"
    assert shown.line2 == "Chua co can bo"

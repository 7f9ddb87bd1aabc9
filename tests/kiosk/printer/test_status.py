"""DLE EOT status bytes: parsing, classification, and the query over a link."""

import pytest

from kiosk.printer import status as st
from kiosk.printer.transport import DummyLink, open_link, query_status


@pytest.mark.parametrize("byte, offline", [(0x12, False), (0x16, False), (0x1A, True),
                                           (0x1E, True)])
def test_printer_status_bit_3_means_offline(byte, offline):
    assert st.is_status_byte(byte)
    assert st.parse_printer(byte) is offline


@pytest.mark.parametrize("byte, end, near", [(0x12, False, False), (0x1E, False, True),
                                             (0x72, True, False), (0x7E, True, True)])
def test_paper_sensor_bits(byte, end, near):
    assert st.parse_paper(byte) == {"paper_end": end, "paper_near_end": near}


def test_offline_cause_bits():
    assert st.parse_offline_cause(0x16) == {"cover_open": True, "paper_end": False,
                                            "error": False}
    assert st.parse_offline_cause(0x32)["paper_end"]
    assert st.parse_offline_cause(0x52)["error"]


@pytest.mark.parametrize("byte", [0x00, 0xFF, 0x10, 0x13, 0x92])
def test_bytes_without_the_fixed_bits_are_not_status(byte):
    assert not st.is_status_byte(byte)


@pytest.mark.parametrize("printer, paper, cause, expected", [
    (0x12, 0x12, None, ("ok", "")),
    (0x12, 0x1E, None, ("ok", "Sắp hết giấy")),
    (0x1A, 0x72, 0x32, ("no_paper", "Hết giấy")),
    (0x1A, 0x12, 0x16, ("error", "Nắp máy in đang mở")),
    (0x1A, 0x12, 0x52, ("error", "Máy in báo lỗi")),
    (0x1A, 0x12, 0x12, ("error", "Máy in đang tạm ngừng (offline)")),
])
def test_replies_are_classified(printer, paper, cause, expected):
    assert st.classify(st.decode(printer, paper, cause)) == expected


@pytest.mark.parametrize("state", [st.PrinterState(), st.PrinterState(paper_end=True),
                                   st.PrinterState(cover_open=True),
                                   st.PrinterState(paper_near_end=True)])
def test_simulated_replies_decode_back_to_the_same_classification(state):
    reply = {n: st.status_reply(state, n)[0] for n in (1, 2, 4)}
    cause = reply[2] if st.parse_printer(reply[1]) else None
    assert st.classify(st.decode(reply[1], reply[4], cause)) == st.classify(state)


class ScriptedLink:
    """A bidirectional link answering from a script: {query: reply}."""

    bidirectional = True

    def __init__(self, replies):
        self.replies, self.pending, self.written = replies, b"", []

    def write(self, data):
        self.written.append(data)
        self.pending += self.replies.get(data, b"")

    def read(self, n, timeout):
        out, self.pending = self.pending[:n], self.pending[n:]
        return out

    def close(self):
        pass


def test_query_asks_offline_cause_only_when_offline():
    ok = ScriptedLink({st.QUERY_PRINTER: b"\x12", st.QUERY_PAPER: b"\x12"})
    assert query_status(ok) == ("ok", "")
    assert ok.written == [st.QUERY_PRINTER, st.QUERY_PAPER]
    out = ScriptedLink({st.QUERY_PRINTER: b"\x1a", st.QUERY_PAPER: b"\x72",
                        st.QUERY_OFFLINE_CAUSE: b"\x32"})
    assert query_status(out) == ("no_paper", "Hết giấy")
    assert out.written[-1] == st.QUERY_OFFLINE_CAUSE


def test_silent_printer_is_offline():
    assert query_status(ScriptedLink({}), timeout=0.01) == ("offline", "Máy in không phản hồi")


def test_echoing_line_is_a_bad_reply_not_ok():
    link = open_link("loop://", timeout=0.1)  # echoes the query: 0x10 is no status byte
    try:
        assert query_status(link, 0.1) == ("error", "Máy in trả lời trạng thái không hợp lệ")
    finally:
        link.close()


def test_write_only_links_are_assumed_ok():
    assert query_status(DummyLink()) == ("ok", "")

"""The board emulators and the simulator tool a person runs."""
import importlib.util
import subprocess
import sys
from pathlib import Path

import serial

from display.boards import luot_protocol as luot
from display.boards.driver import Reply
from display.boards.modbus_rtu import ModbusDriver, with_crc
from display.boards.sim import make_bank

ROOT = Path(__file__).resolve().parents[3]
TOOL = ROOT / "tools" / "led_board_sim.py"


def load_tool():
    spec = importlib.util.spec_from_file_location("led_board_sim", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_luot_board_acks_its_commands_and_naks_corrupt_or_unknown_ones():
    bank = make_bank("luot", [1, 2])
    driver = luot.LuotDriver()
    assert bank.feed(driver.encode_show(1, "1023", 2)) == luot.encode_ack(1)
    assert bank.faces[1].shown() == "1023" and bank.faces[1].counter == 2
    bad = bytearray(driver.encode_clear(2))
    bad[-2] ^= 1
    assert bank.feed(bytes(bad)) == luot.encode_nak(2, luot.NAK_CHECKSUM)
    assert bank.feed(luot.encode_frame(2, b"Z")) == luot.encode_nak(2, luot.NAK_COMMAND)
    assert bank.feed(luot.encode_frame(2, b"L", b"\x09")) == luot.encode_nak(2, luot.NAK_DATA)
    assert bank.feed(driver.encode_show(3, "1")) == b""


def test_modbus_board_answers_writes_reads_and_out_of_range_registers():
    bank = make_bank("modbus", [1])
    driver = ModbusDriver()
    assert driver.decode_reply(bank.feed(driver.encode_show(1, "A012", 4))) == Reply(1, True)
    assert (bank.faces[1].shown(), bank.faces[1].counter) == ("A012", 4)
    bank.feed(driver.encode_status_code(1, "closed"))
    assert bank.faces[1].shown() == "OFF"
    assert bank.feed(driver.encode_ping(1)) == with_crc(bytes([1, 3, 2, 0, 3]))
    reply = bank.feed(with_crc(bytes([1, 3, 0, 7, 0, 4])))
    assert driver.decode_reply(reply) == Reply(1, False, "exception 0x02 illegal data address")


def test_a_dead_board_hears_nothing_until_revived():
    bank = make_bank("luot", [3], dead=[3])
    frame = luot.LuotDriver().encode_show(3, "1")
    assert bank.feed(frame) == b""
    assert bank.toggle_dead(3) is False
    assert bank.feed(frame) == luot.encode_ack(3)


def test_a_power_cycled_board_is_blank_and_says_it_is_fresh_until_told_what_to_show():
    bank = make_bank("luot", [1])
    driver = luot.LuotDriver()
    assert driver.decode_reply(bank.feed(driver.encode_ping(1))).fresh
    bank.feed(driver.encode_show(1, "1023"))
    assert not driver.decode_reply(bank.feed(driver.encode_ping(1))).fresh
    bank.power_cycle(1)
    assert bank.faces[1].shown() == "" and bank.power_cycles[1] == 1
    assert driver.decode_reply(bank.feed(driver.encode_ping(1))).fresh


def test_a_power_cycled_modbus_board_reads_blank():
    bank = make_bank("modbus", [1])
    driver = ModbusDriver()
    bank.feed(driver.encode_show(1, "1023"))
    assert driver.decode_reply(bank.feed(driver.encode_ping(1))).mode == "text"
    bank.power_cycle(1)
    assert driver.decode_reply(bank.feed(driver.encode_ping(1))).mode == "blank"


def test_blinking_board_goes_dark_half_of_each_period():
    now = [100.0]
    bank = make_bank("luot", [1], monotonic=lambda: now[0])
    bank.feed(luot.LuotDriver().encode_blink(1, times=2))
    face = bank.faces[1]
    assert [face.lit(100.0 + t) for t in (0.1, 0.3, 0.6, 0.8, 1.1)] == [True, False, True, False, True]


def test_the_tool_draws_big_characters_and_marks_dead_boards():
    tool = load_tool()
    bank = make_bank("luot", [1, 2], dead=[2])
    bank.feed(luot.LuotDriver().encode_show(1, "A012"))
    drawing = tool.render(bank, 0.0)
    assert "█" in drawing and "KHÔNG TRẢ LỜI" in drawing and "Địa chỉ 1" in drawing
    assert tool.big_text("-")[2].strip() == "███"


def test_the_tools_typed_commands_kill_and_power_cycle_boards():
    tool = load_tool()
    bank = make_bank("luot", [1, 2])
    bank.feed(luot.LuotDriver().encode_show(2, "1023"))
    assert tool.obey(bank, "1\n") and bank.dead == {1}
    assert tool.obey(bank, "p2\n") and bank.faces[2].shown() == "" and bank.faces[2].fresh
    assert "MỚI BẬT" in tool.render(bank, 0.0)
    assert not tool.obey(bank, "q\n")


def test_the_tool_runs_on_a_pty_and_answers_a_real_serial_port():
    process = subprocess.Popen([sys.executable, str(TOOL), "--pty", "--addresses", "1,2", "--no-draw"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        path = process.stdout.readline().rsplit(" ", 1)[-1].strip()
        with serial.serial_for_url(path, baudrate=9600, timeout=2) as port:
            port.write(luot.LuotDriver().encode_show(2, "1023"))
            assert port.read(6) == luot.encode_ack(2)
        assert process.stdout.readline().strip() == "2: S -> '1023'"
        process.stdin.write("q\n")
        process.stdin.flush()
        assert process.wait(timeout=5) == 0
    finally:
        process.kill()
        process.wait(timeout=5)

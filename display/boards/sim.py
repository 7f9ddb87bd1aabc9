"""Board emulators (sans-I/O) and a pty/socket pump: the core of tools/led_board_sim.py.

A bank holds the boards at some addresses on one line; `feed(bytes)` returns the bytes they
answer. Dead boards hear nothing and answer nothing.
"""
from __future__ import annotations

import os
import select
import socket
import struct
import threading
import time
import tty
from collections import Counter
from dataclasses import dataclass, field

from display.boards import luot_protocol as luot
from display.boards import modbus_rtu as rtu
from display.boards.driver import ALLOWED, CLOSED, PAUSED

BLINK_PERIOD = 0.5
CODE_TEXT = {PAUSED: "----", CLOSED: "OFF"}


@dataclass
class BoardFace:
    """What one emulated board shows."""

    address: int
    mode: str = "blank"
    text: str = ""
    counter: int | None = None
    brightness: int = 8
    blink_until: float = 0.0
    blinks: int = 0
    fresh: bool = True          # powered up and not told what to show yet
    registers: list = field(default_factory=lambda: [0] * 8)

    def shown(self) -> str:
        """The characters on the board ('' when blank)."""
        return self.text if self.mode == "text" else CODE_TEXT.get(self.mode, "")

    def lit(self, now: float) -> bool:
        """False during the dark half of a blink."""
        return now >= self.blink_until or (self.blink_until - now) % BLINK_PERIOD >= BLINK_PERIOD / 2


class BoardBank:
    """Boards sharing one line; subclasses speak one protocol."""

    def __init__(self, addresses, dead=(), monotonic=time.monotonic) -> None:
        self.faces = {a: BoardFace(a) for a in addresses}
        self.dead = set(dead)
        self.history: list[tuple[int, str]] = []
        self.heard: Counter = Counter()
        self.power_cycles: Counter = Counter()
        self.garbage = 0
        self._now = monotonic

    def toggle_dead(self, address: int) -> bool:
        """Kill or revive a board; returns True if it is now dead."""
        self.dead ^= {address}
        return address in self.dead

    def power_cycle(self, address: int) -> None:
        """Switch a board off and on again: it forgets what it showed (blank, fresh)."""
        self.faces[address] = BoardFace(address)
        self.power_cycles[address] += 1

    def _listening(self, address: int) -> BoardFace | None:
        return self.faces.get(address) if address not in self.dead else None

    def _blink(self, face: BoardFace, times: int, tenths: int) -> None:
        seconds = times * BLINK_PERIOD if times else tenths / 10
        face.blink_until = self._now() + seconds
        face.blinks += 1

    def _set(self, face: BoardFace, mode: str, text: str = "", counter: int | None = None) -> None:
        face.mode, face.text, face.counter, face.blink_until = mode, text, counter, 0.0
        face.fresh = False


class LuotBank(BoardBank):
    """Boards speaking the Lượt protocol."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._decoder = luot.FrameDecoder()

    def feed(self, data: bytes) -> bytes:
        """Bytes from the master in, replies out."""
        out = b""
        for event in self._decoder.feed(data):
            if isinstance(event, luot.Garbage):
                self.garbage += len(event.data)
            elif isinstance(event, luot.Corrupt) and self._listening(event.address):
                out += luot.encode_nak(event.address, luot.NAK_CHECKSUM)
            elif isinstance(event, luot.Frame) and event.command not in (luot.ACK, luot.NAK):
                self.heard[event.address] += 1
                face = self._listening(event.address)
                if face is not None:
                    out += self._obey(face, bytes([event.command]), event.data)
        return out

    def _obey(self, face: BoardFace, command: bytes, data: bytes) -> bytes:
        handler = {luot.SHOW: self._show, luot.BLINK: self._blink_cmd, luot.CODE: self._code,
                   luot.CLEAR: self._clear, luot.BRIGHTNESS: self._brightness, luot.QUERY: self._query}.get(command)
        if handler is None:
            return luot.encode_nak(face.address, luot.NAK_COMMAND)
        if not handler(face, data):
            return luot.encode_nak(face.address, luot.NAK_DATA)
        self.history.append((face.address, command.decode()))
        if command == luot.QUERY:
            return luot.encode_ack(face.address, luot.FLAG_FRESH if face.fresh else 0)
        return luot.encode_ack(face.address)

    def _show(self, face, data) -> bool:
        text = data[1:].decode("ascii", "replace")
        if not 1 <= len(text) <= 6 or any(c not in ALLOWED for c in text) or data[0] > 99:
            return False
        self._set(face, "text", text, data[0] or None)
        return True

    def _blink_cmd(self, face, data) -> bool:
        if len(data) != 3 or data[:1] not in (luot.BLINK_TIMES, luot.BLINK_TENTHS):
            return False
        value = int.from_bytes(data[1:], "big")
        self._blink(face, value if data[:1] == luot.BLINK_TIMES else 0, value)
        return True

    def _code(self, face, data) -> bool:
        modes = {v: k for k, v in luot.CODES.items()}
        if data not in modes:
            return False
        self._set(face, modes[data])
        return True

    def _clear(self, face, data) -> bool:
        self._set(face, "blank")
        return not data

    def _brightness(self, face, data) -> bool:
        if len(data) != 1 or not 1 <= data[0] <= 8:
            return False
        face.brightness = data[0]
        return True

    def _query(self, face, data) -> bool:
        return not data


class ModbusBank(BoardBank):
    """Boards speaking Modbus RTU with the documented register map."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._framer = rtu.RtuFramer(rtu.request_length)

    def feed(self, data: bytes) -> bytes:
        """Bytes from the master in, replies out."""
        out = b""
        before = self._framer.skipped
        for frame in self._framer.feed(data):
            self.heard[frame[0]] += 1
            face = self._listening(frame[0])
            if face is not None:
                out += rtu.with_crc(self._obey(face, frame))
        self.garbage += self._framer.skipped - before
        return out

    def _obey(self, face: BoardFace, frame: bytes) -> bytes:
        address, function = frame[0], frame[1]
        start, count = struct.unpack(">HH", frame[2:6])
        if start + count > len(face.registers):
            return bytes([address, function | 0x80, 2])
        if function == rtu.READ_HOLDING:
            values = face.registers[start:start + count]
            return bytes([address, function, 2 * count]) + struct.pack(f">{count}H", *values)
        values = list(struct.unpack(f">{count}H", frame[7:7 + 2 * count]))
        face.registers[start:start + count] = values
        self._apply(face, start, count)
        self.history.append((address, f"W{start}"))
        return frame[:6]

    def _apply(self, face: BoardFace, start: int, count: int) -> None:
        regs = face.registers
        if start <= rtu.REG_COUNTER and start + count > rtu.REG_MODE:
            text = struct.pack(">3H", *regs[rtu.REG_TEXT:rtu.REG_COUNTER]).decode("ascii", "replace").strip()
            self._set(face, rtu.MODE_NAMES.get(regs[rtu.REG_MODE], "blank"), text, regs[rtu.REG_COUNTER] or None)
        if regs[rtu.REG_BLINK_COUNT] or regs[rtu.REG_BLINK_TENTHS]:
            self._blink(face, regs[rtu.REG_BLINK_COUNT], regs[rtu.REG_BLINK_TENTHS])
            regs[rtu.REG_BLINK_COUNT] = regs[rtu.REG_BLINK_TENTHS] = 0
        face.brightness = regs[rtu.REG_BRIGHTNESS] or face.brightness


BANKS = {"luot": LuotBank, "modbus": ModbusBank}


def make_bank(driver: str, addresses, dead=(), monotonic=time.monotonic) -> BoardBank:
    """An emulated bank of boards for a driver name."""
    return BANKS[driver](addresses, dead, monotonic)


def pump(fd: int, bank: BoardBank, stop: threading.Event) -> None:
    """Answer the master on `fd` (pty master or socket) until `stop` or the line closes."""
    while not stop.is_set():
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:
            return
        if not data:
            return
        reply = bank.feed(data)
        if reply:
            os.write(fd, reply)


class PtySim:
    """A bank answering on a fresh pseudo-terminal; `path` is what the master opens."""

    def __init__(self, bank: BoardBank, link: str | None = None) -> None:
        self.bank = bank
        self.link = link
        self.path = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._fds: tuple[int, int] | None = None

    def start(self) -> "PtySim":
        """Open the pty (and the symlink, if any) and start answering."""
        master, slave = os.openpty()
        tty.setraw(slave)
        tty.setraw(master)
        self._fds = (master, slave)
        self.path = os.ttyname(slave)
        if self.link:
            os.symlink(self.path, self.link)
        self._stop.clear()
        self._thread = threading.Thread(target=pump, args=(master, self.bank, self._stop), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering, close the pty (like pulling the USB adapter) and drop the symlink."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
        if self.link and os.path.lexists(self.link):
            os.unlink(self.link)
        for fd in self._fds or ():
            os.close(fd)
        self._fds = None

    def inject(self, data: bytes) -> None:
        """Write raw bytes towards the master (line noise)."""
        os.write(self._fds[0], data)


class TcpSim:
    """A bank answering one `socket://host:port` client at a time."""

    def __init__(self, bank: BoardBank, host: str = "127.0.0.1", port: int = 0) -> None:
        self.bank = bank
        self._listener = socket.create_server((host, port))
        self._listener.settimeout(0.1)
        self.url = "socket://%s:%d" % self._listener.getsockname()[:2]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> "TcpSim":
        """Start accepting clients."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        self._stop.set()
        self._thread.join(2)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except (socket.timeout, OSError):
                continue
            with client:
                pump(client.fileno(), self.bank, self._stop)

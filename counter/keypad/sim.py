"""Keypad side of the protocol: simulated keypads (sans-I/O) and a pty runner for them."""
from __future__ import annotations

import collections
import os
import select
import threading
import tty
from typing import Callable

from . import protocol as p


class SimKeypad:
    """One simulated keypad: queues key events until the master ACKs them."""

    def __init__(self, address: int, first_seq: int = 1) -> None:
        self.address = address
        self.queue: collections.deque[tuple[int, int]] = collections.deque()
        self.display: p.Display | None = None
        self.fresh = True
        self.muted = False
        self.lose_acks = 0
        self.polls = 0
        self._seq = first_seq

    def press(self, key: int | str) -> int:
        """Queue one key (a code or a one-character string); return its sequence number."""
        code = ord(key) if isinstance(key, str) else key
        seq = self._seq
        self._seq = self._seq % 255 + 1
        self.queue.append((seq, code))
        return seq

    def on_frame(self, frame: p.Frame) -> bytes:
        """Answer one master frame addressed to this keypad (b"" when no answer is due)."""
        if not frame.valid:
            return p.encode_nak(self.address)
        if frame.command == p.CMD_POLL:
            self.polls += 1
            return self._poll_reply()
        if frame.command == p.CMD_ACK_KEY:
            self._ack(frame.data)
            return b""
        if frame.command == p.CMD_DISPLAY:
            return self._display(frame.data)
        return b""

    def _poll_reply(self) -> bytes:
        flags = p.FLAG_FRESH if self.fresh else 0
        if self.queue:
            seq, key = self.queue[0]
            return p.encode_key(self.address, seq, key, flags)
        return p.encode_idle(self.address, flags)

    def _ack(self, data: bytes) -> None:
        if self.lose_acks > 0:
            self.lose_acks -= 1
            return
        if self.queue and data and self.queue[0][0] == data[0]:
            self.queue.popleft()

    def _display(self, data: bytes) -> bytes:
        try:
            self.display = p.parse_display(data)
        except ValueError:
            return p.encode_nak(self.address)
        self.fresh = False
        return p.encode_ack(self.address)


class KeypadSimulator:
    """Several keypads sharing one byte stream (an RS-485 bus): bytes in -> replies out."""

    def __init__(self, addresses: list[int]) -> None:
        self.keypads = {address: SimKeypad(address) for address in addresses}
        self._decoder = p.FrameDecoder()

    def feed(self, chunk: bytes) -> bytes:
        """Feed bytes from the master; return the replies to send back."""
        out = bytearray()
        for frame in self._decoder.feed(chunk):
            keypad = self.keypads.get(frame.address)
            if keypad is None or keypad.muted:
                continue
            if frame.valid and frame.command not in p.MASTER_COMMANDS:
                continue  # another keypad's reply, or an echo
            out += keypad.on_frame(frame)
        return bytes(out)


class PtyKeypadSim:
    """Runs a KeypadSimulator on a pseudo-terminal; the driver opens `path` (or `link`).

    `link` is an optional symlink kept pointing at the current pty, so `unplug()`
    and `plug()` look to the driver like a USB adapter going away and coming back.
    """

    def __init__(self, addresses: list[int], link: str | None = None,
                 on_change: Callable[[], None] | None = None) -> None:
        self.sim = KeypadSimulator(addresses)
        self.link = link
        self.on_change = on_change or (lambda: None)
        self.garbage = b""
        self._lock = threading.Lock()
        self._fds: tuple[int, int] | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.path = ""

    @property
    def url(self) -> str:
        """What to configure in the driver: the symlink if any, else the pty path."""
        return self.link or self.path

    def keypad(self, address: int) -> SimKeypad:
        """The simulated keypad at `address`."""
        return self.sim.keypads[address]

    def press(self, address: int, key: int | str) -> int:
        """Press a key on one keypad."""
        with self._lock:
            return self.keypad(address).press(key)

    def plug(self) -> str:
        """Create the pty (and symlink) and start answering; return the path."""
        master, slave = os.openpty()
        tty.setraw(slave)
        self._fds = (master, slave)
        self.path = os.ttyname(slave)
        if self.link:
            tmp = self.link + ".new"
            os.symlink(self.path, tmp)
            os.replace(tmp, self.link)
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, args=(master,), daemon=True)
        self._thread.start()
        return self.path

    def unplug(self) -> None:
        """Close the pty and remove the symlink: the port disappears."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None
        if self.link and os.path.lexists(self.link):
            os.unlink(self.link)
        if self._fds is not None:
            for fd in self._fds:
                os.close(fd)
            self._fds = None

    close = unplug

    def _serve(self, master: int) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 4096)
            except OSError:
                self._stop.wait(0.05)
                continue
            with self._lock:
                before = [k.display for k in self.sim.keypads.values()]
                reply = self.sim.feed(chunk)
                garbage, self.garbage = self.garbage, b""
                changed = before != [k.display for k in self.sim.keypads.values()]
            if reply:
                os.write(master, garbage + reply)
            if changed:
                self.on_change()

"""ESC/POS ticket printer simulator: a pseudo-terminal or TCP port that prints to PNG files.

    python tools/printer_sim.py                 # prints the pty path to use as printer url
    python tools/printer_sim.py --tcp 9100      # url = "tcp://127.0.0.1:9100"
    python tools/printer_sim.py --no-paper      # start with the paper roll empty
    python tools/printer_sim.py --page 27=cp1258   # this printer's ESC t 27 is CP1258

Text on Vietnamese code pages (ESC t) is decoded as the printer would: Epson's numbers by
default (30 TCVN-3, 31 TCVN-3 capitals, 52 CP1258); --page says what another number is.

While running, type a letter + Enter: p = toggle paper, c = toggle cover, a = toggle
answering status queries (a dead printer), q = quit. Each cut ticket is written as
ticket-NNNN.png in --out. `PrinterSimulator` is importable for tests.
"""

from __future__ import annotations

import argparse
import os
import select
import socket
import sys
import threading
import tty
from dataclasses import replace
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.printer.decoder import EscposDecoder, Printed, StatusQuery  # noqa: E402
from kiosk.printer.status import PrinterState, status_reply  # noqa: E402

POLL_S = 0.1
PAGE_KINDS = ("tcvn3", "tcvn3-capitals", "cp1258", "cp437", "cp1252")


class PrinterSimulator:
    """Decodes what a printer receives, answers DLE EOT, saves each ticket as PNG."""

    def __init__(self, out_dir: str | Path | None = None, width_px: int = 576,
                 paper: bool = True, answering: bool = True, quiet: bool = True,
                 pages: dict[int, str] | None = None):
        self.out_dir = Path(out_dir) if out_dir else None
        self.decoder = EscposDecoder(width_px, pages)
        self.state = PrinterState(paper_end=not paper)
        self.answering = answering
        self.quiet = quiet
        self.tickets: list = []  # PIL images, in print order
        self.lost = 0  # tickets received while out of paper
        self.received = 0  # bytes
        self.printed = threading.Event()  # set at every cut (tests clear it)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._fds: list[int] = []
        self._server: socket.socket | None = None

    # -- sans-I/O core --------------------------------------------------------------
    def receive(self, data: bytes) -> bytes:
        """Feed bytes from the host; returns the bytes the printer answers."""
        self.received += len(data)
        reply = b""
        for event in self.decoder.feed(data):
            if isinstance(event, StatusQuery) and self.answering:
                reply += status_reply(self.state, event.n)
            elif isinstance(event, Printed):
                self._printed(event.image)
        return reply

    def set_paper(self, present: bool) -> None:
        """Load or remove the paper roll."""
        self.state = replace(self.state, paper_end=not present)

    def set_cover_open(self, is_open: bool) -> None:
        """Open or close the cover."""
        self.state = replace(self.state, cover_open=is_open)

    def _printed(self, image) -> None:
        if self.state.paper_end or self.state.cover_open:
            self.lost += 1
            self._say("ticket received while the printer cannot print: lost")
            return
        self.tickets.append(image)
        if self.out_dir:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            path = self.out_dir / f"ticket-{len(self.tickets):04d}.png"
            image.save(path)
            self._say(f"printed {path}")
        self.printed.set()

    def _say(self, text: str) -> None:
        if not self.quiet:
            print(text, flush=True)

    # -- I/O ------------------------------------------------------------------------
    def start_pty(self) -> str:
        """Open a pseudo-terminal and serve it in a thread; returns the path for the host."""
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line discipline, before anyone writes
        self._fds += [master, slave]  # keep the slave open so the master never sees EIO
        self._thread(self._serve_fd, master)
        return os.ttyname(slave)

    def start_tcp(self, port: int = 9100, host: str = "127.0.0.1") -> int:
        """Listen on TCP (one client at a time, like a printer); returns the port."""
        self._server = socket.create_server((host, port))
        self._server.settimeout(POLL_S)
        self._thread(self._serve_tcp)
        return self._server.getsockname()[1]

    def stop(self) -> None:
        """Stop serving and close everything."""
        self._stop.set()
        for thread in self._threads:
            thread.join(2.0)
        for fd in self._fds:
            os.close(fd)
        self._fds = []
        if self._server:
            self._server.close()

    def _thread(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True, name="printer-sim")
        thread.start()
        self._threads.append(thread)

    def _serve_fd(self, fd: int) -> None:
        while not self._stop.is_set():
            if not select.select([fd], [], [], POLL_S)[0]:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                self._stop.wait(POLL_S)
                continue
            reply = self.receive(data)
            if reply:
                os.write(fd, reply)

    def _serve_tcp(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except (socket.timeout, OSError):
                continue
            self.decoder.reset()
            with conn:
                self._serve_conn(conn)

    def _serve_conn(self, conn: socket.socket) -> None:
        conn.settimeout(POLL_S)
        while not self._stop.is_set():
            try:
                data = conn.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            if not data:
                return
            reply = self.receive(data)
            if reply:
                conn.sendall(reply)


def _console(sim: PrinterSimulator) -> None:
    for line in sys.stdin:
        key = line.strip().lower()[:1]
        if key == "q":
            return
        if key == "p":
            sim.set_paper(sim.state.paper_end)
        elif key == "c":
            sim.set_cover_open(not sim.state.cover_open)
        elif key == "a":
            sim.answering = not sim.answering
        print(f"paper={'no' if sim.state.paper_end else 'yes'} "
              f"cover={'open' if sim.state.cover_open else 'closed'} "
              f"answering={sim.answering}", flush=True)


def page_option(text: str) -> tuple[int, str]:
    """--page N=KIND: the printer's ESC t number N is code page KIND."""
    number, _, kind = text.partition("=")
    if not number.isdigit() or kind not in PAGE_KINDS:
        raise argparse.ArgumentTypeError(f"N=KIND with KIND one of {', '.join(PAGE_KINDS)}")
    return int(number), kind


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command line options."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tcp", type=int, metavar="PORT", help="listen on TCP instead of a pty")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--out", default="/tmp/printer_sim", help="folder for ticket PNGs")
    ap.add_argument("--paper-mm", type=int, default=80, choices=(58, 80))
    ap.add_argument("--no-paper", action="store_true", help="start with no paper")
    ap.add_argument("--no-answer", action="store_true", help="ignore status queries")
    ap.add_argument("--page", type=page_option, action="append", default=[], metavar="N=KIND",
                    help="the printer's code page number N is KIND (tcvn3, tcvn3-capitals, "
                         "cp1258, cp437, ...); repeatable")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    args = parse_args(argv)
    sim = PrinterSimulator(args.out, 384 if args.paper_mm == 58 else 576,
                           paper=not args.no_paper, answering=not args.no_answer, quiet=False,
                           pages=dict(args.page))
    if args.tcp is not None:
        port = sim.start_tcp(args.tcp, args.host)
        print(f'printer url = "tcp://{args.host}:{port}"', flush=True)
    else:
        print(f'printer url = "{sim.start_pty()}"', flush=True)
    print("commands: p paper, c cover, a answering, q quit", flush=True)
    try:
        _console(sim)
    except KeyboardInterrupt:
        pass
    sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Simulated counter keypads on a pseudo-terminal, pressed from this terminal.

    python tools/keypad_sim.py --addresses 1,2,3 [--link /tmp/keypads]

Configure the printed path (or the --link symlink) as a `[[keypads.bus]]` url.
Keys: n=Gọi tiếp, r=Gọi lại, x=Vắng mặt, d=Xong, t=Chuyển, p=Tạm dừng/Tiếp tục,
P=Tạm dừng, G=Tiếp tục, c=Gọi số, 0-9 (1-4 on a rating keypad), Enter, Esc=Xoá,
Tab=next keypad, q=quit.
"""
from __future__ import annotations

import argparse
import os
import sys
import termios
import threading
import tty

KEYMAP = {"n": "N", "r": "R", "x": "X", "d": "D", "t": "T", "p": "S", "P": "P", "G": "G",
          "c": "C", "\r": "\r", "\n": "\r", "\x1b": "\x1b"}


def render(sim, selected: int) -> str:
    """The screens of every simulated keypad, the selected one marked."""
    rows = []
    for address, keypad in sim.sim.keypads.items():
        mark = ">" if address == selected else " "
        shown = keypad.display
        if shown is None:
            rows.append(f"{mark} #{address:<2} (chưa có màn hình)   chờ ACK: {len(keypad.queue)}")
            continue
        rows.append(f"{mark} #{address:<2} |{shown.line1:<16}|  state={shown.state}"
                    f" number={shown.number or '-'} waiting={shown.waiting}")
        rows.append(f"      |{shown.line2:<16}|  chờ ACK: {len(keypad.queue)}")
    return "\r\n".join(rows) + "\r\n"


def translate(char: str) -> str | None:
    """Map a terminal key to a keypad key code character (None = not a keypad key)."""
    if char.isdigit():
        return char
    return KEYMAP.get(char)


def run(addresses: list[int], link: str | None) -> None:
    """Serve the keypads until q or Ctrl-C."""
    from counter.keypad.sim import PtyKeypadSim

    lock = threading.Lock()
    state = {"selected": addresses[0]}

    def redraw() -> None:
        with lock:
            sys.stdout.write("\r\n" + render(sim, state["selected"]))
            sys.stdout.flush()

    sim = PtyKeypadSim(addresses, link=link, on_change=redraw)
    path = sim.plug()
    print(f"Bàn phím giả lập {addresses} trên {path}" + (f" (liên kết {link})" if link else ""))
    print(__doc__.split("\n\n")[-1])
    saved = termios.tcgetattr(sys.stdin)
    tty.setcbreak(sys.stdin)
    try:
        _loop(sim, addresses, state, redraw)
    finally:
        termios.tcsetattr(sys.stdin, termios.TCSADRAIN, saved)
        sim.close()


def _loop(sim, addresses: list[int], state: dict, redraw) -> None:
    while True:
        char = os.read(sys.stdin.fileno(), 1).decode("latin-1")
        if char in ("q", "\x03", ""):
            return
        if char == "\t":
            index = addresses.index(state["selected"])
            state["selected"] = addresses[(index + 1) % len(addresses)]
        elif (code := translate(char)) is not None:
            seq = sim.press(state["selected"], code)
            print(f"#{state['selected']} phím {code!r} (seq {seq})", end="\r\n")
        redraw()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command line options."""
    parser = argparse.ArgumentParser(description="Giả lập bàn điều khiển quầy trên pty "
                                                 "(counter keypad simulator)")
    parser.add_argument("--addresses", default="1",
                        help="địa chỉ bàn phím trên bus, e.g. 1,2,3 (1-32)")
    parser.add_argument("--link", help="tạo liên kết tượng trưng cố định tới pty "
                                       "(a fixed symlink to the pty)")
    args = parser.parse_args(argv)
    try:
        args.addresses = [int(part) for part in args.addresses.split(",") if part.strip()]
    except ValueError:
        parser.error(f"--addresses: numbers separated by commas, not {args.addresses!r}")
    return args


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    args = parse_args(argv)
    run(args.addresses, args.link)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    main()

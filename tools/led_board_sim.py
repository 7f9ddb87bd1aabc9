"""Emulate counter LED boards on a pseudo-terminal or a TCP port, and draw them here.

    python tools/led_board_sim.py --pty --addresses 1,2,3,4,5 [--driver modbus] [--dead 3]
    python tools/led_board_sim.py --tcp 7001 --addresses 1,2

Point the hall config at the printed path (or socket://127.0.0.1:7001). Type an address and
Enter to kill/revive that board, 'p' and an address (p3) Enter to switch it off and on again
(it comes back blank and answers pings with FRESH), 'q' Enter to quit; SIGUSR1 toggles the
--dead boards.
The protocol work is done by display.boards.sim (importable, used by the tests).
"""
from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path

FONT = {  # 3 columns x 5 rows, '#' lit
    "0": ["###", "# #", "# #", "# #", "###"], "1": [" # ", "## ", " # ", " # ", "###"],
    "2": ["###", "  #", "###", "#  ", "###"], "3": ["###", "  #", "###", "  #", "###"],
    "4": ["# #", "# #", "###", "  #", "  #"], "5": ["###", "#  ", "###", "  #", "###"],
    "6": ["###", "#  ", "###", "# #", "###"], "7": ["###", "  #", "  #", "  #", "  #"],
    "8": ["###", "# #", "###", "# #", "###"], "9": ["###", "# #", "###", "  #", "###"],
    "A": [" # ", "# #", "###", "# #", "# #"], "B": ["## ", "# #", "## ", "# #", "## "],
    "C": ["###", "#  ", "#  ", "#  ", "###"], "D": ["## ", "# #", "# #", "# #", "## "],
    "E": ["###", "#  ", "## ", "#  ", "###"], "F": ["###", "#  ", "## ", "#  ", "#  "],
    "G": ["###", "#  ", "# #", "# #", "###"], "H": ["# #", "# #", "###", "# #", "# #"],
    "I": ["###", " # ", " # ", " # ", "###"], "J": ["  #", "  #", "  #", "# #", "###"],
    "K": ["# #", "## ", "#  ", "## ", "# #"], "L": ["#  ", "#  ", "#  ", "#  ", "###"],
    "M": ["# #", "###", "###", "# #", "# #"], "N": ["## ", "# #", "# #", "# #", "# #"],
    "O": ["###", "# #", "# #", "# #", "###"], "P": ["###", "# #", "###", "#  ", "#  "],
    "Q": ["###", "# #", "# #", "###", "  #"], "R": ["## ", "# #", "## ", "# #", "# #"],
    "S": ["###", "#  ", "###", "  #", "###"], "T": ["###", " # ", " # ", " # ", " # "],
    "U": ["# #", "# #", "# #", "# #", "###"], "V": ["# #", "# #", "# #", "# #", " # "],
    "W": ["# #", "# #", "###", "###", "# #"], "X": ["# #", "# #", " # ", "# #", "# #"],
    "Y": ["# #", "# #", " # ", " # ", " # "], "Z": ["###", "  #", " # ", "#  ", "###"],
    "-": ["   ", "   ", "###", "   ", "   "], " ": ["   "] * 5,
}
WIDTH = 6 * 4 + 1


def big_text(text: str, lit: bool = True) -> list[str]:
    """Five rows drawing `text` (right-aligned on 6 characters) in block letters."""
    cells = [FONT.get(c, FONT[" "]) for c in text.rjust(6)[-6:]]
    pixel = "█" if lit else " "
    return [" " + " ".join(cell[row] for cell in cells).replace("#", pixel) for row in range(5)]


def render_board(face, dead: bool, now: float) -> list[str]:
    """A boxed drawing of one board with its address, counter, brightness and health."""
    title = f" Địa chỉ {face.address}" + (f" · Quầy {face.counter}" if face.counter else "")
    state = "KHÔNG TRẢ LỜI" if dead else f"độ sáng {face.brightness}/8" + (" · NHẤP NHÁY" if now < face.blink_until else "")
    state += " · MỚI BẬT" if face.fresh and not dead else ""
    rows = big_text(face.shown(), face.lit(now) and not dead)
    body = [f"│{row:<{WIDTH}}│" for row in rows]
    return [f"┌{title:─<{WIDTH}}┐", *body, f"└{' ' + state + ' ':─<{WIDTH}}┘"]


def render(bank, now: float) -> str:
    """The whole bank, boards side by side in rows of three."""
    drawings = [render_board(face, a in bank.dead, now) for a, face in sorted(bank.faces.items())]
    lines = []
    for start in range(0, len(drawings), 3):
        group = drawings[start:start + 3]
        lines += ["  ".join(parts) for parts in zip(*group)]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command line options."""
    parser = argparse.ArgumentParser(description="Giả lập bảng LED quầy (LED board simulator)")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--pty", action="store_true", help="create a pseudo-terminal and print its path")
    where.add_argument("--tcp", type=int, metavar="PORT", help="listen for socket://127.0.0.1:PORT")
    parser.add_argument("--addresses", default="1,2,3,4,5", help="board addresses, e.g. 1,2,3,4,5")
    parser.add_argument("--driver", choices=["luot", "modbus"], default="luot")
    parser.add_argument("--dead", default="", help="addresses that never answer, e.g. 3")
    parser.add_argument("--link", help="also create this symlink to the pty (like /dev/serial/by-id)")
    parser.add_argument("--no-draw", action="store_true", help="print commands instead of drawing")
    return parser.parse_args(argv)


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def obey(bank, word: str) -> bool:
    """One typed command: an address kills/revives it, p<address> power-cycles it; False = quit."""
    word = word.strip().lower()
    if word in ("q", "quit", "exit"):
        return False
    if word.isdigit() and int(word) in bank.faces:
        bank.toggle_dead(int(word))
    elif word[:1] == "p" and word[1:].strip().isdigit() and int(word[1:]) in bank.faces:
        bank.power_cycle(int(word[1:]))
    return True


def _read_keys(bank, quit_event: threading.Event) -> None:
    for line in sys.stdin:
        if not obey(bank, line):
            break
    quit_event.set()


def main(argv: list[str] | None = None) -> int:
    """Run the simulator until 'q' or Ctrl-C."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from display.boards.sim import PtySim, TcpSim, make_bank

    args = parse_args(argv)
    dead = _numbers(args.dead)
    bank = make_bank(args.driver, _numbers(args.addresses), dead)
    server = TcpSim(bank, port=args.tcp).start() if args.tcp else PtySim(bank, args.link).start()
    where = server.url if args.tcp else server.path
    print(f"Bảng LED giả lập ({args.driver}) tại: {where}", flush=True)
    signal.signal(signal.SIGUSR1, lambda *_: [bank.toggle_dead(a) for a in dead])
    quit_event = threading.Event()
    threading.Thread(target=_read_keys, args=(bank, quit_event), daemon=True).start()
    try:
        _show_loop(bank, where, args.no_draw, quit_event)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def _show_loop(bank, where: str, plain: bool, quit_event: threading.Event) -> None:
    seen = 0
    while not quit_event.wait(0.1):
        if plain:
            for address, command in bank.history[seen:]:
                print(f"{address}: {command} -> {bank.faces[address].shown()!r}", flush=True)
            seen = len(bank.history)
            continue
        print("\x1b[H\x1b[2J" + f"{where}   (số + Enter: tắt/bật bảng · p + số + Enter: mất điện rồi có"
              " điện lại · q + Enter: thoát)\n", flush=False)
        print(render(bank, time.monotonic()), flush=True)


if __name__ == "__main__":
    sys.exit(main())

"""Every simulator command line in the README, the demo config and the docs is one the tool
accepts: a documented flag that does not exist fails here, not in a person's terminal."""
import re
import shlex
from pathlib import Path

import pytest

from tools import keypad_sim, led_board_sim, make_voice_pack, printer_sim

ROOT = Path(__file__).resolve().parents[2]
PARSERS = {"led_board_sim": led_board_sim.parse_args, "keypad_sim": keypad_sim.parse_args,
           "printer_sim": printer_sim.parse_args,
           "make_voice_pack": lambda argv: make_voice_pack._parser().parse_args(argv)}
PLACES = ["README.md", "config/demo-hall.toml",
          *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").rglob("*.md")),
          *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tools").glob("*.py"))]
COMMAND = re.compile(r"python (?:-m )?tools[/.](\w+)(?:\.py)?((?: +(?!#|and\b|\()[^\s`#(]+)*)")
EXAMPLES = {"N=KIND": "27=cp1258", "PORT": "9100", "<pack_dir>": "voice", "DIR": "voice"}


def documented_commands():
    for place in PLACES:
        text = (ROOT / place).read_text(encoding="utf-8")
        text = re.sub(r"\n\s+(?=\[--)", " ", text)          # options continued on the next line
        for match in COMMAND.finditer(text):
            yield pytest.param(match.group(1), match.group(2),
                               id=f"{place}: {match.group(0).strip()[:60]}")


def argv(options: str) -> list[str]:
    """The options as a person would type them: optional parts included, first alternatives."""
    words = shlex.split(options.replace("[", " ").replace("]", " ").replace("...", " "))
    return [EXAMPLES.get(word, word.split("|")[0]) for word in words]


def test_the_docs_show_every_simulator():
    tools = {tool for tool, _ in (p.values for p in documented_commands())}
    assert tools == set(PARSERS)


@pytest.mark.parametrize("tool, options", list(documented_commands()))
def test_each_documented_command_line_is_accepted_by_its_tool(tool, options):
    PARSERS[tool](argv(options))


def test_a_flag_the_tool_does_not_have_is_refused():
    with pytest.raises(SystemExit):
        keypad_sim.parse_args(["--pty", "--addresses", "1,2"])

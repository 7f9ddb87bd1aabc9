"""Counter keypads: our documented protocol (docs/protocols/keypad.md), bus master, fake."""
from .driver import Keypads
from .fake import FakeKeypads
from .keys import KeyAction
from .settings import KeypadSettings, parse_keypads

__all__ = ["FakeKeypads", "KeyAction", "KeypadSettings", "Keypads", "parse_keypads"]

"""Counter keypads: our documented protocol (docs/protocols/keypad.md), bus master, fake."""
from .actions import ActionResult, KeyAction
from .driver import Keypads
from .fake import FakeKeypads

__all__ = ["ActionResult", "FakeKeypads", "KeyAction", "Keypads"]

"""Where announcements are played: ALSA via aplay, a display browser, nowhere, or a fake.

A sink's ``play`` blocks until the sound has finished (so announcements never overlap)
and raises ``SinkError`` on failure. ``cancel`` stops a playback in progress (on stop()).
``present`` says whether there is anything to play on: (True, "") or (False, why).
"""
from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path
from typing import Callable, Optional

NO_SOUND_CARD = "Không thấy card âm thanh nào (no sound card): các lượt gọi không phát ra loa."
NO_AUDIO_DISPLAY = ("Không có màn hình nào phát loa (no enrolled display with ?audio=1 has "
                    "claimed the voice): các lượt gọi không phát ra loa.")


class SinkError(RuntimeError):
    """The sound could not be played; the message is for the manager (Vietnamese)."""


class AplaySink:
    """Play through the server's sound card with ``aplay -D device``."""

    def __init__(self, device: Optional[str] = None, timeout_margin: float = 5.0,
                 binary: str = "aplay", cards: Path = Path("/proc/asound/cards")):
        self.device = device
        self.timeout_margin = timeout_margin
        self.binary = binary
        self.cards = cards
        self._proc: Optional[subprocess.Popen] = None

    def present(self) -> tuple[bool, str]:
        """Whether ALSA lists a sound card (/proc/asound/cards)."""
        try:
            listing = self.cards.read_text(errors="replace")
        except OSError:
            return False, NO_SOUND_CARD
        if not listing.strip() or "no soundcards" in listing:
            return False, NO_SOUND_CARD
        return True, ""

    def command(self) -> list[str]:
        """The aplay command line (reads the WAV from stdin)."""
        return [self.binary, "-q"] + (["-D", self.device] if self.device else []) + ["-"]

    def play(self, wav: bytes, info: dict) -> None:
        """Play ``wav``; give up after its duration plus the margin."""
        try:
            self._proc = subprocess.Popen(self.command(), stdin=subprocess.PIPE,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as exc:
            raise SinkError(f"Không chạy được {self.binary}: {exc}") from None
        proc = self._proc
        try:
            _, err = proc.communicate(wav, timeout=info.get("seconds", 0) + self.timeout_margin)
        except Exception as exc:   # noqa: BLE001 - see _is_timeout
            if not _is_timeout(exc):
                raise
            proc.kill()
            proc.communicate()
            raise SinkError(f"{self.binary} quá thời gian chờ (thiết bị âm thanh treo?)") from None
        finally:
            self._proc = None
        if proc.returncode != 0:
            detail = err.decode(errors="replace").strip()[:200]
            raise SinkError(f"{self.binary} lỗi {proc.returncode}: {detail}")

    def cancel(self) -> None:
        """Stop the current playback, if any."""
        proc = self._proc
        if proc and proc.poll() is None:
            proc.kill()


def _is_timeout(exc: Exception) -> bool:
    """True for subprocess timeouts, including eventlet's green TimeoutExpired (not a subclass)."""
    return isinstance(exc, subprocess.TimeoutExpired) or type(exc).__name__ == "TimeoutExpired"


class BrowserSink:
    """Tell the designated display browser to play the announcement, then wait its length."""

    def __init__(self, publish: Callable[[dict], None],
                 url_for: Callable[[str], str] = lambda i: f"/api/v1/announcements/{i}.wav",
                 present: Optional[Callable[[], bool]] = None):
        self.publish = publish
        self.url_for = url_for
        self._present = present
        self._cancel = threading.Event()

    def present(self) -> tuple[bool, str]:
        """Whether an enrolled audio display has claimed the voice."""
        if self._present is None or self._present():
            return True, ""
        return False, NO_AUDIO_DISPLAY

    def play(self, wav: bytes, info: dict) -> None:
        """Publish ``{id, url, text, seconds}``; block for the duration so calls never overlap."""
        self._cancel.clear()
        try:
            self.publish({"id": info["id"], "url": self.url_for(info["id"]),
                          "text": info.get("text", ""), "seconds": info.get("seconds", 0)})
        except Exception as exc:   # noqa: BLE001 - any publisher failure is a sink failure
            raise SinkError(f"Không gửi được thông báo tới màn hình: {exc}") from None
        self._cancel.wait(info.get("seconds", 0))

    def cancel(self) -> None:
        """Stop waiting."""
        self._cancel.set()


class NullSink:
    """Plays nothing (sink = "none", chosen on purpose): announcements are still composed and
    retrievable; there is no speaker to miss."""

    def play(self, wav: bytes, info: dict) -> None:
        """Do nothing."""

    def cancel(self) -> None:
        """Do nothing."""


class FakeSink:
    """For tests: records (id, start, end) and the WAVs; can take time or fail."""

    def __init__(self, seconds: float = 0.0, fail: bool = False,
                 clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self.fail = fail
        self.clock = clock
        self.played: list[tuple[str, float, float]] = []
        self.wavs: dict[str, bytes] = {}
        self.texts: list[str] = []
        self.speaker = True
        self._cancel = threading.Event()

    def present(self) -> tuple[bool, str]:
        """Whether the fake speaker is there (``speaker``)."""
        return (True, "") if self.speaker else (False, NO_SOUND_CARD)

    def play(self, wav: bytes, info: dict) -> None:
        """Pretend to play for ``seconds``; raise SinkError when ``fail``."""
        start = self.clock()
        if self.fail:
            raise SinkError("Thiết bị giả hỏng (fake failure)")
        self._cancel.wait(self.seconds)
        self.wavs[info["id"]] = wav
        self.texts.append(info.get("text", ""))
        self.played.append((info["id"], start, self.clock()))

    def cancel(self) -> None:
        """Stop pretending."""
        self._cancel.set()

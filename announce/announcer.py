"""The announcer adapter: subscribes to hall events and calls tickets aloud."""
from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path
from typing import Callable, Optional
from zoneinfo import ZoneInfo

from devices.adapter import ERROR, OK, DeviceStatus, HealthReporter, Report
from announce import compose, sinks
from announce.catalog import CHIME
from announce.chime import make_chime
from announce.clips import ClipStore
from announce.player import Player
from announce.settings import Settings
from announce.voicepack import EspeakSynth, ensure_voice_pack

log = logging.getLogger(__name__)
DEVICE_ID = "announcer"
HALL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def hall_clock() -> datetime:
    """Default wall clock: now in the hall's time zone."""
    return datetime.now(HALL_TZ)


class Health:
    """Merge voice-pack and sound-device problems into one status; report changes only."""

    def __init__(self, report: Optional[Report] = None):
        self.reporter = HealthReporter(report, [DEVICE_ID])
        self.pack_detail = ""
        self.sink_detail = ""

    def pack(self, detail: str) -> None:
        """Set the voice-pack problem ("" when fine)."""
        self.pack_detail = detail
        self._emit()

    def sink(self, ok: bool, detail: str) -> None:
        """Set the sound-device state after a playback."""
        self.sink_detail = "" if ok else detail
        self._emit()

    def _emit(self) -> None:
        """Report the combined status (the reporter drops repeats)."""
        detail = " ".join(d for d in (self.sink_detail, self.pack_detail) if d)
        self.reporter.set(DEVICE_ID, ERROR if detail else OK, detail)


class Announcer:
    """Calls tickets through a clip voice pack; ``handle`` only enqueues."""

    def __init__(self, settings: Settings, pack_dir: Path, report: Optional[Report] = None,
                 spawn=None, clock=None, *, sink=None,
                 publish: Optional[Callable[[dict], None]] = None, synth=None):
        self.settings = settings
        self.pack_dir = Path(pack_dir)
        self._health = Health(report)
        self.synth = synth if synth is not None else EspeakSynth(
            voices=self.settings.voices, speed=self.settings.speed)
        self.composer: Optional[compose.Composer] = None
        self.ready = threading.Event()
        sink = sink if sink is not None else self._make_sink(publish)
        self.player = Player(sink, self._render, self._health.sink, spawn=spawn,
                             clock=clock or hall_clock, quiet=self.settings.quiet_window(),
                             keep=self.settings.keep)

    def start(self) -> None:
        """Start the worker; it prepares the voice pack (generating missing clips) first."""
        self.player.start(prepare=self._prepare)

    def stop(self) -> None:
        """Stop the worker (joins within about 2 s)."""
        self.player.stop()

    def handle(self, name: str, payload: dict) -> None:
        """Enqueue an announcement for ``ticket_called``; ignore everything else. Never raises."""
        if name != "ticket_called":
            return
        try:
            plan = compose.plan_call(payload, self.settings)
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("cannot announce %s: %s", payload.get("call_id"), exc)
            return
        ticket = payload.get("ticket") or {}
        self.player.enqueue(plan.text, plan.items, ticket.get("id"), payload.get("call_id"),
                            payload.get("at"))

    def health(self) -> list[DeviceStatus]:
        """The announcer's latest status (voice pack and sound device together)."""
        return self._health.reporter.health()

    def test_announcement(self, counter_number: int) -> str:
        """Queue a sample call to a counter (the manager's "test" button); returns its id."""
        plan = compose.plan_phrase(self.settings, "1", int(counter_number))
        return self.player.enqueue(plan.text, plan.items, at=self.player.clock().isoformat())

    def get_wav(self, announcement_id: str) -> Optional[bytes]:
        """The WAV of a recent announcement, for GET /api/v1/announcements/{id}.wav."""
        return self.player.get_wav(announcement_id)

    def recent(self) -> list[dict]:
        """The last announcements, newest first: {id, text, call_id, at, status}."""
        return self.player.recent()

    def _make_sink(self, publish):
        """The sink named in the settings."""
        if self.settings.sink == "alsa":
            return sinks.AplaySink(self.settings.alsa_device, self.settings.aplay_timeout_s)
        if self.settings.sink == "browser":
            if publish is None:
                raise ValueError('sink = "browser" needs a publish callback')
            return sinks.BrowserSink(publish)
        return sinks.NullSink()

    def _prepare(self) -> None:
        """Generate missing clips, load them, report what is missing (runs in the worker)."""
        try:
            manifest = ensure_voice_pack(self.pack_dir, self.settings.languages,
                                         self.settings.phrases(), self.synth)
            store = ClipStore.load(manifest)
            problems = manifest.problems + store.problems
            missing = [c for c in manifest.clips if store.get(c) is None]
        except Exception as exc:   # noqa: BLE001 - never crash: chime-only from memory
            log.exception("voice pack unusable")
            store = ClipStore({CHIME: make_chime()})
            problems, missing = [f"Gói giọng đọc lỗi: {exc}"], []
        if missing:
            problems.append(f"Thiếu {len(missing)} đoạn ghi âm ({', '.join(missing[:5])}…): "
                            "các lượt gọi chỉ phát tiếng chuông.")
        self.composer = compose.Composer(store, self.settings.volume, self.settings.cache_size)
        self._health.pack(" ".join(problems))
        self.ready.set()

    def _render(self, items: tuple) -> compose.Rendered:
        """Render through the composer (ready once the worker has prepared the pack)."""
        return self.composer.render(items)


"""The announcer adapter: subscribes to hall events and calls tickets aloud."""
from __future__ import annotations

import logging
import threading
import time
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
from announce.schedule import Schedule
from hall.calls import CurrentCalls
from announce.settings import Settings
from announce.voicepack import EspeakSynth, ensure_voice_pack

log = logging.getLogger(__name__)
DEVICE_ID = "announcer"
HALL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SPEAKER_CHECK_S = 5.0       # how often an idle announcer looks for its sound card


def hall_clock() -> datetime:
    """Default wall clock: now in the hall's time zone."""
    return datetime.now(HALL_TZ)


class Health:
    """Merge voice-pack, speaker and sound-device problems into one status; report changes
    only. The speaker is "ok" only while a sound card or a claimed audio display is there."""

    def __init__(self, report: Optional[Report] = None):
        self.reporter = HealthReporter(report, [DEVICE_ID])
        self.pack_detail = ""
        self.sink_detail = ""
        self.speaker_detail = ""
        self._lock = threading.Lock()

    def pack(self, detail: str) -> None:
        """Set the voice-pack problem ("" when fine)."""
        self.pack_detail = detail
        self._emit()

    def sink(self, ok: bool, detail: str) -> None:
        """Set the sound-device state after a playback."""
        self.sink_detail = "" if ok else detail
        self._emit()

    def speaker(self, present: bool, detail: str) -> None:
        """Set whether something can play (a sound card, a claimed audio display)."""
        if present and self.speaker_detail:
            self.sink_detail = ""          # the failure was the missing speaker
        self.speaker_detail = "" if present else detail
        self._emit()

    def _emit(self) -> None:
        """Report the combined status (the reporter drops repeats)."""
        with self._lock:
            details = (self.sink_detail, self.speaker_detail, self.pack_detail)
            detail = " ".join(dict.fromkeys(d for d in details if d))
            self.reporter.set(DEVICE_ID, ERROR if detail else OK, detail)


class Announcer:
    """Calls tickets through a clip voice pack; ``handle`` only enqueues."""

    def __init__(self, settings: Settings, pack_dir: Path, report: Optional[Report] = None,
                 spawn=None, clock=None, *, sink=None,
                 publish: Optional[Callable[[dict], None]] = None, synth=None,
                 audio_present: Optional[Callable[[], bool]] = None,
                 share: Optional[Callable[[list], None]] = None):
        self.settings = settings
        self.pack_dir = Path(pack_dir)
        self._health = Health(report)
        self.synth = synth if synth is not None else EspeakSynth(
            voices=self.settings.voices, speed=self.settings.speed)
        self.composer: Optional[compose.Composer] = None
        self.ready = threading.Event()
        self.calls = CurrentCalls()       # which calls are still current (hall/calls.py)
        self._calls_lock = threading.Lock()
        self._speaker_checked = 0.0
        # the recent list for every server process (store.record.AnnouncementLog), written
        # from the worker whenever it changed
        self._share, self._shared = share, None
        sink = sink if sink is not None else self._make_sink(publish, audio_present)
        chime = (CHIME, settings.chime_gap_ms) if settings.chime else ()
        self.player = Player(sink, self._render, self._health.sink, spawn=spawn,
                             clock=clock or hall_clock, quiet=self.settings.quiet_window(),
                             keep=self.settings.keep, idle=self._idle,
                             after=self._share_recent,
                             schedule=Schedule(chime, settings.short_gap_ms, self._is_current,
                                               self._speakable))

    def start(self) -> None:
        """Start the worker; it prepares the voice pack (generating missing clips) first."""
        self.player.start(prepare=self._prepare)

    def stop(self) -> None:
        """Stop the worker (joins within about 2 s)."""
        self.player.stop()

    def handle(self, name: str, payload: dict) -> None:
        """Follow which calls are current (dropping queued ones that are not any more) and
        enqueue an announcement for ``ticket_called``. Never raises."""
        try:
            with self._calls_lock:
                ended = self.calls.see(name, payload)
        except Exception:  # noqa: BLE001 - a strange payload must not stop the voice
            log.exception("cannot follow %s", name)
            ended = []
        if ended:
            self.player.changed()
        if name == "speaker_test":
            self._speaker_test(payload)
            return
        if name != "ticket_called":
            return
        try:
            plan = compose.plan_call(payload, self.settings)
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("cannot announce %s: %s", payload.get("call_id"), exc)
            return
        ticket = payload.get("ticket") or {}
        self.player.enqueue(plan.text, plan.items, ticket.get("id"), payload.get("call_id"),
                            payload.get("at"), segments=plan.segments, short=plan.short,
                            short_text=plan.short_text)

    def speaker_changed(self) -> None:
        """A sound card or an audio display came or went: report it at once."""
        self._check_speaker(force=True)

    def health(self) -> list[DeviceStatus]:
        """The announcer's latest status (voice pack and sound device together)."""
        return self._health.reporter.health()

    def test_announcement(self, counter_number: int, announcement_id: str | None = None) -> str:
        """Queue a sample call to a counter (the manager's "test" button); returns its id."""
        plan = compose.plan_phrase(self.settings, "1", int(counter_number), test=True)
        return self.player.enqueue(plan.text, plan.items, at=self.player.clock().isoformat(),
                                   segments=plan.segments, test=True, job_id=announcement_id)

    def _speaker_test(self, payload: dict) -> None:
        """A recorded `speaker_test` (from any process): queue it under its own id."""
        counter = payload.get("counter") if isinstance(payload, dict) else None
        number = counter.get("number") if isinstance(counter, dict) else None
        if isinstance(number, int) and not isinstance(number, bool):
            self.test_announcement(number, payload.get("id") if isinstance(payload.get("id"), str)
                                   else None)

    def get_wav(self, announcement_id: str) -> Optional[bytes]:
        """The WAV of a recent announcement, for GET /api/v1/announcements/{id}.wav."""
        return self.player.get_wav(announcement_id)

    @property
    def running(self) -> bool:
        """Whether this process's announcer plays (it leads the hall)."""
        return self.player.running

    def _share_recent(self) -> None:
        """Write the recent list for the other processes when it changed (worker only)."""
        if self._share is None:
            return
        recent = self.recent()
        if recent == self._shared:
            return
        try:
            self._share(recent)
            self._shared = recent
        except Exception:  # noqa: BLE001 - the database away: the next change tries again
            log.exception("could not share the recent announcements")

    def recent(self) -> list[dict]:
        """The last announcements, newest first: {id, text, call_id, at, status, test}."""
        return self.player.recent()

    def _make_sink(self, publish, audio_present):
        """The sink named in the settings."""
        if self.settings.sink == "alsa":
            return sinks.AplaySink(self.settings.alsa_device, self.settings.aplay_timeout_s)
        if self.settings.sink == "browser":
            if publish is None:
                raise ValueError('sink = "browser" needs a publish callback')
            return sinks.BrowserSink(publish, present=audio_present)
        return sinks.NullSink()

    def _is_current(self, call_id: Optional[str]) -> bool:
        with self._calls_lock:
            return self.calls.is_current(call_id)

    def _speakable(self, items: tuple) -> bool:
        """Whether the voice pack has every clip of `items` (else a chime alone is played)."""
        return self.composer is None or not self.composer.store.missing(items)

    def _idle(self) -> None:
        """While nothing plays: notice a speaker that came or went (every few seconds), and
        share a recent list that changed (a call queued or dropped meanwhile)."""
        self._check_speaker()
        self._share_recent()

    def _check_speaker(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._speaker_checked < SPEAKER_CHECK_S:
            return
        self._speaker_checked = now
        present = getattr(self.player.sink, "present", None)
        try:
            ok, detail = present() if present else (True, "")
        except Exception as exc:  # noqa: BLE001
            ok, detail = False, f"Không kiểm tra được loa: {exc}"
        self._health.speaker(ok, detail)

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
        self._check_speaker(force=True)
        self.ready.set()

    def _render(self, items: tuple) -> compose.Rendered:
        """Render through the composer (ready once the worker has prepared the pack)."""
        return self.composer.render(items)


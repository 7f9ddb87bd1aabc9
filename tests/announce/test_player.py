"""The queue: order, no overlap, recall merging, failures, quiet hours, retention."""
import stat
import time
from datetime import datetime
from datetime import time as clock_time

import pytest

from announce.compose import Rendered
from announce.player import Player
from announce.settings import in_quiet_hours
from announce.sinks import AplaySink, FakeSink, SinkError


def wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def fake_render(items):
    return Rendered(b"RIFF" + repr(items).encode(), 22050, 22050, False)


class Reports:
    def __init__(self):
        self.calls = []

    def __call__(self, ok, detail):
        self.calls.append((ok, detail))


@pytest.fixture
def make_player():
    players = []

    def make(sink, **kw):
        player = Player(sink, kw.pop("render", fake_render), kw.pop("report", Reports()), **kw)
        players.append(player)
        return player
    yield make
    for p in players:
        p.stop()


def test_three_quick_calls_play_in_order_without_overlap(make_player):
    sink = FakeSink(seconds=0.05)
    player = make_player(sink)
    player.start()
    ids = [player.enqueue(f"call {i}", (f"clip{i}",), ticket_id=f"t{i}") for i in range(3)]
    wait_until(lambda: len(sink.played) == 3)
    assert [p[0] for p in sink.played] == ids
    for (_, _, end), (_, start, _) in zip(sink.played, sink.played[1:]):
        assert end <= start


def test_recall_of_a_waiting_ticket_is_merged_not_queued_twice(make_player):
    sink = FakeSink()
    player = make_player(sink)
    first = player.enqueue("A to 1", ("a1",), ticket_id="A", call_id="c1")
    player.enqueue("B to 2", ("b2",), ticket_id="B", call_id="c2")
    again = player.enqueue("A to 3", ("a3",), ticket_id="A", call_id="c3")
    assert again == first and player.pending() == 2
    player.start()
    wait_until(lambda: len(sink.played) == 2)
    assert [p[0] for p in sink.played] == [first, player.recent()[0]["id"]]
    assert sink.wavs[first] == fake_render(("a3",)).wav
    assert player.recent()[1]["call_id"] == "c3"


def test_recall_of_a_ticket_being_played_is_queued_again(make_player):
    sink = FakeSink(seconds=0.3)
    player = make_player(sink)
    player.start()
    first = player.enqueue("A", ("a",), ticket_id="A")
    wait_until(lambda: player.recent()[0]["status"] == "playing")
    second = player.enqueue("A again", ("a",), ticket_id="A")
    assert second != first
    wait_until(lambda: len(sink.played) == 2)


class FailFirst(FakeSink):
    def play(self, wav, info):
        if not self.played and not getattr(self, "failed", False):
            self.failed = True
            raise SinkError("aplay lỗi 1: no such device")
        super().play(wav, info)


def test_a_failing_sink_is_reported_and_the_queue_moves_on(make_player):
    sink, reports = FailFirst(), Reports()
    player = make_player(sink, report=reports)
    player.start()
    bad = player.enqueue("one", ("1",), ticket_id="t1")
    good = player.enqueue("two", ("2",), ticket_id="t2")
    wait_until(lambda: len(sink.played) == 1)
    assert sink.played[0][0] == good
    statuses = {r["id"]: r["status"] for r in player.recent()}
    assert statuses == {bad: "failed", good: "played"}
    assert reports.calls == [(False, "aplay lỗi 1: no such device"), (True, "")]


def test_a_render_error_fails_one_job_only(make_player):
    def render(items):
        if items == ("boom",):
            raise RuntimeError("broken clip")
        return fake_render(items)
    sink = FakeSink()
    player = make_player(sink, render=render)
    player.start()
    player.enqueue("bad", ("boom",))
    ok = player.enqueue("good", ("fine",))
    wait_until(lambda: len(sink.played) == 1)
    assert sink.played[0][0] == ok


@pytest.mark.parametrize("hour,played", [(23, False), (5, False), (6, True), (12, True)])
def test_quiet_hours_silence_announcements(make_player, hour, played):
    sink = FakeSink()
    player = make_player(sink, clock=lambda: datetime(2026, 11, 28, hour, 0),
                         quiet=(clock_time(22), clock_time(6)))
    player.start()
    job = player.enqueue("x", ("x",))
    wait_until(lambda: player.recent()[0]["status"] not in ("queued", "playing"))
    assert player.recent()[0]["status"] == ("played" if played else "quiet")
    assert bool(sink.played) == played
    assert player.get_wav(job) is not None


def test_quiet_window_within_one_day():
    window = (clock_time(12), clock_time(13, 30))
    assert in_quiet_hours(clock_time(12, 15), window)
    assert not in_quiet_hours(clock_time(13, 30), window)
    assert not in_quiet_hours(clock_time(11), None)


def test_only_the_last_n_announcements_are_kept(make_player):
    sink = FakeSink()
    player = make_player(sink, keep=3)
    player.start()
    ids = [player.enqueue(str(i), (str(i),)) for i in range(5)]
    wait_until(lambda: len(sink.played) == 5)
    assert [r["id"] for r in player.recent()] == ids[:1:-1]
    assert player.get_wav(ids[0]) is None
    assert player.get_wav(ids[-1]).startswith(b"RIFF")


def test_stop_returns_quickly_even_while_playing(make_player):
    sink = FakeSink(seconds=30)
    player = make_player(sink)
    player.start()
    player.enqueue("long", ("long",))
    wait_until(lambda: player.recent()[0]["status"] == "playing")
    started = time.monotonic()
    player.stop()
    assert time.monotonic() - started < 2.5


def _script(tmp_path, body):
    path = tmp_path / "fake-aplay"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_aplay_sink_passes_the_device_and_the_wav(tmp_path):
    out = tmp_path / "got.wav"
    sink = AplaySink("plughw:1,0", binary=_script(tmp_path, f'echo "$@" > {out}.args; cat > {out}'))
    sink.play(b"RIFFdata", {"id": "x", "seconds": 0.1})
    assert out.read_bytes() == b"RIFFdata"
    assert (tmp_path / "got.wav.args").read_text().split() == ["-q", "-D", "plughw:1,0", "-"]


@pytest.mark.parametrize("binary,match", [
    ("/nonexistent/aplay", "Không chạy được"),
    ("false", "lỗi 1"),
])
def test_aplay_sink_failures_raise_sink_error(binary, match):
    with pytest.raises(SinkError, match=match):
        AplaySink(binary=binary).play(b"RIFF", {"id": "x", "seconds": 0})


def test_aplay_sink_gives_up_on_a_hung_device(tmp_path):
    sink = AplaySink(binary=_script(tmp_path, "exec sleep 10"), timeout_margin=0.2)
    started = time.monotonic()
    with pytest.raises(SinkError, match="quá thời gian"):
        sink.play(b"RIFF", {"id": "x", "seconds": 0.1})
    assert time.monotonic() - started < 3

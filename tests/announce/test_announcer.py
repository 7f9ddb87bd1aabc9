"""The announcer adapter end to end, with a fake sink and a tone voice pack."""
import shutil
import time
from datetime import datetime

import pytest

from announce.announcer import Announcer
from announce import pcm
from announce.settings import Settings
from announce.sinks import FakeSink

from .conftest import MissingSynth, ToneSynth
from .test_player import wait_until


class Statuses(list):
    def __call__(self, status):
        self.append((status.id, status.status, status.detail))


@pytest.fixture
def make_announcer(tmp_path, tone_pack_dir):
    made = []

    def make(config=None, sink=None, synth=None, **kw):
        pack_dir = tmp_path / f"pack{len(made)}"
        shutil.copytree(tone_pack_dir, pack_dir)
        announcer = Announcer(Settings.from_config({"sink": "none", **(config or {})}), pack_dir,
                              sink=sink, synth=synth or ToneSynth(),
                              clock=lambda: datetime(2026, 11, 28, 9, 0), **kw)
        made.append(announcer)
        announcer.start()
        return announcer
    yield make
    for a in made:
        a.stop()


def test_three_calls_within_ten_ms_are_each_said_once_in_order_without_overlap(
        make_announcer, make_payload):
    sink = FakeSink(seconds=0.03)
    announcer = make_announcer(sink=sink)
    started = time.monotonic()
    for i in range(3):
        announcer.handle("ticket_called", make_payload(number=str(1001 + i), ticket_id=f"t{i}",
                                                       call_id=f"c{i}", counter=i + 1))
    assert time.monotonic() - started < 0.5        # handle only enqueues
    wait_until(lambda: all(r["status"] == "played" for r in announcer.recent()))
    said = " ".join(sink.texts)
    assert [said.count(n) for n in ("1001", "1002", "1003")] == [1, 1, 1]
    assert said.index("1001") < said.index("1002") < said.index("1003")
    assert "Số 1003, quầy 3" in said                 # the short form once they queue up
    for (_, _, end), (_, start, _) in zip(sink.played, sink.played[1:]):
        assert end <= start


def test_recent_lists_text_call_and_status_and_wav_is_served(make_announcer, make_payload):
    sink = FakeSink()
    announcer = make_announcer(sink=sink)
    announcer.handle("ticket_called", make_payload(number="A012", counter=3))
    wait_until(lambda: announcer.recent() and announcer.recent()[0]["status"] == "played")
    [row] = announcer.recent()
    assert row == {"id": row["id"], "text": "Mời công dân có số thứ tự A012 đến quầy số 3",
                   "call_id": "c-1", "at": "2026-11-28T08:15:03.120+07:00", "status": "played",
                   "test": False}
    wav = announcer.get_wav(row["id"])     # the whole call: chime and both repetitions
    assert wav.startswith(b"RIFF") and len(sink.played) == 3     # chime, phrase, phrase
    assert len(wav) == sum(len(w) for w in sink.wavs.values()) - 44 * 2     # one header
    assert announcer.get_wav("nope") is None


def test_other_events_and_bad_payloads_are_ignored(make_announcer, make_payload):
    announcer = make_announcer(sink=FakeSink())
    announcer.handle("ticket_issued", make_payload())
    announcer.handle("ticket_called", {"seq": 1})
    announcer.handle("ticket_called", make_payload(number="??"))
    assert announcer.recent() == []


def test_without_espeak_calls_fall_back_to_the_chime_and_status_says_why(
        tmp_path, make_payload):
    statuses, sink = Statuses(), FakeSink()
    announcer = Announcer(Settings.from_config({}), tmp_path / "empty", report=statuses, sink=sink,
                          synth=MissingSynth())
    announcer.start()
    try:
        announcer.handle("ticket_called", make_payload())
        wait_until(lambda: sink.played)
    finally:
        announcer.stop()
    assert announcer.recent()[0]["status"] == "fallback"
    chime = pcm.read_wav((tmp_path / "empty" / "chime.wav").read_bytes())
    assert len(pcm.read_wav(sink.wavs[sink.played[0][0]])) == len(chime)
    assert statuses[0][:2] == ("announcer", "error")
    assert "espeak-ng" in statuses[0][2] and "chuông" in statuses[0][2]


def test_sound_device_failure_is_reported_then_cleared(make_announcer, make_payload):
    statuses, sink = Statuses(), FakeSink(fail=True)
    announcer = make_announcer(sink=sink, report=statuses)
    announcer.handle("ticket_called", make_payload(ticket_id="t1"))
    wait_until(lambda: len(statuses) >= 2)
    sink.fail = False
    announcer.handle("ticket_called", make_payload(ticket_id="t2"))
    wait_until(lambda: len(statuses) >= 3)
    assert [s[1] for s in statuses] == ["ok", "error", "ok"]
    assert "giả hỏng" in statuses[1][2]


def test_browser_sink_publishes_the_announcement_url(make_announcer, make_payload):
    published = []
    announcer = make_announcer({"sink": "browser", "repeat": 1}, publish=published.append)
    announcer.handle("ticket_called", make_payload())
    wait_until(lambda: published)
    [msg] = published
    assert msg["url"] == f"/api/v1/announcements/{msg['id']}.wav"
    assert announcer.get_wav(msg["id"]).startswith(b"RIFF")
    assert msg["seconds"] > 0


def test_quiet_hours_come_from_config_and_the_injected_clock(make_announcer, make_payload):
    sink = FakeSink()
    announcer = make_announcer({"quiet_hours": ["08:30", "09:30"]}, sink=sink)
    announcer.handle("ticket_called", make_payload())
    wait_until(lambda: announcer.recent()[0]["status"] == "quiet")
    assert sink.played == []


def test_manager_test_announcement_plays_for_the_counter(make_announcer):
    sink = FakeSink()
    announcer = make_announcer(sink=sink)
    job = announcer.test_announcement(4)
    wait_until(lambda: announcer.recent()[0]["status"] == "played")
    assert sink.played[0][0] == job
    [row] = announcer.recent()
    assert row["text"] == "Thử loa. Mời công dân có số thứ tự 1 đến quầy số 4"
    assert row["test"] is True and len(sink.played) == 2     # chime, then said once


def test_a_recorded_speaker_test_from_any_process_is_said_under_its_own_id(make_announcer):
    sink = FakeSink()
    announcer = make_announcer(sink=sink)
    announcer.handle("speaker_test", {"seq": 7, "id": "a1b2c3d4e5f6",
                                      "counter": {"number": 2, "name": "Quầy 2"}})
    announcer.handle("speaker_test", {"seq": 8, "id": "x", "counter": {"number": "2"}})
    wait_until(lambda: announcer.recent()[0]["status"] == "played")
    [row] = announcer.recent()
    assert row["id"] == "a1b2c3d4e5f6" and row["test"] is True
    assert row["text"] == "Thử loa. Mời công dân có số thứ tự 1 đến quầy số 2"


def test_the_recent_list_is_shared_for_the_other_processes_when_it_changes(make_announcer,
                                                                         caplog):
    """The process that plays the voice writes its list (store.record.AnnouncementLog) after
    each piece it plays and while idle, only when it changed; a failed write is tried again."""
    shared, failing = [], [True]

    def share(recent):
        if failing[0]:
            failing[0] = False
            raise OSError("database is away")
        shared.append(recent)
    announcer = make_announcer(sink=FakeSink(), share=share)
    assert announcer.running
    job = announcer.test_announcement(3)
    wait_until(lambda: shared and shared[-1][0]["status"] == "played")
    assert shared[-1] == announcer.recent() and shared[-1][0]["id"] == job
    assert "could not share the recent announcements" in caplog.text
    count = len(shared)
    time.sleep(1.2)                                  # idle rounds: nothing new to write
    assert len(shared) == count


@pytest.mark.parametrize("config", [{"colour": "red"}, {"region": "central"},
                                    {"templates": {"vi": "Mời {name}"}}, {"volume": 3},
                                    {"quiet_hours": ["late", "early"]}, {"sink": "hdmi"}])
def test_bad_config_is_refused_when_parsed(config):
    with pytest.raises(ValueError):
        Settings.from_config(config)


def test_browser_sink_without_publisher_is_a_config_error(tmp_path):
    with pytest.raises(ValueError, match="publish"):
        Announcer(Settings.from_config({"sink": "browser"}), tmp_path)


def test_a_queued_call_whose_ticket_was_finished_is_never_said(make_announcer, make_payload):
    sink = FakeSink(seconds=0.3)
    announcer = make_announcer(sink=sink)
    announcer.ready.wait(5)
    announcer.handle("ticket_called", make_payload(number="1001", ticket_id="t1", call_id="c1"))
    wait_until(lambda: sink.played)                       # 1001's chime is playing
    announcer.handle("ticket_called", make_payload(number="1002", ticket_id="t2", call_id="c2",
                                                   counter=3))
    finished = make_payload(number="1002", ticket_id="t2", counter=3)["ticket"]
    announcer.handle("ticket_updated", {"seq": 9, "ticket": {**finished, "status": "served"}})
    wait_until(lambda: all(r["status"] not in ("queued", "playing") for r in announcer.recent()))
    assert {r["call_id"]: r["status"] for r in announcer.recent()} == {"c1": "played",
                                                                       "c2": "dropped"}
    assert not any("1002" in text for text in sink.texts)


def test_the_counter_calling_someone_else_drops_its_queued_call(make_announcer, make_payload):
    sink = FakeSink(seconds=0.3)
    announcer = make_announcer(sink=sink)
    announcer.ready.wait(5)
    announcer.handle("ticket_called", make_payload(number="1001", ticket_id="t1", call_id="c1",
                                                   counter=1))
    wait_until(lambda: sink.played)
    for number in ("1002", "1003"):                        # counter 2 calls twice quickly
        announcer.handle("ticket_called", make_payload(number=number, ticket_id=f"t{number}",
                                                       call_id=f"c{number}"))
    wait_until(lambda: all(r["status"] not in ("queued", "playing") for r in announcer.recent()))
    said = " ".join(sink.texts)
    assert "1002" not in said and said.count("1003") == 1


def test_speaker_health_is_a_fault_at_once_without_a_sound_card(make_announcer):
    statuses, sink = Statuses(), FakeSink()
    sink.speaker = False
    announcer = make_announcer(sink=sink, report=statuses)
    announcer.ready.wait(5)
    assert statuses[-1][1] == "error" and "no sound card" in statuses[-1][2]
    sink.speaker = True
    announcer.speaker_changed()
    assert statuses[-1][:2] == ("announcer", "ok")


def test_browser_sink_speaker_is_ok_only_while_a_display_has_claimed(make_announcer):
    statuses, claimed = Statuses(), []
    announcer = make_announcer(config={"sink": "browser"}, report=statuses,
                               publish=lambda item: None, audio_present=lambda: bool(claimed))
    announcer.ready.wait(5)
    assert statuses[-1][1] == "error" and "?audio=1" in statuses[-1][2]
    claimed.append("sid")
    announcer.speaker_changed()
    assert statuses[-1][1] == "ok"
    claimed.clear()
    announcer.speaker_changed()
    assert statuses[-1][1] == "error"


def test_aplay_sink_sees_whether_alsa_lists_a_card(tmp_path):
    from announce.sinks import AplaySink
    cards = tmp_path / "cards"
    assert AplaySink(cards=cards).present()[0] is False            # no ALSA at all
    cards.write_text("--- no soundcards ---\n")
    assert AplaySink(cards=cards).present()[0] is False
    cards.write_text(" 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n")
    assert AplaySink(cards=cards).present() == (True, "")

"""What the announcer says next (announce/schedule.py), on a simulated clock: bursts in the
short form under one chime, each call said once, stale calls dropped."""
from announce.catalog import CHIME
from announce.compose import plan_call
from announce.schedule import Job, Schedule, replay
from announce.settings import Settings

from .conftest import call_payload

CLIP_S, CHIME_S = 0.4, 2.0          # about espeak-ng's word clips and the chime


def seconds(items):
    return sum(i / 1000 if isinstance(i, int) else CHIME_S if i == CHIME else CLIP_S
               for i in items)


def job(number, counter=2, settings=None):
    settings = settings or Settings.from_config({})
    plan = plan_call(call_payload(number=number, counter=counter, ticket_id=f"t{number}",
                                  call_id=f"c{number}"), settings)
    return Job(f"j{number}", plan.text, plan.items, f"t{number}", f"c{number}",
               segments=plan.segments, short=plan.short, short_text=plan.short_text)


def schedule(settings=None, **kw):
    settings = settings or Settings.from_config({})
    return Schedule((CHIME, settings.chime_gap_ms), settings.short_gap_ms, **kw)


def test_a_lone_call_gets_the_chime_and_the_full_phrase_twice():
    first, timeline = replay([(0.0, job("1023"))], schedule(), seconds)
    assert [text for _, _, text in timeline] == ["(chime)"] + [
        "Mời công dân có số thứ tự 1023 đến quầy số 2"] * 2
    assert first["j1023"] == seconds((CHIME, 250))


def test_five_calls_within_two_seconds_are_each_heard_once_within_15_s():
    calls = [(0.0, "1023", 2), (0.5, "1024", 3), (1.0, "2015", 1), (1.5, "1025", 5),
             (2.0, "3007", 4)]
    jobs = [(at, job(number, counter)) for at, number, counter in calls]
    first, timeline = replay(jobs, schedule(), seconds)
    delays = [first[j.id] - at for at, j in jobs]
    assert max(delays) <= 15.0, delays
    assert delays == sorted(delays)                       # in call order
    said = " · ".join(text for _, _, text in timeline[1:])
    assert said == ("Số 1023, quầy 2 · Số 1024, quầy 3 · Số 2015, quầy 1 · Số 1025, quầy 5 · "
                    "Số 3007, quầy 4")                   # each once, short, after one chime
    assert len(timeline) == 2 and jobs[0][1].heard[0] == (CHIME, 250)     # one chime
    assert all(j.status == "played" for _, j in jobs)


def test_the_short_form_reads_digits_and_the_full_form_reads_the_number():
    plan = plan_call(call_payload(number="1023"), Settings.from_config({}))
    assert plan.short == ("vi-p-so", 40, "vi-mot", 40, "vi-khong", 40, "vi-hai", 40, "vi-ba",
                          40, "vi-p-quay", 40, "vi-hai")
    assert "vi-nghin" in plan.items


def test_a_call_that_is_no_longer_current_is_dropped_unsaid():
    stale = {"c1024"}
    jobs = [(0.0, job("1023")), (0.5, job("1024")), (1.0, job("1025"))]
    first, timeline = replay(jobs, schedule(is_current=lambda cid: cid not in stale), seconds)
    assert "j1024" not in first and jobs[1][1].status == "dropped"
    assert all("1024" not in text for _, _, text in timeline)


def test_repetitions_stop_once_the_call_is_not_current():
    ended = set()
    lone = job("1023")
    s = schedule(is_current=lambda cid: cid not in ended)
    s.add(lone)
    assert s.next().items == (CHIME, 250)
    assert s.next().first == [(lone, 0)]            # the phrase, once
    ended.add("c1023")                              # finished while it was said
    last = s.next()
    assert last.items == () and last.done == [lone] and s.next() is None


def test_a_call_waiting_during_repetitions_cuts_them_short():
    a, b = job("1023"), job("1024")
    s = schedule()
    s.add(a)
    s.next(), s.next()                              # chime, then 1023 once
    s.add(b)
    segment = s.next()                              # no second 1023: 1024 right away
    assert segment.text == "Số 1024, quầy 2" and segment.items[0] == "vi-p-so"
    assert segment.done[0] is a


def test_a_speaker_test_is_never_batched_and_says_thu_loa():
    from announce.compose import plan_phrase
    plan = plan_phrase(Settings.from_config({}), "1", 4, test=True)
    assert plan.text == "Thử loa. Mời công dân có số thứ tự 1 đến quầy số 4"
    assert plan.segments[1][0] == "vi-p-thu-loa" and len(plan.segments) == 2


def test_a_call_that_ends_during_its_chime_is_dropped_not_said():
    ended = set()
    lone = job("1023")
    s = schedule(is_current=lambda cid: cid not in ended)
    s.add(lone)
    assert s.next().items == (CHIME, 250)
    ended.add("c1023")                              # a new call at the counter, say
    assert s.next() is None
    assert lone.status == "dropped" and s.dropped == [lone]

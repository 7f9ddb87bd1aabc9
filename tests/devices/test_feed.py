"""The devices' feed (wiring/feed.py): the leader's devices hear every committed event of the
hall — this process's from the bus, other processes' from the record — once each, in the
order of the record; a process that does not lead the hall hands nothing on."""
import pytest

from wiring.feed import DeviceFeed


class Heard:
    def __init__(self):
        self.events = []

    def handle(self, name, payload):
        self.events.append((name, payload["seq"]))


def event(seq, name="ticket_issued"):
    return (name, {"seq": seq})


@pytest.fixture
def record():
    """The hall's record as (name, payload) by seq; reads are counted."""
    class Record(dict):
        reads = 0

        def read(self, after, upto):
            Record.reads += 1
            return [self[s] for s in sorted(self) if after < s <= upto][:2]   # pages of two
    return Record({s: event(s) for s in range(1, 11)})


def test_this_processs_events_go_on_at_once_without_reading_the_record(record):
    heard = Heard()
    feed = DeviceFeed([heard], record.read)
    feed.start(3)
    feed.handle_batch([event(4), event(5, "queue_updated")])
    feed.handle_batch([event(6)])
    assert heard.events == [("ticket_issued", 4), ("queue_updated", 5), ("ticket_issued", 6)]
    assert record.reads == 0


def test_a_gap_is_read_from_the_record_first_and_nothing_is_heard_twice(record):
    heard = Heard()
    feed = DeviceFeed([heard], record.read)
    feed.start(3)
    feed.handle_batch([event(8)])                  # 4–7 were committed by another process
    assert [seq for _, seq in heard.events] == [4, 5, 6, 7, 8]
    feed.handle_batch([event(7)])                  # published late here: heard already
    feed.poll(8)
    assert [seq for _, seq in heard.events] == [4, 5, 6, 7, 8]


def test_other_processes_events_arrive_with_the_poll_in_pages(record):
    heard = Heard()
    feed = DeviceFeed([heard], record.read)
    feed.start(0)
    feed.poll(10)
    assert [seq for _, seq in heard.events] == list(range(1, 11))
    assert feed.delivered == 10


def test_a_process_that_does_not_lead_the_hall_hands_nothing_on(record):
    heard = Heard()
    feed = DeviceFeed([heard], record.read)
    feed.handle_batch([event(1)])
    feed.poll(10)
    feed.start(2)
    feed.stop()
    feed.handle_batch([event(3)])
    assert heard.events == [] and not feed.running


def test_a_record_that_cannot_be_read_is_read_again_at_the_next_poll(record):
    heard = Heard()
    broken = [True]

    def read(after, upto):
        if broken[0]:
            raise OSError("database is away")
        return record.read(after, upto)
    feed = DeviceFeed([heard], read)
    feed.start(0)
    feed.poll(3)
    assert heard.events == []
    broken[0] = False
    feed.poll(3)
    assert [seq for _, seq in heard.events] == [1, 2, 3]


def test_a_failing_device_never_keeps_the_others_from_hearing(record):
    class Broken:
        def handle(self, name, payload):
            raise RuntimeError("board unplugged")
    heard = Heard()
    feed = DeviceFeed([Broken(), heard], record.read)
    feed.start(0)
    feed.handle_batch([event(1)])
    assert heard.events == [("ticket_issued", 1)]

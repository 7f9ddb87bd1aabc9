"""The one worker idiom: started through spawn, stopped together within a deadline."""
import threading
import time

from devices.worker import Workers


def test_workers_stop_together_within_the_deadline():
    workers = Workers()
    ticks = []

    def loop(n):
        while not workers.stopping.is_set():
            ticks.append(n)
            workers.stopping.wait(0.01)

    for n in range(3):
        workers.start(lambda n=n: loop(n), f"w{n}")
    time.sleep(0.05)
    assert workers.running
    started = time.monotonic()
    assert workers.stop(timeout=1.0)
    assert time.monotonic() - started < 0.5 and not workers.running
    assert set(ticks) == {0, 1, 2}


def test_a_crashing_worker_is_logged_and_counts_as_ended(caplog):
    workers = Workers()

    def crash():
        raise ValueError("bad frame")

    workers.start(crash, "crasher")
    assert workers.stop(timeout=1.0)
    assert "crasher worker crashed" in caplog.text


def test_wake_interrupts_a_worker_waiting_on_something_else():
    workers, bell = Workers(), threading.Event()
    workers.start(lambda: bell.wait(30), "sleeper")
    started = time.monotonic()
    assert workers.stop(timeout=2.0, wake=bell.set)
    assert time.monotonic() - started < 0.5


def test_a_custom_spawn_runs_the_workers():
    spawned = []

    def spawn(body):
        spawned.append(body)
        threading.Thread(target=body, daemon=True).start()

    workers = Workers(spawn)
    workers.start(lambda: workers.stopping.wait(5), "custom")
    assert len(spawned) == 1 and workers.stop(timeout=1.0)


def test_a_worker_that_does_not_stop_in_time_is_said_so():
    workers, release = Workers(), threading.Event()
    workers.start(lambda: release.wait(5), "stubborn")
    assert not workers.stop(timeout=0.05)
    assert workers.running
    release.set()
    assert workers.stop(timeout=1.0)

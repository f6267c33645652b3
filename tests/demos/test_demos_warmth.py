"""The 2 s bound is for a warm kit only: while the workers start, nobody is told "too slow".

No test here measures time: each run blocks on an event the test releases, so a busy machine
cannot change what happens.
"""
import threading

import pytest

from kit_server import demos
from kit_server.demos import DemoStarting, DemoTooSlow, DemoUnavailable, engine


class Gate:
    """A run that starts, then waits until the test lets it finish; counts its calls."""

    def __init__(self):
        self.started, self.release, self.calls = threading.Event(), threading.Event(), 0

    def __call__(self):
        self.calls += 1
        self.started.set()
        assert self.release.wait(60)
        return {"drawn": True}


@pytest.fixture
def pool():
    engine.configure("threads", workers=2)
    yield
    engine.configure("threads")
    engine.set_warmth("warm")  # this process's models were loaded by the session's warm-up


def test_a_starting_pool_waits_for_the_run_however_long_it_takes(pool):
    engine.set_warmth("starting")
    gate, answer = Gate(), {}
    asking = threading.Thread(target=lambda: answer.update(r=engine.run_cached("a", gate, "demo", 0.0)))
    asking.start()
    assert gate.started.wait(60)
    gate.release.set()  # only now can the run end: well past its 0 s bound
    asking.join(60)
    assert answer["r"] == {"drawn": True}


def test_a_run_still_going_when_the_wait_ends_says_starting_and_is_not_lost(pool, monkeypatch):
    engine.set_warmth("starting")
    monkeypatch.setattr(engine, "STARTING_WAIT_S", 0.0)
    gate = Gate()
    with pytest.raises(DemoStarting):
        engine.run_cached("b", gate, "demo", 0.0)
    assert gate.started.wait(60)
    gate.release.set()
    monkeypatch.setattr(engine, "STARTING_WAIT_S", 60.0)
    assert engine.run_cached("b", gate, "demo", 0.0) == {"drawn": True}  # the page's next ask
    assert gate.calls == 1


def test_a_warm_pool_holds_the_bound(pool):
    engine.set_warmth("warm")
    gate = Gate()
    with pytest.raises(DemoTooSlow):
        engine.run_cached("c", gate, "demo", 0.0)
    gate.release.set()


def test_workers_that_cannot_start_make_demos_unavailable_not_slow(pool):
    engine.set_warmth("failed", "no memory")
    with pytest.raises(DemoUnavailable):
        demos.run_demo("bias", {})


def _cannot_start():
    raise MemoryError("this machine cannot start a demo worker")


@pytest.mark.slow
def test_warm_up_on_a_machine_where_workers_die_marks_demos_unavailable(pool):
    engine.configure("processes", 1, worker_init=_cannot_start)
    demos.warm_up()
    assert engine.warmth() == "failed"
    with pytest.raises(DemoUnavailable):
        demos.run_demo("threshold", {})

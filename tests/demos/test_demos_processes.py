import pytest

from kit_server import demos
from kit_server.demos import engine


@pytest.mark.slow
def test_worker_processes_give_the_same_answers_as_threads():
    params = {"depth": 6, "noise": 0.2, "seed": 3}
    demos.clear_cache()
    in_thread = demos.run_demo("overfitting", params)
    try:
        demos.use_processes(workers=1)
        assert engine.pool_kind() == "processes"
        demos.warm_up()  # as `kit serve` does at start
        assert engine.warmth() == "warm"
        in_process = demos.run_demo("overfitting", params, time_limit_s=60.0)
        assert in_process == in_thread
        with pytest.raises(demos.DemoParamError):
            demos.run_demo("overfitting", {"depth": 99})
    finally:
        engine.configure("threads")
        demos.warm_up()
    assert engine.pool_kind() == "threads" and engine.WORKERS == engine.DEFAULT_WORKERS


@pytest.mark.slow
def test_stopping_ends_a_worker_busy_with_a_long_run():
    """`kit serve` stops at once on Ctrl+C even while a worker is in the middle of a long run."""
    import multiprocessing
    import time
    from functools import partial

    before = engine.warmth()
    engine.configure("processes", workers=1)
    engine.set_warmth("starting")  # the caller gets "starting" after a moment; the run goes on
    try:
        with pytest.raises(demos.DemoStarting):
            engine.run_cached(("sleep", 1), partial(time.sleep, 600), "sleep")
        assert multiprocessing.active_children()
        engine.stop()
        with pytest.raises(demos.DemoUnavailable):  # nothing starts a new pool once stopping
            engine.run_cached(("sleep", 2), partial(time.sleep, 600), "sleep")
        deadline = time.monotonic() + 60
        while multiprocessing.active_children():  # joins the ended workers
            assert time.monotonic() < deadline, "the worker was not ended"
            time.sleep(0.05)
    finally:
        engine.configure("threads")
        engine.set_warmth(before)  # later tests rely on the warmth they found

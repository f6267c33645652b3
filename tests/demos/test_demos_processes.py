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

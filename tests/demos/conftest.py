from functools import partial

import pytest

from kit_server import demos


@pytest.fixture(scope="session", autouse=True)
def warm_models():
    """Train the shared models once, as `kit serve` does at start, so time bounds measure runs."""
    demos.warm_up()


@pytest.fixture
def run():
    """run_demo with a cleared cache, so each test sees a real computation. The time bound is
    generous: these tests check what a demo answers, not how fast a busy machine is."""
    demos.clear_cache()
    return partial(demos.run_demo, time_limit_s=300.0)

import pytest

from kit_server import demos


@pytest.fixture(scope="session", autouse=True)
def warm_models():
    """Train the shared models once, as `kit serve` does at start, so time bounds measure runs."""
    demos.warm_up()


@pytest.fixture
def run():
    """run_demo with a cleared cache, so each test sees a real computation."""
    demos.clear_cache()
    return demos.run_demo

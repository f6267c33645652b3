"""Exceptions a demo run can raise; the web layer maps them to 404, 400 and 503."""


class DemoError(Exception):
    """Base class, so callers can catch every expected demo failure at once."""


class DemoNotFound(DemoError):
    """No demo has this id (HTTP 404)."""

    def __init__(self, demo_id: str):
        super().__init__(f"unknown demo: {demo_id!r}")
        self.demo_id = demo_id


class DemoParamError(DemoError):
    """Parameters failed validation (HTTP 400).

    `errors` is a list of {"field": "k", "message": "..."}; messages are already translated
    for the current request's locale because they are built when the error is raised.
    """

    def __init__(self, errors: list[dict[str, str]]):
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))
        self.errors = errors


class DemoTooSlow(DemoError):
    """A run (including time waiting for a free worker) passed the wall-clock bound (HTTP 503)."""

    def __init__(self, demo_id: str, limit_s: float):
        super().__init__(f"demo {demo_id!r} took longer than {limit_s:g} s")
        self.demo_id = demo_id
        self.limit_s = limit_s


class DemoStarting(DemoError):
    """The demo workers are still starting (loading data, training the shared models): the run
    goes on in the background and the page asks again; nobody is told their settings are too big
    (HTTP 503)."""

    def __init__(self, demo_id: str):
        super().__init__(f"demo {demo_id!r}: the demo workers are still starting")
        self.demo_id = demo_id


class DemoUnavailable(DemoError):
    """The demo workers could not start on this machine (HTTP 503): the lesson goes on without
    live demos, and the page says so plainly."""

    def __init__(self, demo_id: str, reason: str = ""):
        super().__init__(f"demo {demo_id!r}: the demo workers could not start ({reason})")
        self.demo_id = demo_id
        self.reason = reason

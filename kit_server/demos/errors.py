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

"""What `kit serve` says while it runs: one line per start and per problem, in words.

Waitress warns "Task queue depth is N" each time a request waits for a free thread, which happens
for a moment whenever a class arrives at once; an IT person reads it as an error. It is replaced by
one plain sentence, only when requests really pile up, at most once every few minutes.
"""
from __future__ import annotations

import logging
import re
import time

_DEPTH = re.compile(r"Task queue depth is (\d+)")
QUIET_SECONDS = 600


class OverloadNotice(logging.Filter):
    """Drops waitress's queue warnings; lets one plain sentence through when the kit is overloaded."""

    def __init__(self, threads: int, clock=time.monotonic):
        super().__init__()
        self.limit = 4 * threads  # a few waiting requests per thread clear within a second
        self.clock = clock
        self.last_said: float | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        match = _DEPTH.search(record.getMessage())
        if match is None:
            return True
        now = self.clock()
        if int(match[1]) < self.limit or (self.last_said is not None and now - self.last_said < QUIET_SECONDS):
            return False
        self.last_said = now
        record.msg, record.args = ("The kit is very busy: %s requests are waiting. Pages will be slow; "
                                   "fewer students at once or a stronger computer would help."), (match[1],)
        return True


def quiet_waitress(threads: int) -> OverloadNotice:
    notice = OverloadNotice(threads)
    logging.getLogger("waitress.queue").addFilter(notice)
    return notice

"""Running demos: a small worker pool, a bounded LRU cache of results and a wall-clock bound.

The cache holds futures, not finished results, so 30 students pressing the same button at once
(a teacher-led "follow me" step) share one computation instead of queueing thirty copies.
The time bound is honest about Python's limits: a thread cannot be killed, so a run that passes
the bound keeps going in the background (and its result is still cached for the next request),
but the caller gets DemoTooSlow at the bound instead of waiting. A run still waiting for a free
worker when the bound passes is cancelled, which also sheds load when the machine is swamped.
"""
from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Callable, Hashable

from .errors import DemoTooSlow

TIME_LIMIT_S = 2.0
CACHE_SIZE = 256
# One worker per core: demos are CPU-bound, and more threads would only fight over the GIL.
WORKERS = max(2, os.cpu_count() or 2)


class FutureLRU:
    """Thread-safe LRU mapping key -> Future; failed or cancelled futures are never served."""

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, Future] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_submit(self, key: Hashable, submit: Callable[[], Future]) -> Future:
        with self._lock:
            fut = self._items.get(key)
            if fut is not None and not _failed(fut):
                self._items.move_to_end(key)
                self.hits += 1
                return fut
            self.misses += 1
            fut = submit()
            self._items[key] = fut
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
            return fut

    def discard(self, key: Hashable, fut: Future) -> None:
        with self._lock:
            if self._items.get(key) is fut:
                del self._items[key]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0

    def info(self) -> dict:
        with self._lock:
            return {"size": len(self._items), "maxsize": self.maxsize,
                    "hits": self.hits, "misses": self.misses}


def _failed(fut: Future) -> bool:
    return fut.cancelled() or (fut.done() and fut.exception() is not None)


_executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="kit-demo")
cache = FutureLRU(CACHE_SIZE)


def run_cached(key: Hashable, fn: Callable[[], dict], demo_id: str,
               limit_s: float = TIME_LIMIT_S) -> dict:
    """Return fn()'s value for key, computing it at most once at a time, within limit_s."""
    started = time.monotonic()
    fut = cache.get_or_submit(key, lambda: _executor.submit(fn))
    try:
        return fut.result(timeout=max(0.0, limit_s - (time.monotonic() - started)))
    except FutureTimeout:
        if fut.cancel():  # still queued: nobody will compute it, so forget it
            cache.discard(key, fut)
        raise DemoTooSlow(demo_id, limit_s) from None
    except CancelledError:
        raise DemoTooSlow(demo_id, limit_s) from None
    except BaseException:
        cache.discard(key, fut)  # a bug must not be served from the cache forever
        raise

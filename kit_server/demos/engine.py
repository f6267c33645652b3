"""Running demos: a small worker pool, a bounded LRU cache of results and a wall-clock bound.

The cache holds futures, not finished results, so 30 students pressing the same button at once
(a teacher-led "follow me" step) share one computation instead of queueing thirty copies.

The time bound holds only for a warm pool: while the workers start (each one loads the data and
trains the shared models first, which takes seconds on a busy school PC) a run waits up to
STARTING_WAIT_S and then the caller gets DemoStarting, while the run goes on and is cached for the
page's next ask. A child is never told to try smaller settings because the kit was still waking.

The time bound is honest about its limits: a run cannot be interrupted halfway, so a run that
passes the bound keeps going in the background (and its result is still cached for the next
request), but the caller gets DemoTooSlow at the bound instead of waiting. A run still waiting
for a free worker when the bound passes is cancelled, which also sheds load when swamped.

Pools: "threads" (default; simple, works everywhere, what the tests use) or "processes" (one
spawned process per core). Drawing charts is pure Python and holds the GIL, so threads use
about one core; processes use all of them, roughly doubling throughput on a 2-core school PC
for about 200 MB of memory per worker. `kit serve` should call kit_server.demos.use_processes()
(or set KIT_DEMO_POOL=processes).
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from concurrent.futures import (BrokenExecutor, CancelledError, Executor, Future,
                                ProcessPoolExecutor, ThreadPoolExecutor)
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Callable, Hashable

from .errors import DemoStarting, DemoTooSlow, DemoUnavailable

TIME_LIMIT_S = 2.0
# How long one request waits for starting workers before answering "starting…" (the page asks
# again a second later). Short: a waiting request holds one of the server's few threads, and
# thirty children waiting 10 s each would stall everyone's pages.
STARTING_WAIT_S = 2.0
CACHE_SIZE = 256
# One worker per core: demos are CPU-bound, and more workers would only fight over the cores.
DEFAULT_WORKERS = max(2, os.cpu_count() or 2)
WORKERS = DEFAULT_WORKERS


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


cache = FutureLRU(CACHE_SIZE)
_pool_lock = threading.Lock()
_pool: Executor | None = None
_pool_kind = "threads"
_worker_init: Callable[[], None] | None = None
# cold (nobody asked to warm up) | starting | warm | failed; only "warm" applies the time bound.
_warmth = "cold"
_failure = ""
_on_broken: Callable[[], None] | None = None
_generation = 0  # bumped by configure(): a warm-up of an older pool stops


def generation() -> int:
    return _generation


def warmth() -> str:
    return _warmth


def failure() -> str:
    """Why the workers could not start (for the log), when warmth() == "failed"."""
    return _failure


def set_warmth(state: str, reason: str = "") -> None:
    global _warmth, _failure
    if state not in ("cold", "starting", "warm", "failed"):
        raise ValueError(f"unknown state: {state!r}")
    _warmth, _failure = state, reason


def on_broken(callback: Callable[[], None] | None) -> None:
    """What to do when a worker dies after the pool was warm (e.g. warm a fresh pool up)."""
    global _on_broken
    _on_broken = callback


def configure(pool: str = "threads", workers: int | None = None,
              worker_init: Callable[[], None] | None = None) -> None:
    """Choose the pool ("threads" or "processes") and its size; clears the cache.

    worker_init runs once in each new process (e.g. load data and train the shared models).
    """
    global _pool, _pool_kind, WORKERS, _worker_init, _generation
    if pool not in ("threads", "processes"):
        raise ValueError(f"unknown pool kind: {pool!r}")
    with _pool_lock:
        old, _pool = _pool, None
        _pool_kind, _worker_init = pool, worker_init
        WORKERS = workers or DEFAULT_WORKERS
        _generation += 1
    if old is not None:
        old.shutdown(wait=False, cancel_futures=True)
    set_warmth("cold")
    cache.clear()


def stop() -> None:
    """The kit is stopping: drop queued runs and end the worker processes now. Otherwise the
    interpreter's exit waits for a run in progress (a warm-up can take a minute on a busy PC) and
    `kit serve` seems to hang on Ctrl+C or a service manager's stop."""
    global _pool
    # First refuse new runs: a warm-up still submitting would otherwise start a fresh pool.
    set_warmth("failed", "the kit is stopping")
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    pool.shutdown(wait=False, cancel_futures=True)
    if isinstance(pool, ProcessPoolExecutor):
        for child in multiprocessing.active_children():
            child.terminate()


def pool_kind() -> str:
    return _pool_kind


def _executor() -> Executor:
    global _pool
    with _pool_lock:
        if _pool is None:
            if _pool_kind == "processes":
                # spawn, not fork: forking a server that runs threads can copy held locks.
                _pool = ProcessPoolExecutor(max_workers=WORKERS, initializer=_worker_init,
                                            mp_context=multiprocessing.get_context("spawn"))
            else:
                _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="kit-demo")
        return _pool


def _reset_broken(pool: Executor) -> None:
    """A worker process died (e.g. the OS ran out of memory): start a fresh pool next time."""
    global _pool
    with _pool_lock:
        if _pool is not pool:
            return
        _pool = None
    pool.shutdown(wait=False, cancel_futures=True)
    if _warmth == "starting":  # a worker that dies while starting will not start next time
        set_warmth("failed", "a demo worker stopped while starting")
    elif _warmth == "warm":  # a fresh pool is cold again: no time bound until it is warm
        set_warmth("cold")
        if _on_broken is not None:
            threading.Thread(target=_on_broken, name="kit-demo-rewarm", daemon=True).start()


def run_cached(key: Hashable, fn: Callable[[], dict], demo_id: str,
               limit_s: float = TIME_LIMIT_S) -> dict:
    """Return fn()'s value for key, computing it at most once at a time, within limit_s.

    In process mode fn must be picklable (a functools.partial of module-level objects).
    The bound limit_s holds only when the pool is warm (see the module's docstring).
    """
    if _warmth == "failed":
        raise DemoUnavailable(demo_id, _failure)
    started = time.monotonic()
    pool = _executor()
    try:
        fut = cache.get_or_submit(key, lambda: pool.submit(fn))
    except (BrokenExecutor, RuntimeError):  # broken or shut down under us
        _reset_broken(pool)
        raise DemoStarting(demo_id) from None
    warm = _warmth == "warm"
    if warm:
        wait: float | None = max(0.0, limit_s - (time.monotonic() - started))
    else:  # while a warm-up runs, answer "starting" soon; with none asked for (threads: tests,
        wait = STARTING_WAIT_S if _warmth == "starting" else None  # a dev server), just wait

    try:
        return fut.result(timeout=wait)
    except FutureTimeout:
        if not warm:  # keep computing: the page's next ask finds it in the cache
            raise DemoStarting(demo_id) from None
        if fut.cancel():  # still queued: nobody will compute it, so forget it
            cache.discard(key, fut)
        raise DemoTooSlow(demo_id, limit_s) from None
    except CancelledError:
        raise (DemoTooSlow(demo_id, limit_s) if warm else DemoStarting(demo_id)) from None
    except BrokenExecutor:
        cache.discard(key, fut)
        _reset_broken(pool)
        raise DemoStarting(demo_id) from None
    except BaseException:
        cache.discard(key, fut)  # a bug must not be served from the cache forever
        raise

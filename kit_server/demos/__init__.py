"""Interactive machine-learning demos: validated params -> compute -> matplotlib Figure -> SVG.

This package's front is light: importing it (the registry, the settings' schemas, validation,
run_demo) loads pydantic but never numpy, scikit-learn or matplotlib, so the web process stays
small. The heavy part, kit_server/demos/<id>.py with its `compute(params)` and
`figure(params, result)`, is imported only where a demo runs: in the worker processes
(`use_processes()`, what `kit serve` does) or, in threads mode (the tests), in this process.

The web layer calls `run_demo(demo_id, raw_params, width=...)` and maps DemoNotFound to 404,
DemoParamError to 400 (its `errors` list names each field), DemoTooSlow, DemoStarting and
DemoUnavailable to 503. `DEMOS[id].params_schema()` gives each setting's bounds and default for
the page's sliders. A server calls `start_warm_up(figures)` at start: the workers start and draw
the lessons' first figures before the first student asks.

A new demo: its settings class in params.py (BY_ID, in lesson order), its module <id>.py, the
words around it in runner/demo_labels.py, and a step in a lesson.
"""
from __future__ import annotations

import copy
import gc
import hashlib
import importlib
import json
import logging
import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, Iterable

from . import engine
from .base import DemoParams, DemoSpec
from .engine import TIME_LIMIT_S, cache, run_cached
from .errors import (DemoError, DemoNotFound, DemoParamError, DemoStarting, DemoTooSlow,
                     DemoUnavailable)
from .params import BY_ID
from .validation import validate

__all__ = ["DEMOS", "DEMO_IDS", "DemoSpec", "DemoParams", "DemoError", "DemoNotFound",
           "DemoParamError", "DemoTooSlow", "DemoStarting", "DemoUnavailable", "TIME_LIMIT_S",
           "demo_ids", "run_demo", "clear_cache", "cache_info", "warm_up", "start_warm_up",
           "use_processes", "figure_width", "WIDTHS"]

DEMO_IDS: tuple[str, ...] = tuple(BY_ID)
DEMOS: dict[str, DemoSpec] = {demo_id: DemoSpec(demo_id, cls) for demo_id, cls in BY_ID.items()}

# Figures are drawn for the width the page has (CSS px), snapped to a few sizes so that a class of
# different phones still shares cached pictures. Below PHONE_PX panels stack, one per row.
WIDTH_STEP, MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 40, 240, 720, 640
WIDTHS = tuple(range(MIN_WIDTH, MAX_WIDTH + 1, WIDTH_STEP))


def demo_ids() -> list[str]:
    return list(DEMO_IDS)


def figure_width(raw: Any) -> int:
    """The page's width snapped down to a known size (never wider than the page, so the
    rendered text is never smaller than drawn); DemoParamError for anything but a number."""
    if raw is None:
        return DEFAULT_WIDTH
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw) \
            or not 100 <= raw <= 10_000:
        from flask_babel import gettext as _

        raise DemoParamError([{"field": "width", "message": _(
            "%(field)s must be a number from %(min)s to %(max)s.", field="width", min=100, max=10000)}])
    snapped = int(raw) // WIDTH_STEP * WIDTH_STEP
    return max(MIN_WIDTH, min(MAX_WIDTH, snapped))


def run_demo(demo_id: str, raw_params: Any, *, width: Any = None,
             time_limit_s: float = TIME_LIMIT_S) -> dict:
    """Validate, compute (or reuse a cached run) and return a JSON-ready payload.

    Returns {"demo": id, "params": validated params, "result": {...}, "svg": "<svg ..."}.
    When the figure has a clickable plot, result["plot"] says where it sits in the SVG.
    """
    spec = DEMOS.get(demo_id) if isinstance(demo_id, str) else None
    if spec is None:
        raise DemoNotFound(str(demo_id))
    params = validate(spec.Params, raw_params)
    px = figure_width(width)
    params_json = params.model_dump(mode="json")
    # ensure_ascii: a lone surrogate from a hostile JSON body must not break encoding below.
    canonical = json.dumps(params_json, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    # Key on a digest, not the JSON itself: class-data params can be ~100 KB of pixels.
    digest = hashlib.sha256(f"{demo_id}:{px}:{canonical}".encode()).hexdigest()
    if engine.warmth() == "cold" and engine.pool_kind() == "processes":
        start_warm_up()  # a server that did not warm up at start (e.g. under gunicorn)
    payload = run_cached((demo_id, digest), partial(build, demo_id, params, digest[:12], px),
                         demo_id, time_limit_s)
    return {"demo": demo_id, "params": params_json,
            "result": copy.deepcopy(payload["result"]), "svg": payload["svg"]}


def build(demo_id: str, params: DemoParams, salt: str, width: int = DEFAULT_WIDTH) -> dict:
    """Compute and draw one run (in a worker): the only place the heavy modules are imported."""
    from . import render

    module = importlib.import_module(f".{demo_id}", __name__)
    result = module.compute(params)
    with render.drawing_for(width):
        fig = module.figure(params, result)
        svg = render.to_svg(fig, salt)
    box = render.interactive_box(fig)
    # Keys starting with "_" carry working data from compute to figure (e.g. a region grid);
    # they are not part of the answer sent to the browser.
    result = {k: v for k, v in result.items() if not k.startswith("_")}
    if box is not None:
        result = {**result, "plot": box}
    return {"result": jsonable(result), "svg": svg}


def jsonable(value: Any) -> Any:
    """numpy values to plain Python; NaN/inf to None, because JSON has no such numbers."""
    import numpy as np

    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [jsonable(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return value


def clear_cache() -> None:
    cache.clear()


def cache_info() -> dict:
    return cache.info()


# ---- warming up: the first class of the day must not wait for models to be trained ----
WARM_LIMIT_S = 600.0  # a warm-up run may take this long on a very slow machine
# What the lesson column asks for on a 360 px phone (268 px -> 240), a 412 px phone (320) and
# a lab PC (720): see demos.js.
WARM_WIDTHS = (240, 320, MAX_WIDTH)
_warm_lock = threading.Lock()
_warm_figures: list[tuple[str, dict]] = []


def start_warm_up(figures: Iterable[tuple[str, dict]] = ()) -> None:
    """Warm up in a background thread (the server answers meanwhile); figures are (demo id,
    params) pairs, e.g. every demo step of the lessons, drawn for a phone and for a PC."""
    with _warm_lock:
        if figures:
            _warm_figures[:] = list(figures)
        if engine.warmth() in ("starting", "warm"):
            return
        engine.set_warmth("starting")
    engine.on_broken(start_warm_up)
    threading.Thread(target=warm_up, name="kit-demo-warm-up", daemon=True).start()


def warm_up() -> None:
    """Start the workers and draw the first figures; then the time bound applies.

    In process mode the runs keep every worker busy at once, so all of them start (each warms
    itself up as it starts, see _worker_start). If the workers cannot start, demos are marked
    unavailable and the lesson pages say so.
    """
    gen = engine.generation()
    engine.set_warmth("starting")
    if engine.pool_kind() == "threads":
        warm_here()
        engine.set_warmth("warm")
        return
    runs = list(_warm_figures) + [(d, {}) for d in DEMO_IDS]  # the lessons' own figures first
    jobs = [(d, params, width, gen) for width in WARM_WIDTHS for d, params in runs]
    # Then each other choice once (both threshold datasets, every text...): trains what they share.
    jobs += [(d, params, WARM_WIDTHS[0], gen) for d, params in _choices()]
    deadline = time.monotonic() + WARM_LIMIT_S
    with ThreadPoolExecutor(max_workers=2 * engine.WORKERS) as starters:
        done = list(starters.map(lambda job: _draw_one(*job, deadline), jobs))
    if engine.generation() != gen:
        return  # another pool replaced this one (it warms itself)
    if engine.warmth() != "failed" and not all(done):
        engine.set_warmth("failed", f"the demo workers did not start in {WARM_LIMIT_S:.0f} s")
    if engine.warmth() == "failed":  # one line for the person who started the kit
        logging.getLogger(__name__).warning("Live demos are off: %s. Lessons work without them.",
                                            engine.failure())
    else:
        engine.set_warmth("warm")


def _draw_one(demo_id: str, params: dict, width: int, gen: int, deadline: float) -> bool:
    """One warm-up run, asked again while the workers start; False if they never did."""
    while time.monotonic() < deadline and engine.generation() == gen:
        try:
            run_demo(demo_id, params, width=width, time_limit_s=WARM_LIMIT_S)
            return True
        except DemoStarting:
            continue  # the run goes on in a worker; asking again waits for the same run
        except DemoUnavailable:
            return False
        except DemoParamError:
            return True  # a lesson step with bad settings is reported by `kit lessons check`
    return engine.generation() != gen


def _choices() -> list[tuple[str, dict]]:
    """Every demo once per choice of each option other than its default."""
    return [(spec.id, {name: choice}) for spec in DEMOS.values()
            for name, prop in spec.params_schema()["properties"].items()
            for choice in prop.get("enum", [])[1:]]


def warm_here() -> None:
    """Load data and train shared models in this process: every demo once with its defaults
    and once per choice of each option (e.g. both threshold datasets, all three texts)."""
    for demo_id, params in [(d, {}) for d in DEMO_IDS] + _choices():
        build(demo_id, DEMOS[demo_id].Params(**params), "warm")


def _worker_start() -> None:
    """Initializer of each worker process: import the demos (most of a worker's start), then
    freeze what is loaded so the garbage collector stops rescanning it (its pauses reached
    100 ms), and collect less often: a chart makes thousands of short-lived objects, freed by
    reference counting. Models are trained by the warm-up's runs, which start at once: the
    lessons' first figures come before every other choice."""
    from . import render  # noqa: F401 - matplotlib, loaded once here

    for demo_id in DEMO_IDS:
        importlib.import_module(f".{demo_id}", __name__)
    gc.freeze()
    gc.set_threshold(20_000, 20, 50)


def use_processes(workers: int | None = None) -> None:
    """Run demos in worker processes, one per core (see engine.py for why); clears the cache."""
    engine.configure("processes", workers, worker_init=_worker_start)


# KIT_DEMO_POOL=processes (what `kit serve` sets) chooses worker processes without code, and
# starts them at once: they import scikit-learn and matplotlib while the server loads its lessons.
if __import__("os").environ.get("KIT_DEMO_POOL") == "processes":
    use_processes()
    engine.start_workers()

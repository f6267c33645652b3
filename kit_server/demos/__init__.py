"""Interactive machine-learning demos: validated params -> compute -> matplotlib Figure -> SVG.

The web layer calls `run_demo(demo_id, raw_params)` and maps DemoNotFound to 404,
DemoParamError to 400 (its `errors` list names each field) and DemoTooSlow to 503.
`DEMOS[id].params_schema()` gives each setting's bounds and default for the page's sliders.
A server should call `use_processes()` (or set KIT_DEMO_POOL=processes) and then `warm_up()`
in a background thread at start, so that no student waits for a model to be trained.
"""
from __future__ import annotations

import copy
import gc
import hashlib
import importlib
import json
import math
import os
from functools import partial
from typing import Any

import numpy as np

from . import engine
from .base import DemoParams, DemoSpec
from .engine import TIME_LIMIT_S, cache, run_cached
from .errors import DemoError, DemoNotFound, DemoParamError, DemoTooSlow
from .render import interactive_box, to_svg
from .validation import validate

__all__ = ["DEMOS", "DemoSpec", "DemoParams", "DemoError", "DemoNotFound", "DemoParamError",
           "DemoTooSlow", "TIME_LIMIT_S", "demo_ids", "run_demo", "clear_cache", "cache_info",
           "warm_up", "use_processes"]

# In lesson order; each module defines ID, LESSON, Params, compute(params), figure(params, result).
_MODULE_NAMES = ("rules_vs_learning", "nearest_neighbours", "bias", "overfitting", "digits",
                 "class_data", "clustering", "regression", "text_classifier", "next_word",
                 "threshold")
_MODULES = [importlib.import_module(f".{name}", __name__) for name in _MODULE_NAMES]

DEMOS: dict[str, DemoSpec] = {
    m.ID: DemoSpec(id=m.ID, lesson=m.LESSON, Params=m.Params, compute=m.compute, figure=m.figure)
    for m in _MODULES
}


def demo_ids() -> list[str]:
    return list(DEMOS)


def run_demo(demo_id: str, raw_params: Any, *, time_limit_s: float = TIME_LIMIT_S) -> dict:
    """Validate, compute (or reuse a cached run) and return a JSON-ready payload.

    Returns {"demo": id, "params": validated params, "result": {...}, "svg": "<svg ..."}.
    When the figure has a clickable plot, result["plot"] says where it sits in the SVG.
    """
    spec = DEMOS.get(demo_id) if isinstance(demo_id, str) else None
    if spec is None:
        raise DemoNotFound(str(demo_id))
    params = validate(spec.Params, raw_params)
    params_json = params.model_dump(mode="json")
    # ensure_ascii: a lone surrogate from a hostile JSON body must not break encoding below.
    canonical = json.dumps(params_json, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    # Key on a digest, not the JSON itself: class-data params can be ~100 KB of pixels.
    digest = hashlib.sha256(f"{demo_id}:{canonical}".encode()).hexdigest()
    payload = run_cached((demo_id, digest), partial(_build, spec, params, digest[:12]),
                         demo_id, time_limit_s)
    return {"demo": demo_id, "params": params_json,
            "result": copy.deepcopy(payload["result"]), "svg": payload["svg"]}


def _build(spec: DemoSpec, params: DemoParams, salt: str) -> dict:
    result = spec.compute(params)
    fig = spec.figure(params, result)
    svg = to_svg(fig, salt)
    box = interactive_box(fig)
    # Keys starting with "_" carry working data from compute to figure (e.g. a region grid);
    # they are not part of the answer sent to the browser.
    result = {k: v for k, v in result.items() if not k.startswith("_")}
    if box is not None:
        result = {**result, "plot": box}
    return {"result": jsonable(result), "svg": svg}


def jsonable(value: Any) -> Any:
    """numpy values to plain Python; NaN/inf to None, because JSON has no such numbers."""
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


def warm_up() -> None:
    """Load datasets and train the shared models (call at server start, e.g. in a thread).

    In process mode this starts every worker (each warms itself up as it starts) by keeping
    them all busy with the demos' default runs at once.
    """
    if engine.pool_kind() == "processes":
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=len(DEMOS)) as starters:
            list(starters.map(lambda d: run_demo(d, {}, time_limit_s=120.0), DEMOS))
    else:
        warm_here()


def warm_here() -> None:
    """Load data and train shared models in this process: every demo once with its defaults
    and once per choice of each option (e.g. both threshold datasets, all three texts)."""
    for spec in DEMOS.values():
        _build(spec, spec.Params(), "warm")
        for name, prop in spec.params_schema()["properties"].items():
            for choice in prop.get("enum", [])[1:]:
                _build(spec, spec.Params(**{name: choice}), "warm")


def _worker_start() -> None:
    """Initializer of each worker process: warm up, then freeze what is loaded so the garbage
    collector stops rescanning datasets and models (its pauses reached 100 ms), and collect
    less often: a chart makes thousands of short-lived objects, freed by reference counting."""
    warm_here()
    gc.freeze()
    gc.set_threshold(20_000, 20, 50)


def use_processes(workers: int | None = None) -> None:
    """Run demos in worker processes, one per core (see engine.py for why); clears the cache."""
    engine.configure("processes", workers, worker_init=_worker_start)


# KIT_DEMO_POOL=processes chooses worker processes without code (no process starts until the
# first demo run).
if os.environ.get("KIT_DEMO_POOL") == "processes":
    use_processes()

"""Lesson 6: grouping without labels. k-means written out step by step (so students can step
through iterations: 0 = the starting centres), an elbow plot of inertia for k = 1..MAX_K, and,
when the teacher reveals them, how the groups compare with the hidden true labels.

Data: blobs (make_blobs) or the wine table (13 measurements, standardised; drawn on its first
two principal components, clustered in all 13).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score

from . import datasets, render
from .params import Clustering as Params, MAX_K, MAX_ITER

ID = "clustering"


@datasets.once
def _wine():
    X, y = datasets.wine()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    _, _, vt = np.linalg.svd(Z, full_matrices=False)
    return Z, y, vt[:2].T  # data, labels, projection onto two principal components


def data(p: Params):
    """(X to cluster, hidden labels, 2-D view of X, projection matrix or None)."""
    if p.dataset == "wine":
        Z, y, proj = _wine()
        return Z, y, Z @ proj, proj
    X, y = make_blobs(n_samples=p.n_points, centers=p.groups, cluster_std=p.spread,
                      random_state=p.seed, center_box=(-8, 8))
    return X, y, X, None


def _sq_dist(X: np.ndarray, centres: np.ndarray) -> np.ndarray:
    return ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)


def init_centres(X: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++: each new centre is picked far (on average) from the ones already chosen."""
    centres = [X[rng.integers(len(X))]]
    for _ in range(1, k):
        d2 = _sq_dist(X, np.array(centres)).min(axis=1)
        total = d2.sum()
        idx = rng.choice(len(X), p=d2 / total) if total > 0 else rng.integers(len(X))
        centres.append(X[idx])
    return np.array(centres, dtype=float)


def lloyd(X: np.ndarray, centres: np.ndarray, steps: int):
    """Run up to `steps` assign-then-move steps.

    Returns (centres, assignment, steps_done, converged)."""
    assign = _sq_dist(X, centres).argmin(axis=1)
    for done in range(steps):
        new = _move(X, assign, centres)
        if np.max(np.abs(new - centres)) <= 1e-9:
            return centres, assign, done, True
        centres = new
        assign = _sq_dist(X, centres).argmin(axis=1)
    return centres, assign, steps, False


def _move(X: np.ndarray, assign: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Each centre moves to the mean of its points (an empty group keeps its centre)."""
    members = assign[:, None] == np.arange(len(centres))[None, :]
    counts = members.sum(axis=0)
    sums = members.T.astype(float) @ X
    return np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centres)


def inertia(X: np.ndarray, centres: np.ndarray) -> float:
    return float(_sq_dist(X, centres).min(axis=1).sum())


def elbow(X: np.ndarray, seed: int) -> list[float]:
    """Best-of-3 inertia for each k, run to convergence."""
    out = []
    for k in range(1, MAX_K + 1):
        rng = np.random.default_rng(seed)
        out.append(min(inertia(X, lloyd(X, init_centres(X, k, rng), MAX_ITER)[0])
                       for _ in range(3)))
    return out


def best_start(X: np.ndarray, k: int, seed: int, tries: int = 5) -> np.ndarray:
    """The starting centres (of a few k-means++ tries) that end with the lowest inertia.

    One unlucky start can merge two real groups; students should step through a good run.
    """
    rng = np.random.default_rng(seed)
    starts = [init_centres(X, k, rng) for _ in range(tries)]
    return min(starts, key=lambda c: inertia(X, lloyd(X, c, MAX_ITER)[0]))


def _data_only(p: Params) -> Params:
    """Only the settings that change the data (not k, steps or the labels toggle): a cache key."""
    if p.dataset == "wine":
        return Params(dataset="wine", seed=p.seed)
    return Params(n_points=p.n_points, groups=p.groups, spread=p.spread, seed=p.seed)


@lru_cache(maxsize=64)
def _cached_elbow(d: Params) -> tuple[float, ...]:
    """Cached per data set: stepping through iterations or moving k must not redo it."""
    return tuple(elbow(data(d)[0], d.seed))


@lru_cache(maxsize=128)
def _cached_start(d: Params, k: int) -> np.ndarray:
    start = best_start(data(d)[0], k, d.seed)
    start.setflags(write=False)
    return start


def compute(p: Params) -> dict:
    X, y, view, proj = data(p)
    d = _data_only(p)
    centres, assign, steps, converged = lloyd(X, _cached_start(d, p.k), p.iterations)
    out = {
        "k": p.k, "steps_done": steps, "converged": converged,
        "inertia": inertia(X, centres), "elbow": list(_cached_elbow(d)),
        "sizes": np.bincount(assign, minlength=p.k).tolist(),
        "assignment": assign.tolist(),
        "_view": view, "_centres_view": centres @ proj if proj is not None else centres,
        "_hidden": y,
    }
    if p.show_labels:
        table = np.zeros((p.k, int(y.max()) + 1), dtype=int)
        np.add.at(table, (assign, y), 1)
        out["labels"] = {"table": table.tolist(),
                         "adjusted_rand": float(adjusted_rand_score(y, assign))}
    return out


def figure(p: Params, result: dict):
    fig = render.new_figure(6.4, 3.0, panels=2)
    ax = render.panel(fig, 0)
    view, assign, hidden = result["_view"], np.asarray(result["assignment"]), result["_hidden"]
    markers = "os^Dvp"
    for j in range(p.k):
        for t in (np.unique(hidden) if p.show_labels else [None]):
            sel = assign == j if t is None else (assign == j) & (hidden == t)
            render.points(ax, view[sel, 0], view[sel, 1], j, size=4,
                          marker="o" if t is None else markers[int(t) % len(markers)])
    render.no_ticks(ax)
    cv = result["_centres_view"]
    ax.plot(cv[:, 0], cv[:, 1], linestyle="none", marker="X", markersize=11,
            color="black", markeredgecolor="white")
    el = render.panel(fig, 1)
    ks = range(1, MAX_K + 1)
    el.plot(ks, result["elbow"], marker="o", ms=4, color=render.colour(0))
    el.plot([p.k], [result["elbow"][p.k - 1]], marker="o", ms=9, color=render.colour(5))
    el.set_xticks(list(ks))
    el.set_xlabel("k")
    return fig

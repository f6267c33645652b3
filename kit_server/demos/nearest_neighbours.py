"""Lesson 2: k-nearest neighbours. The student places a point and moves k; the regions show what
the model would answer anywhere, and the k training points it asked are circled.

Data: three blobs (make_blobs) or iris petals; students may also add their own labelled points.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from sklearn.datasets import make_blobs
from sklearn.neighbors import KNeighborsClassifier

from . import datasets, render
from .params import NearestNeighbours as Params

ID = "nearest_neighbours"


def training_data(p: Params) -> tuple[np.ndarray, np.ndarray]:
    if p.dataset == "iris":
        X, y = datasets.iris()
        X, y = X[:, 2:4], y
    else:
        X, y = make_blobs(n_samples=p.n_points, centers=[(-3, -2), (3, -2), (0, 3)],
                          cluster_std=p.spread, random_state=p.seed)
    if p.extra_points:
        X = np.vstack([X, [[q.x, q.y] for q in p.extra_points]])
        y = np.concatenate([y, [q.label for q in p.extra_points]])
    return np.asarray(X, dtype=float), np.asarray(y, dtype=int)


def _regions(model, xlim, ylim) -> np.ndarray:
    xs, ys, grid = render.grid(xlim, ylim, 70)
    return model.predict(grid).reshape(len(ys), len(xs))


@lru_cache(maxsize=64)
def _trained(d: Params):
    """Model, data, view and regions for settings without the query: placing a point (the
    lesson's main gesture) then costs one neighbour search, not a new picture of regions."""
    X, y = training_data(d)
    model = KNeighborsClassifier(n_neighbors=min(d.k, len(y))).fit(X, y)
    xlim, ylim = render.padded_limits(X[:, 0]), render.padded_limits(X[:, 1])
    regions = _regions(model, xlim, ylim)
    for a in (X, y, regions):
        a.setflags(write=False)
    return model, X, y, xlim, ylim, regions, float(model.score(X, y))


def compute(p: Params) -> dict:
    model, X, y, xlim, ylim, regions, train_acc = _trained(p.model_copy(update={"query": None}))
    q = p.query
    if q is not None and not (xlim[0] <= q.x <= xlim[1] and ylim[0] <= q.y <= ylim[1]):
        xlim = [min(xlim[0], q.x - 0.5), max(xlim[1], q.x + 0.5)]  # keep the point in view
        ylim = [min(ylim[0], q.y - 0.5), max(ylim[1], q.y + 0.5)]
        regions = _regions(model, xlim, ylim)
    out = {
        "k_used": int(model.n_neighbors), "n_train": int(len(y)),
        "classes": sorted(set(y.tolist())), "train_accuracy": train_acc,
        "xlim": xlim, "ylim": ylim,
        "_regions": regions, "_X": X, "_y": y,
        "query": None,
    }
    if p.query is not None:
        out["query"] = _explain(model, X, y, np.array([[p.query.x, p.query.y]]))
    return out


def _explain(model: KNeighborsClassifier, X, y, q) -> dict:
    dist, idx = model.kneighbors(q)
    votes = np.bincount(y[idx[0]], minlength=3)
    return {
        "prediction": int(model.predict(q)[0]),
        "votes": votes.tolist(),
        "neighbours": [{"index": int(i), "x": float(X[i, 0]), "y": float(X[i, 1]),
                        "label": int(y[i]), "distance": float(d)} for d, i in zip(dist[0], idx[0])],
    }


def figure(p: Params, result: dict):
    fig = render.new_figure(4.6, 3.6)
    ax = fig.add_subplot(1, 1, 1)
    X, y = result["_X"], result["_y"]
    render.draw_regions(ax, np.asarray(result["_regions"]), result["xlim"], result["ylim"])
    for c in sorted(set(y.tolist())):
        render.points(ax, X[y == c, 0], X[y == c, 1], c, size=5, edge=True)
    q = result["query"]
    if q is not None:
        nx = [n["x"] for n in q["neighbours"]]
        ny = [n["y"] for n in q["neighbours"]]
        ax.plot(nx, ny, linestyle="none", marker="o", markersize=12, markerfacecolor="none",
                markeredgecolor="black", markeredgewidth=1.5)
        for x, yv in zip(nx, ny):
            ax.plot([p.query.x, x], [p.query.y, yv], color="black", lw=0.6, alpha=0.6)
        render.points(ax, [p.query.x], [p.query.y], q["prediction"], size=13, edge=True, marker="*")
    ax.set_xlim(result["xlim"])
    ax.set_ylim(result["ylim"])
    if p.dataset == "blobs":  # made-up coordinates: nothing to read on the axes
        render.no_ticks(ax)
    render.mark_interactive(ax)
    return fig

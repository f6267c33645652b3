"""Lesson 4: testing and overfitting. A decision tree on two noisy moons; depth and noise sliders.

A deep tree memorises the training points (train accuracy near 100%) while its test accuracy
stops improving or falls: the curve over depths 1..MAX_DEPTH shows where that happens.
"""
from __future__ import annotations

import copy
from functools import lru_cache

import numpy as np
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

from . import render
from .params import Overfitting as Params, MAX_DEPTH

ID = "overfitting"


def split(p: Params):
    X, y = make_moons(n_samples=p.n_samples, noise=p.noise, random_state=p.seed)
    return train_test_split(X, y, test_size=0.3, random_state=p.seed, stratify=y)


def _fit(X, y, depth: int) -> DecisionTreeClassifier:
    return DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X, y)


@lru_cache(maxsize=64)
def _curve(noise: float, n_samples: int, seed: int) -> dict:
    """Train/test accuracy for every depth. It does not depend on the depth slider, so moving
    that slider (the lesson's main gesture) reuses it."""
    X_tr, X_te, y_tr, y_te = split(Params(noise=noise, n_samples=n_samples, seed=seed))
    curve = {"depth": [], "train": [], "test": []}
    for d in range(1, MAX_DEPTH + 1):
        tree = _fit(X_tr, y_tr, d)
        curve["depth"].append(d)
        curve["train"].append(float(tree.score(X_tr, y_tr)))
        curve["test"].append(float(tree.score(X_te, y_te)))
    return curve


def compute(p: Params) -> dict:
    X_tr, X_te, y_tr, y_te = split(p)
    curve = copy.deepcopy(_curve(p.noise, p.n_samples, p.seed))
    tree = _fit(X_tr, y_tr, p.depth)
    xlim, ylim = [-2.0, 3.0], [-1.6, 2.1]
    xs, ys, grid = render.grid(xlim, ylim, 70)
    best = int(np.argmax(curve["test"])) + 1
    return {
        "train_accuracy": curve["train"][p.depth - 1],
        "test_accuracy": curve["test"][p.depth - 1],
        "leaves": int(tree.get_n_leaves()),
        "best_test_depth": best,
        "curve": curve,
        "n_train": int(len(y_tr)), "n_test": int(len(y_te)),
        "_regions": tree.predict(grid).reshape(len(ys), len(xs)), "_lims": (xlim, ylim),
    }


def figure(p: Params, result: dict):
    X_tr, X_te, y_tr, y_te = split(p)
    fig = render.new_figure(6.4, 3.0, panels=2)
    ax = render.panel(fig, 0)
    xlim, ylim = result["_lims"]
    render.draw_regions(ax, np.asarray(result["_regions"]), xlim, ylim)
    for c in (0, 1):
        render.points(ax, X_tr[y_tr == c, 0], X_tr[y_tr == c, 1], c, size=3.5, alpha=0.7)
        render.points(ax, X_te[y_te == c, 0], X_te[y_te == c, 1], c, size=5, edge=True, marker="s")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    render.no_ticks(ax)
    curve = render.panel(fig, 1)
    c = result["curve"]
    curve.plot(c["depth"], c["train"], marker="o", ms=3, color=render.colour(0))
    curve.plot(c["depth"], c["test"], marker="s", ms=3, color=render.colour(5))
    curve.axvline(p.depth, color="black", lw=1, ls="--")
    curve.set_ylim(0.4, 1.02)
    curve.set_xticks(range(1, MAX_DEPTH + 1, 2))
    return fig

"""Lesson 3: bias from data. Two groups follow different patterns; a slider keeps only part of
group B in the training data. The test set always has both groups in full, so students see the
model's accuracy for group B fall as B disappears from what it learned from.

Synthetic data (seeded): each example has two features (x, y). Group A lives mostly on the left,
group B mostly on the right, and the answer depends on y with a different cut-off per group
(A: y > 1, B: y > -1), like a skin-check app tuned on one skin tone.
"""
from __future__ import annotations

import numpy as np
from sklearn.tree import DecisionTreeClassifier

from . import render
from .params import Bias as Params

ID = "bias"
CUTS = (1.0, -1.0)  # the true cut-off on y for group A (0) and group B (1)


def make_group(rng: np.random.Generator, group: int, n: int):
    x = rng.normal(-1.5 if group == 0 else 1.5, 1.0, n)
    y = rng.normal(0.0, 1.6, n)
    label = (y > CUTS[group]).astype(int)
    flip = rng.random(n) < 0.05  # a little label noise: real data is never perfect
    return np.column_stack([x, y]), np.where(flip, 1 - label, label)


def data(p: Params):
    rng = np.random.default_rng(p.seed)
    train = [make_group(rng, g, p.n_per_group) for g in (0, 1)]
    test = [make_group(rng, g, 200) for g in (0, 1)]
    keep = int(round(p.keep_b * p.n_per_group))
    train[1] = (train[1][0][:keep], train[1][1][:keep])
    return train, test


def compute(p: Params) -> dict:
    train, test = data(p)
    X = np.vstack([train[0][0], train[1][0]])
    y = np.concatenate([train[0][1], train[1][1]])
    model = DecisionTreeClassifier(max_depth=4, min_samples_leaf=3, random_state=0).fit(X, y)
    acc = [float(model.score(Xg, yg)) for Xg, yg in test]
    return {
        "groups": ["A", "B"],
        "n_train": [int(len(train[0][1])), int(len(train[1][1]))],
        "n_test": [int(len(test[0][1])), int(len(test[1][1]))],
        "accuracy": acc,
        "gap": round(acc[0] - acc[1], 4),
        "_train": train,
    }


def figure(p: Params, result: dict):
    fig = render.new_figure(6.4, 3.0, panels=2)
    ax = render.panel(fig, 0)
    for g, (Xg, yg) in enumerate(result["_train"]):
        for label in (0, 1):
            sel = yg == label
            render.points(ax, Xg[sel, 0], Xg[sel, 1], label, size=4 if g == 0 else 6,
                          edge=g == 1, marker="o" if g == 0 else "^")
    ax.set_xlim(-5, 5)
    ax.set_ylim(-5, 5)
    render.no_ticks(ax)
    bars = render.panel(fig, 1)
    bars.bar(result["groups"], result["accuracy"], color=[render.colour(4), render.colour(5)])
    for i, a in enumerate(result["accuracy"]):
        bars.text(i, a + 0.02, f"{a:.0%}", ha="center")
    bars.set_ylim(0, 1.1)
    bars.axhline(0.5, color="grey", lw=0.8, ls=":")
    return fig

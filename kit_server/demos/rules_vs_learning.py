"""Lesson 1: a rule the student builds from two threshold sliders vs a decision tree that learns.

Data: iris petals (length, width in cm). The student's rule:
  petal length < length_cut -> class 0 (setosa); else petal width < width_cut -> class 1
  (versicolor); else class 2 (virginica). Both are scored on the same held-out test flowers.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

from . import datasets, render
from .params import RulesVsLearning as Params

ID = "rules_vs_learning"
FEATURES = ("petal_length", "petal_width")
XLIM, YLIM = (0.5, 7.5), (0.0, 2.8)


def rule_predict(X: np.ndarray, p: Params) -> np.ndarray:
    return np.where(X[:, 0] < p.length_cut, 0, np.where(X[:, 1] < p.width_cut, 1, 2))


def _split(seed: int):
    X, y = datasets.iris()
    return train_test_split(X[:, 2:4], y, test_size=0.3, random_state=seed, stratify=y)


def _per_class(y_true: np.ndarray, y_pred: np.ndarray) -> list[float]:
    return [float(np.mean(y_pred[y_true == c] == c)) for c in range(3)]


def _tree_splits(tree: DecisionTreeClassifier) -> list[dict]:
    """The thresholds the tree learned, in the order it asks them (depth first)."""
    t, out = tree.tree_, []

    def walk(node: int, depth: int) -> None:
        if t.children_left[node] == -1:
            return
        out.append({"depth": depth, "feature": FEATURES[t.feature[node]],
                    "threshold": round(float(t.threshold[node]), 3)})
        walk(t.children_left[node], depth + 1)
        walk(t.children_right[node], depth + 1)

    walk(0, 0)
    return out


@lru_cache(maxsize=64)
def _tree(depth: int, seed: int) -> tuple[DecisionTreeClassifier, list[list[int]]]:
    """The learned tree and its regions do not depend on the student's rule sliders."""
    X_tr, _, y_tr, _ = _split(seed)
    tree = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X_tr, y_tr)
    return tree, _grid_labels(tree.predict)


def compute(p: Params) -> dict:
    X_tr, X_te, y_tr, y_te = _split(p.seed)
    tree, tree_grid = _tree(p.depth, p.seed)
    rule_te, tree_te = rule_predict(X_te, p), tree.predict(X_te)
    return {
        "features": list(FEATURES),
        "rule": {"accuracy": float(np.mean(rule_te == y_te)),
                 "per_class": _per_class(y_te, rule_te),
                 "train_accuracy": float(np.mean(rule_predict(X_tr, p) == y_tr))},
        "tree": {"accuracy": float(np.mean(tree_te == y_te)),
                 "per_class": _per_class(y_te, tree_te),
                 "train_accuracy": float(tree.score(X_tr, y_tr)), "splits": _tree_splits(tree)},
        "n_train": int(len(y_tr)), "n_test": int(len(y_te)),
        "_grid_tree": tree_grid,
    }


def _grid_labels(predict) -> list[list[int]]:
    xs, ys, pts = render.grid(XLIM, YLIM, 60)
    return predict(pts).reshape(len(ys), len(xs)).tolist()


def figure(p: Params, result: dict):
    X_tr, X_te, y_tr, y_te = _split(p.seed)
    fig = render.new_figure(6.4, 3.0, panels=2)
    rule_grid = np.array(_grid_labels(lambda pts: rule_predict(pts, p)))
    panels = ((rule_grid, result["rule"]["accuracy"]),
              (np.array(result["_grid_tree"]), result["tree"]["accuracy"]))
    for i, (labels, acc) in enumerate(panels):
        ax = render.panel(fig, i)
        render.draw_regions(ax, labels, XLIM, YLIM)
        for c in range(3):
            render.points(ax, X_tr[y_tr == c, 0], X_tr[y_tr == c, 1], c, size=3, alpha=0.6)
            render.points(ax, X_te[y_te == c, 0], X_te[y_te == c, 1], c, size=5, edge=True)
        ax.set_title(f"{i + 1}: {acc:.0%}")
        ax.set_xlabel("cm")
        if i == 0:
            ax.set_ylabel("cm")
        else:  # same scale as the left panel, which carries the numbers
            ax.set_yticks([])
        ax.set_xlim(XLIM)
        ax.set_ylim(YLIM)
    fig.axes[0].axvline(p.length_cut, color="black", lw=1.5, ls="--")
    fig.axes[0].plot([p.length_cut, XLIM[1]], [p.width_cut] * 2, color="black", lw=1.5, ls="--")
    render.mark_interactive(fig.axes[0])
    return fig

"""Lesson 5 (second half) and issue item 6: the class's own data. Students draw digits (for
example Eastern Arabic ٠-٩); the teacher retrains. We report accuracy on a held-out part of the
class drawings before (load_digits only) and after adding the rest of the class drawings, and on
held-out load_digits so students see the model did not forget Western digits.

Compute only: the samples arrive in params (the lead's code stores them per class). With no
samples, synthetic example drawings (eastern_digits.py) stand in so the teacher can preview.
"""
from __future__ import annotations

import numpy as np
from sklearn.svm import SVC

from . import datasets, digits, eastern_digits, render
from .params import ClassData as Params

ID = "class_data"


def _svc() -> SVC:
    return SVC(gamma="scale", C=5.0)


@datasets.once
def base_model():
    """The model before any class data, and its (fixed) accuracy on held-out load_digits."""
    X_tr, X_te, y_tr, y_te = digits.split()
    model = _svc().fit(X_tr / 16.0, y_tr)
    return model, _accuracy(model, X_te, y_te)


def class_samples(p: Params) -> tuple[np.ndarray, np.ndarray, str]:
    if p.samples:
        X = np.array([s.pixels for s in p.samples], dtype=float)
        return X, np.array([s.label for s in p.samples]), "class"
    X, y = _examples()
    return X, y, "example"


@datasets.once
def _examples() -> tuple[np.ndarray, np.ndarray]:
    X, y = eastern_digits.samples(20, seed=1)
    return X.astype(float), y


def split_class(y: np.ndarray, holdout: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Per label, hold out round(holdout * n) drawings (at least one when a label has two or more),
    so every digit the class drew is tested."""
    rng = np.random.default_rng(seed)
    test = np.zeros(len(y), dtype=bool)
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        if len(idx) >= 2:
            test[idx[:max(1, int(round(holdout * len(idx))))]] = True
    return np.flatnonzero(~test), np.flatnonzero(test)


def _accuracy(model, X, y) -> float | None:
    return float(np.mean(model.predict(X / 16.0) == y)) if len(y) else None


def _per_label(model, X, y) -> list[float | None]:
    if not len(y):
        return [None] * 10
    pred = model.predict(X / 16.0)
    return [float(np.mean(pred[y == d] == d)) if np.any(y == d) else None for d in range(10)]


def compute(p: Params) -> dict:
    X, y, source = class_samples(p)
    tr, te = split_class(y, p.holdout, p.seed)
    X_base, X_dte, y_base, y_dte = digits.split()
    before, before_digits = base_model()
    after = _svc().fit(np.vstack([X_base, X[tr]]) / 16.0, np.concatenate([y_base, y[tr]]))
    return {
        "source": source,
        "n_class_train": int(len(tr)), "n_class_test": int(len(te)),
        "class_accuracy": {"before": _accuracy(before, X[te], y[te]),
                           "after": _accuracy(after, X[te], y[te])},
        "class_per_label": {"before": _per_label(before, X[te], y[te]),
                            "after": _per_label(after, X[te], y[te])},
        "digits_accuracy": {"before": before_digits,
                            "after": _accuracy(after, X_dte, y_dte)},
    }


def figure(p: Params, result: dict):
    fig = render.new_figure(6.4, 2.8)
    ax = fig.add_subplot(1, 1, 1)
    per = result["class_per_label"]
    xs = np.arange(10)
    for i, key in enumerate(("before", "after")):
        vals = [v if v is not None else 0.0 for v in per[key]]
        ax.bar(xs + (i - 0.5) * 0.38, vals, width=0.38, color=render.colour(5 if i == 0 else 2))
    ax.set_xticks(xs)
    ax.set_ylim(0, 1.05)
    return fig

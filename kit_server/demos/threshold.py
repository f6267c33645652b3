"""Lesson 11: AI in health emergencies, with care. Logistic regression as a "doctor's helper"
gives each test patient a probability of needing urgent care; the decision threshold slider
trades missed cases (false negatives) against false alarms (false positives).

Data: a synthetic triage table made for the kit (younger classes) or load_breast_cancer.
Label 1 always means "needs the doctor now".
"""
from __future__ import annotations


import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from . import datasets, render
from .params import Threshold as Params

ID = "threshold"
CURVE = np.round(np.linspace(0.01, 0.99, 99), 2)


@datasets.once
def scored(dataset: str):
    """Train once per dataset; returns (test probabilities, test labels, feature names)."""
    if dataset == "triage":
        names, X, y = datasets.triage()
    else:
        X, y = datasets.breast_cancer()
        names = tuple(f"f{i}" for i in range(X.shape[1]))
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.4, random_state=0, stratify=y)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(X_tr, y_tr)
    return model.predict_proba(X_te)[:, 1], y_te, list(names)


def counts(proba: np.ndarray, y: np.ndarray, threshold: float) -> dict:
    flag = proba >= threshold
    return {"caught": int(np.sum(flag & (y == 1))), "missed": int(np.sum(~flag & (y == 1))),
            "false_alarms": int(np.sum(flag & (y == 0))),
            "all_clear": int(np.sum(~flag & (y == 0)))}


def compute(p: Params) -> dict:
    proba, y, names = scored(p.dataset)
    c = counts(proba, y, p.threshold)
    sick, well = max(1, int(np.sum(y == 1))), max(1, int(np.sum(y == 0)))
    flags = proba[None, :] >= CURVE[:, None]
    return {
        **c,
        "n_test": int(len(y)), "n_urgent": int(np.sum(y == 1)),
        "sensitivity": c["caught"] / sick, "specificity": c["all_clear"] / well,
        "accuracy": (c["caught"] + c["all_clear"]) / len(y),
        "features": names,
        "curve": {"threshold": CURVE.tolist(),
                  "missed": (~flags & (y == 1)).sum(axis=1).tolist(),
                  "false_alarms": (flags & (y == 0)).sum(axis=1).tolist()},
    }


def figure(p: Params, result: dict):
    proba, y, _ = scored(p.dataset)
    fig = render.new_figure(6.4, 3.0, panels=2)
    ax = render.panel(fig, 0)
    rng = np.random.default_rng(0)  # sideways jitter only, so dots do not hide each other
    for label in (0, 1):
        sel = y == label
        jitter = label + rng.uniform(-0.25, 0.25, sel.sum())
        render.points(ax, proba[sel], jitter, 5 if label else 2, size=4, alpha=0.8)
    ax.axvline(p.threshold, color="black", lw=1.5, ls="--")
    ax.set_yticks([0, 1])
    ax.set_xlim(0, 1)
    cur = render.panel(fig, 1)
    c = result["curve"]
    cur.plot(c["threshold"], c["missed"], color=render.colour(5), lw=2)
    cur.plot(c["threshold"], c["false_alarms"], color=render.colour(2), lw=2, ls="-.")
    cur.axvline(p.threshold, color="black", lw=1.5, ls="--")
    cur.set_xlim(0, 1)
    return fig

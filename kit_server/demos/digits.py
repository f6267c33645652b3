"""Lesson 5: images are numbers. A student draws on an 8x8 canvas (values 0-16, like
load_digits); the model trained once on load_digits shows its top-3 guesses. The confusion matrix
on held-out digits shows which digits it mixes up.
"""
from __future__ import annotations

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

from . import datasets, render
from .params import Digits as Params, N_TEST

ID = "digits"


@datasets.once
def split():
    X, y = datasets.digits()
    return train_test_split(X, y, test_size=N_TEST, random_state=0, stratify=y)


@datasets.once
def model():
    """The shared digits model with calibrated probabilities (trained once, ~0.3 s)."""
    X_tr, X_te, y_tr, y_te = split()
    # SVC is fast to train and very accurate on digits; calibration turns its scores into
    # probabilities a student can read as "how sure".
    svc = SVC(gamma="scale", C=5.0)
    m = CalibratedClassifierCV(svc, ensemble=False, cv=3).fit(X_tr / 16.0, y_tr)
    pred = m.predict(X_te / 16.0)
    return m, float(np.mean(pred == y_te)), confusion_matrix(y_te, pred, labels=range(10))


def compute(p: Params) -> dict:
    m, accuracy, confusion = model()
    true_label = None
    if p.pixels is None:
        _, X_te, _, y_te = split()
        image, true_label = X_te[p.sample], int(y_te[p.sample])
    else:
        image = np.asarray(p.pixels, dtype=float)
    proba = m.predict_proba(image.reshape(1, -1) / 16.0)[0]
    order = np.argsort(-proba)[:3]
    return {
        "top3": [{"digit": int(m.classes_[i]), "probability": float(proba[i])} for i in order],
        "probabilities": proba.tolist(),
        "image": image.astype(int).tolist(),
        "true_label": true_label,
        "test_accuracy": accuracy,
        "confusion": confusion.tolist(),
        "n_test": N_TEST,
    }


def figure(p: Params, result: dict):
    if p.view == "confusion":
        return _confusion_figure(np.asarray(result["confusion"]))
    fig = render.new_figure(6.0, 2.8, panels=2)
    ax = render.panel(fig, 0)
    ax.imshow(np.asarray(result["image"]).reshape(8, 8), cmap="gray_r", vmin=0, vmax=16,
              interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    bars = render.panel(fig, 1)
    proba = result["probabilities"]
    top = {g["digit"] for g in result["top3"]}
    bars.bar(range(10), proba, color=[render.colour(5 if d in top else 4) for d in range(10)])
    bars.set_xticks(range(10))
    bars.set_ylim(0, 1)
    return fig


def _confusion_figure(cm: np.ndarray):
    fig = render.new_figure(4.2, 4.0, top=0.96)
    ax = fig.add_subplot(1, 1, 1)
    ax.imshow(cm, cmap="Blues", interpolation="nearest")
    for (i, j), v in np.ndenumerate(cm):
        if v:
            ax.text(j, i, str(v), ha="center", va="center", fontsize=7,
                    color="white" if v > cm.max() / 2 else "black")
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    return fig

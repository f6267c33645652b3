"""Data every demo needs, loaded once per process. Nothing here downloads.

scikit-learn's `load_*` read files shipped inside the package; our own CSV and text files live in
kit_server/data/. Callers get read-only arrays so a demo cannot change data another demo shares.
"""
from __future__ import annotations

import csv
import functools
import io
import threading
from importlib import resources

import numpy as np
from sklearn import datasets as skd


def once(fn):
    """Cache fn's result per argument; a lock makes concurrent first calls compute it only once
    (30 students opening the digits page together must not train 30 models)."""
    lock = threading.Lock()
    cached = functools.cache(fn)

    @functools.wraps(fn)
    def wrapper(*args):
        with lock:
            return cached(*args)

    return wrapper


def _frozen(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    for a in arrays:
        a.setflags(write=False)
    return arrays


@once
def iris():
    d = skd.load_iris()
    return _frozen(np.asarray(d.data, dtype=float), np.asarray(d.target))


@once
def digits():
    d = skd.load_digits()
    return _frozen(np.asarray(d.data, dtype=float), np.asarray(d.target))


@once
def wine():
    d = skd.load_wine()
    return _frozen(np.asarray(d.data, dtype=float), np.asarray(d.target))


@once
def breast_cancer():
    """Label 1 = malignant, so that 'positive' means 'needs a doctor' like the triage data."""
    d = skd.load_breast_cancer()
    return _frozen(np.asarray(d.data, dtype=float), 1 - np.asarray(d.target))


def data_text(name: str) -> str:
    return resources.files("kit_server").joinpath("data", name).read_text(encoding="utf-8")


@once
def csv_table(name: str) -> tuple[tuple[str, ...], np.ndarray]:
    """A numeric CSV from kit_server/data: (column names, float array)."""
    rows = list(csv.reader(io.StringIO(data_text(name))))
    header = tuple(rows[0])
    values = np.array([[float(v) for v in row] for row in rows[1:] if row], dtype=float)
    return header, _frozen(values)[0]


@once
def triage():
    """Synthetic triage table: features and label 1 = 'see a doctor now'."""
    header, values = csv_table("triage.csv")
    return header[:-1], values[:, :-1], values[:, -1].astype(int)

"""Turning a project's examples into a model, honestly measured. Runs in the demo workers only.

Every kind keeps to what a small model trained on a class's examples can do:
- words: character n-grams (so «كيفك», "kifak" and "kifik" share pieces) and a logistic regression;
- drawings: the ink cropped, scaled to 12 × 12 and softened, then a logistic regression;
- numbers: a decision tree of depth 3 at most, which students can read as rules.
Accuracy is measured on examples kept aside (stratified k-fold: each example is predicted by a
model that never saw it), then the model is trained on everything for use.
"""
from __future__ import annotations

import re
from collections import Counter, OrderedDict

import numpy as np

from .examples import digest

SEED = 0
MAX_FOLDS = 5
_FITTED: OrderedDict[str, "Model"] = OrderedDict()  # per worker: the versions used lately
_KEEP = 32

_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})


def normalise(text: str) -> str:
    """Spellings children mix up should not look like different words."""
    return _DIACRITICS.sub("", text).translate(_ALEF).casefold()


def _drawing(pixels: list[int]) -> np.ndarray:
    from scipy import ndimage

    grid = np.asarray(pixels, dtype=float).reshape(16, 16) / 16.0
    rows, cols = np.nonzero(grid)
    top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    side = max(bottom - top, right - left)
    square = np.zeros((side, side))
    r0, c0 = (side - (bottom - top)) // 2, (side - (right - left)) // 2
    square[r0:r0 + bottom - top, c0:c0 + right - left] = grid[top:bottom, left:right]
    small = ndimage.zoom(square, 12 / side, order=1) if side != 12 else square
    small = ndimage.gaussian_filter(np.clip(small[:12, :12], 0, 1), 0.7)
    return small.ravel()


class Model:
    """Features and classifier for one kind, fitted on a list of (label, data)."""

    def __init__(self, kind: str, seed: int = SEED):
        self.kind, self.seed = kind, seed

    def _pipeline(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.tree import DecisionTreeClassifier

        if self.kind == "words":
            from sklearn.pipeline import make_pipeline

            return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True,
                                                 preprocessor=normalise),
                                 LogisticRegression(C=10.0, max_iter=2000))
        if self.kind == "drawings":
            return LogisticRegression(C=1.0, max_iter=2000)
        return DecisionTreeClassifier(max_depth=3, random_state=self.seed)

    def features(self, datas: list[dict]):
        if self.kind == "words":
            return [d["text"] for d in datas]
        if self.kind == "drawings":
            return np.array([_drawing(d["pixels"]) for d in datas])
        return np.array([d["values"] for d in datas], dtype=float)

    def fit(self, labels: list[str], datas: list[dict]) -> "Model":
        self.X, self.y = self.features(datas), np.array(labels)
        self.classifier = self._pipeline().fit(self.X, self.y)
        self._reference()
        return self

    def _reference(self) -> None:
        """What 'unlike anything it saw' means for this model."""
        if self.kind == "words":
            vectorizer = self.classifier.steps[0][1]
            self.seen = vectorizer.transform(self.X)
        elif self.kind == "drawings":
            distances = _pairwise(self.X, self.X)
            np.fill_diagonal(distances, np.inf)
            nearest = distances.min(axis=1)
            self.far = 1.5 * float(np.percentile(nearest[np.isfinite(nearest)], 95)) if len(nearest) > 1 else np.inf
        else:
            low, high = self.X.min(axis=0), self.X.max(axis=0)
            margin = np.maximum((high - low) * 0.25, 1.0)
            self.bounds = (low - margin, high + margin)

    def unlike(self, data: dict) -> bool:
        x = self.features([data])
        if self.kind == "words":
            vector = self.classifier.steps[0][1].transform(x)
            return vector.nnz == 0 or float((self.seen @ vector.T).max()) < 0.2
        if self.kind == "drawings":
            return float(_pairwise(x, self.X).min()) > self.far
        return bool(np.any(x[0] < self.bounds[0]) or np.any(x[0] > self.bounds[1]))

    def predict(self, data: dict) -> dict:
        probabilities = self.classifier.predict_proba(self.features([data]))[0]
        classes = [str(c) for c in self.classifier.classes_]
        best = int(np.argmax(probabilities))
        return {"label": classes[best], "confidence": round(float(probabilities[best]), 3),
                "scores": {c: round(float(p), 3) for c, p in zip(classes, probabilities)},
                "unlike": self.unlike(data)}

    def rules(self, columns: list[str]) -> dict | None:
        """A numbers model as a readable tree: {column, threshold, le, gt} or {label, n}."""
        if self.kind != "numbers":
            return None
        tree, classes = self.classifier.tree_, [str(c) for c in self.classifier.classes_]

        def node(i: int) -> dict:
            if tree.children_left[i] == -1:
                counts = tree.value[i][0]
                return {"label": classes[int(np.argmax(counts))], "n": int(tree.n_node_samples[i])}
            return {"column": columns[tree.feature[i]], "threshold": round(float(tree.threshold[i]), 2),
                    "le": node(tree.children_left[i]), "gt": node(tree.children_right[i])}

        return node(0)


def _pairwise(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sqrt(np.maximum(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2), 0))


def train(kind: str, columns: list[str], examples: list[tuple]) -> dict:
    """Measure on kept-aside examples, then fit on all; examples are (id, label, data)."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    ids, labels, datas = zip(*examples)
    counts = Counter(labels)
    folds = min(MAX_FOLDS, min(counts.values()))
    model = Model(kind)
    X, y = model.features(list(datas)), np.array(labels)
    predicted = cross_val_predict(model._pipeline(), X, y,
                                  cv=StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED))
    confusion = Counter((t, p) for t, p in zip(labels, predicted) if t != p)
    fitted = model.fit(list(labels), list(datas))
    _remember(digest(kind, examples), fitted)
    right = Counter(t for t, p in zip(labels, predicted) if t == p)
    return {
        "accuracy": round(float(np.mean(predicted == y)), 3),
        "examples": len(ids),
        "folds": folds,
        "per_label": {label: {"n": counts[label], "right": right[label]} for label in sorted(counts)},
        "confusion": [{"label": t, "predicted": p, "count": c} for (t, p), c in confusion.most_common()],
        "mistakes": [{"id": i, "label": t, "predicted": str(p)}
                     for i, t, p in zip(ids, labels, predicted) if t != p][:24],
        "rules": fitted.rules(columns),
    }


def predict(kind: str, examples: list[tuple], data: dict) -> dict:
    """The version's answer for a new input (the model is fitted again if this worker lost it)."""
    key = digest(kind, examples)
    model = _FITTED.get(key)
    if model is None:
        _, labels, datas = zip(*examples)
        model = _remember(key, Model(kind).fit(list(labels), list(datas)))
    else:
        _FITTED.move_to_end(key)
    return model.predict(data)


def _remember(key: str, model: Model) -> Model:
    _FITTED[key] = model
    while len(_FITTED) > _KEEP:
        _FITTED.popitem(last=False)
    return model

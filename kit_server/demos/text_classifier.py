"""Lesson 8: teaching a computer to read Arabic. Letter sequences (character n-grams inside
words, `char_wb`) counted per label, then naive Bayes. Works the same on Arabic, Arabizi and
French; an Arabic normalisation toggle shows why spelling variants matter.
"""
from __future__ import annotations

import csv
import io

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.naive_bayes import MultinomialNB

from . import arabic, datasets, render
from .params import TextClassifier as Params

ID = "text_classifier"


@datasets.once
def default_sentences() -> tuple[tuple[str, str], ...]:
    rows = csv.DictReader(io.StringIO(datasets.data_text("sentences.csv")))
    return tuple((r["text"], r["label"]) for r in rows)


def _prepare(text: str, p: Params) -> str:
    return arabic.normalise(text) if p.normalise else text


def compute(p: Params) -> dict:
    pairs = [(s.text, s.label) for s in p.sentences] or list(default_sentences())
    texts = [_prepare(t, p) for t, _ in pairs]
    labels = [lab for _, lab in pairs]
    vec = CountVectorizer(analyzer="char_wb", ngram_range=(1, p.ngram_max), lowercase=True)
    try:
        counts = vec.fit_transform(texts)
    except ValueError:  # only spaces or punctuation-free empties: nothing to learn from
        return {"labels": sorted(set(labels)), "probabilities": None, "prediction": None,
                "top_ngrams": {}, "n_sentences": len(pairs), "n_features": 0}
    model = MultinomialNB(alpha=p.alpha).fit(counts, labels)
    classes = [str(c) for c in model.classes_]
    proba = model.predict_proba(vec.transform([_prepare(p.query, p)]))[0]
    return {
        "labels": classes,
        "probabilities": {c: float(v) for c, v in zip(classes, proba)},
        "prediction": classes[int(np.argmax(proba))],
        "top_ngrams": _top_ngrams(model, vec, counts, labels, p.top_n),
        "n_sentences": len(pairs),
        "n_features": int(counts.shape[1]),
        "query_normalised": _prepare(p.query, p),
    }


def _top_ngrams(model, vec, counts, labels, top_n: int) -> dict[str, list[dict]]:
    """Per label, the letter sequences most typical of it: frequent in this label and rarer in
    the others (log-probability here minus the mean log-probability elsewhere)."""
    names = vec.get_feature_names_out()
    logp = model.feature_log_prob_
    y = np.asarray(labels)
    out = {}
    total, n = logp.sum(axis=0), len(logp)
    for i, c in enumerate(model.classes_):
        score = logp[i] - ((total - logp[i]) / (n - 1) if n > 1 else 0.0)
        in_class = np.asarray(counts[y == c].sum(axis=0)).ravel()
        score = np.where(in_class > 0, score, -np.inf)
        best = [j for j in np.argsort(-score)[:top_n] if np.isfinite(score[j])]
        out[str(c)] = [{"ngram": str(names[j]), "count": int(in_class[j])} for j in best]
    return out


def figure(p: Params, result: dict):
    fig = render.new_figure(4.8, 2.8, left=0.3)
    ax = fig.add_subplot(1, 1, 1)
    probs = result["probabilities"] or {}
    labels = list(probs)
    ax.barh(range(len(labels)), [probs[k] for k in labels],
            color=[render.colour(i) for i in range(len(labels))])
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels([render.safe_label(k, i) for i, k in enumerate(labels)])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    return fig

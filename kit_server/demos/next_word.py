"""Lesson 9: how chatbots guess the next word. A word Markov model: count which words followed
each run of 1-3 words in a text, then turn the counts into probabilities (sharpened or flattened
by the temperature) and sample. If the prompt's last words never appeared, it backs off to a
shorter context, and says so.

Text: a short story written for the kit (Arabic, French or English), or the class's own text.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

import numpy as np

from . import arabic, datasets, render
from .params import NextWord as Params

ID = "next_word"
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[.!?؟]")
_END = {".", "!", "?", "؟"}


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(arabic.strip_marks(text).lower())


@datasets.once
def _example_tokens(language: str) -> tuple[str, ...]:
    return tuple(tokens(datasets.data_text(f"next_word_{language}.txt")))


def build(words: list[str] | tuple[str, ...], n: int) -> dict[tuple[str, ...], Counter]:
    """Counts of the next word after every context of length 0..n (length 0 = plain frequency)."""
    table: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for i, w in enumerate(words):
        for k in range(0, n + 1):
            if i - k >= 0:
                table[tuple(words[i - k:i])][w] += 1
    return table


def next_distribution(table, history: list[str], n: int, temperature: float):
    """(context used, words, probabilities): the longest seen context wins (back-off)."""
    for k in range(min(n, len(history)), -1, -1):
        ctx = tuple(history[len(history) - k:])
        counts = table.get(ctx)
        if counts:
            words = sorted(counts, key=lambda w: (-counts[w], w))
            c = np.array([counts[w] for w in words], dtype=float)
            return list(ctx), words, _sharpen(c, temperature)
    return [], [], np.array([])


def _sharpen(counts: np.ndarray, temperature: float) -> np.ndarray:
    """p ~ count^(1/T): T=1 keeps the text's own frequencies, T<1 favours the likeliest word,
    T>1 gives rare words more chance; T=0 means always the likeliest."""
    if temperature <= 0.01:
        p = (counts == counts.max()).astype(float)
    else:
        logits = np.log(counts) / temperature
        p = np.exp(logits - logits.max())
    return p / p.sum()


def generate(table, history: list[str], p: Params) -> list[str]:
    rng = np.random.default_rng(p.seed)
    out, hist = [], list(history)
    for _ in range(p.n_words):
        _, words, probs = next_distribution(table, hist, p.context, p.temperature)
        if not words:
            break
        w = words[int(rng.choice(len(words), p=probs))]
        out.append(w)
        hist.append(w)
    return out


def compute(p: Params) -> dict:
    words = tokens(p.text) if p.text.strip() else list(_example_tokens(p.language))
    table = build(words, p.context)
    history = tokens(p.prompt)
    used, nxt, probs = next_distribution(table, history, p.context, p.temperature)
    top = [{"word": w, "probability": float(q)} for w, q in zip(nxt, probs)][:p.top_n]
    return {
        "source": "class" if p.text.strip() else "example",
        "n_tokens": len(words), "prompt_tokens": history,
        "context_used": used, "backed_off": len(used) < min(p.context, len(history)),
        "next_words": top,
        "generated": generate(table, history, p),
    }


def figure(p: Params, result: dict):
    fig = render.new_figure(4.8, 2.8, left=0.3)
    ax = fig.add_subplot(1, 1, 1)
    top = result["next_words"]
    ax.barh(range(len(top)), [t["probability"] for t in top], color=render.colour(0))
    ax.set_yticks(range(len(top)))
    ax.set_yticklabels([render.safe_label(t["word"], i) for i, t in enumerate(top)])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    return fig

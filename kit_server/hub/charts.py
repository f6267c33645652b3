"""The hub's charts: bars as inline SVG drawn by matplotlib (Figure, never pyplot), numbers and
colours only — every word is in the HTML around them, which lays them out left to right in every
language (`dir="ltr"`). Drawn with a fixed layout and text left as text, so a chart costs one
drawing pass, not two; the same numbers give the same chart from a cache."""
from __future__ import annotations

import io
import re
from functools import lru_cache

from matplotlib import rc_context
from matplotlib.figure import Figure

COLOURS = {"female": "#b5446e", "male": "#2f6690", "not_stated": "#8a8a8a", "total": "#0f6e66"}


@lru_cache(maxsize=512)
def bars(groups: tuple[str, ...], series: tuple[tuple[str, tuple[float, ...]], ...]) -> str:
    fig = Figure(figsize=(max(4.0, 0.55 * len(groups) + 2), 2.6))
    fig.subplots_adjust(left=0.1, right=0.98, top=0.95, bottom=0.14)
    ax = fig.add_subplot()
    width = 0.8 / max(1, len(series))
    for k, (name, values) in enumerate(series):
        ax.bar([i + k * width for i in range(len(groups))], values, width, color=COLOURS.get(name, "#0f6e66"))
    ax.set_xticks([i + width * (len(series) - 1) / 2 for i in range(len(groups))], list(groups), fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    buffer = io.StringIO()
    with rc_context({"svg.hashsalt": "kit-hub", "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", buffer.getvalue(), flags=re.S)
    return text[text.index("<svg"):]

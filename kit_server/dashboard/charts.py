"""Small charts for teachers, drawn with matplotlib's Figure (never pyplot) as inline SVG.

Only numbers and dates go inside a chart; titles and legends stay in the HTML around it, where
Arabic is shaped by the browser. matplotlib is imported when the first chart is drawn, not when
the kit starts: a student's first page must not pay for it."""
from __future__ import annotations

import io
import threading
from collections import Counter, OrderedDict
from datetime import date, timedelta


COLOUR = "#0f6e66"
_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()


def cached(key, draw):
    """Charts change only when a student finishes something: draw once per state of the data."""
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    svg = draw()
    with _lock:
        _cache[key] = svg
        while len(_cache) > 256:
            _cache.popitem(last=False)
    return svg


def _figure():
    from matplotlib.figure import Figure

    return Figure(figsize=(6, 2.6), dpi=96)


def _svg(fig) -> str:
    import matplotlib

    buffer = io.StringIO()
    # Text as <text> (numbers only) rather than drawn glyph paths: a far smaller page.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def completion_over_time(dates: list[date]) -> str | None:
    """Cumulative lessons completed, day by day."""
    if not dates:
        return None
    per_day = sorted(Counter(dates).items())
    days, counts, total = [], [], 0
    for day, count in per_day:
        total += count
        days.append(day)
        counts.append(total)
    fig = _figure()
    ax = fig.add_subplot()
    ax.step(days, counts, where="post", color=COLOUR, linewidth=2)
    ax.fill_between(days, counts, step="post", color=COLOUR, alpha=0.15)
    ax.set_ylim(bottom=0)
    ax.tick_params(labelsize=8)
    if days[0] == days[-1]:  # one day only: give the axis some width, or no date ticks fit
        ax.set_xlim(days[0] - timedelta(days=1), days[0] + timedelta(days=1))
    ax.tick_params(axis="x", labelrotation=30)
    fig.subplots_adjust(left=0.08, right=0.98, top=0.95, bottom=0.15)
    return _svg(fig)



def score_distribution(scores: list[int]) -> str | None:
    """How many lessons ended in each score band (0–9, 10–19, … 90–100)."""
    if not scores:
        return None
    bands = Counter(min(score // 10, 9) for score in scores)
    fig = _figure()
    ax = fig.add_subplot()
    ax.bar([b * 10 + 5 for b in range(10)], [bands.get(b, 0) for b in range(10)], width=9, color=COLOUR)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlim(0, 100)
    ax.tick_params(labelsize=8)
    fig.subplots_adjust(left=0.08, right=0.98, top=0.95, bottom=0.12)
    return _svg(fig)

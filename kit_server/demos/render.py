"""Figure helpers: small, self-contained, ASCII-only SVG from a matplotlib Figure (never pyplot).

Why the rc settings: `svg.fonttype='none'` writes text as <text> instead of embedding glyph
outlines (much smaller; the browser's system font draws it); `axes.unicode_minus=False` keeps
tick labels ASCII; a fixed `svg.hashsalt` makes the same figure give the same SVG. rcParams are
process-global, so rendering holds a lock: two threads must not swap settings under each other.
"""
from __future__ import annotations

import contextlib
import contextvars
import io
import re
import threading

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import AutoLocator, MaxNLocator

# Okabe-Ito colours: readable for colour-blind students and on a washed-out classroom projector.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
LIGHT = ["#B3D4EA", "#F7DDB0", "#B0E0D2", "#EFD6E5", "#CCE8F8", "#F2C9AF", "#FAF5BE", "#BBBBBB"]

_RC = {
    "svg.fonttype": "none",
    "axes.unicode_minus": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 12,
}
# Drawn at the page's width (1 SVG unit = 1 CSS px), no text is smaller than this on screen.
MIN_TEXT_PX = 12
PHONE_PX = 560  # narrower than this, panels stack one per row
_WIDTH_PX: contextvars.ContextVar[int] = contextvars.ContextVar("kit_figure_width", default=640)
# Room around the axes, in inches (1 in = 72 px at the drawn width): tick labels and an axis
# name at 12 px on the left and below, a title above.
_LEFT, _RIGHT, _BOTTOM, _TOP, _GAP = 0.8, 0.3, 0.75, 0.4, 0.8
_MIN_AXES_H = 1.6
_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_RENDER_LOCK = threading.RLock()


@contextlib.contextmanager
def drawing_for(width_px: int):
    """Figures made inside are drawn for a page column width_px CSS px wide, with the kit's fonts
    from the start (text objects take their size when made). rcParams are process-global, so
    this holds the render lock: two threads must not swap settings under each other."""
    token = _WIDTH_PX.set(int(width_px))
    try:
        with _RENDER_LOCK, matplotlib.rc_context(_RC):
            yield
    finally:
        _WIDTH_PX.reset(token)


def new_figure(width: float = 6.4, height: float = 3.2, panels: int = 1, **margins: float) -> Figure:
    """A figure for the page's width, shaped like a width x height (inches) design with `panels`
    plots side by side; on a phone those panels stack, one per row, each filling the width.

    Margins (fractions of the design, as SubplotParams takes them) are kept in inches, so tick
    labels fit whatever the drawn size. Fixed margins, not a layout engine: automatic layout
    would cost more than half of every render (it draws the figure twice).
    """
    w = _WIDTH_PX.get() / 72
    stack = panels > 1 and _WIDTH_PX.get() < PHONE_PX
    left = max(margins.get("left", 0) * width, _LEFT)
    right = (1 - margins["right"]) * width if "right" in margins else _RIGHT
    top = (1 - margins["top"]) * height if "top" in margins else _TOP
    bottom = margins["bottom"] * height if "bottom" in margins else _BOTTOM
    gap = _GAP
    aspect = (height - 0.3 - 0.7) / max(0.5, (width - 0.72) / panels)  # the design's axes
    across = 1 if stack else panels
    axes_w = (w - left - right - (across - 1) * gap) / across
    axes_h = min(max(axes_w * aspect, _MIN_AXES_H), 0.9 * axes_w if stack else 99)
    rows = panels if stack else 1
    row_gap = top + bottom - 0.1
    h = top + bottom + rows * axes_h + (rows - 1) * row_gap
    fig = Figure(figsize=(w, h))
    # subplots_adjust, not Figure(subplotpars=...): matplotlib 3.11 ignores the latter.
    fig.subplots_adjust(left=left / w, right=1 - right / w, bottom=bottom / h, top=1 - top / h,
                        wspace=gap / axes_w, hspace=row_gap / axes_h)
    fig.kit_panels, fig.kit_stacked = panels, stack
    return fig


def panel(fig: Figure, i: int):
    """The i-th plot of a figure made with new_figure(..., panels=n): side by side on a wide
    page, one per row on a phone."""
    n = getattr(fig, "kit_panels", 1)
    return fig.add_subplot(n, 1, i + 1) if getattr(fig, "kit_stacked", False) \
        else fig.add_subplot(1, n, i + 1)


def to_svg(fig: Figure, salt: str = "kit") -> str:
    """Render to an inline-ready SVG string (starts with '<svg', no XML prolog or DOCTYPE)."""
    _fewer_ticks(fig)
    _readable_text(fig)
    buf = io.StringIO()
    with _RENDER_LOCK, matplotlib.rc_context({**_RC, "svg.hashsalt": salt}):
        fig.savefig(buf, format="svg", metadata=_METADATA)
    return _compact(buf.getvalue())


def _fewer_ticks(fig: Figure) -> None:
    """At most ~4 automatic ticks per axis: tick objects are most of matplotlib's drawing time,
    and a phone screen has no room for more labels anyway. Fixed ticks set by a demo stay."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_locator(), AutoLocator):
                axis.set_major_locator(MaxNLocator(nbins=4))


def _readable_text(fig: Figure) -> None:
    """No text below MIN_TEXT_PX once the figure is shown at the width it was drawn for
    (the figure's inches are the page's px / 72, so a size in points is a size in px)."""
    for text in fig.findobj(Text):
        if text.get_text() and text.get_fontsize() < MIN_TEXT_PX:
            text.set_fontsize(MIN_TEXT_PX)


_TAG = re.compile(r"<[^>]*>")
_LONG_DECIMAL = re.compile(r"(\d\.\d)\d+")
_INDENT = re.compile(r"\n\s+")


def _compact(text: str) -> str:
    """Drop the XML prolog and DOCTYPE, round coordinates to 1/10 px, strip indentation.

    Classroom Wi-Fi is slow and 30 phones fetch the same picture: a third off every SVG matters.
    Only numbers inside tags (coordinates, path data) are rounded; text a student reads, such
    as a 0.25 tick label, is left exactly as drawn.
    """
    text = text[text.index("<svg"):]
    text = _TAG.sub(lambda tag: _LONG_DECIMAL.sub(r"\1", tag.group(0)), text)
    return _INDENT.sub("\n", text)


def points(ax, x, y, i: int, size: float = 4.0, edge: bool = False, alpha: float = 1.0,
           marker: str = "o") -> None:
    """Scatter points as one marker line: the SVG reuses one symbol instead of a style per point."""
    ax.plot(x, y, linestyle="none", marker=marker, markersize=size, color=colour(i), alpha=alpha,
            markeredgecolor="black" if edge else colour(i), markeredgewidth=0.6 if edge else 0)


def safe_label(label: object, index: int) -> str:
    """Caller labels go into the figure only if plain ASCII; otherwise a neutral '#n'.

    Arabic drawn by matplotlib would come out with reversed, unjoined letters, so anything
    non-ASCII is shown as its number and the HTML around the chart carries the real words.
    """
    text = str(label)
    if text and text.isascii() and text.isprintable() and len(text) <= 20:
        return text.replace("$", r"\$")  # a '$' would switch matplotlib into math mode
    return f"#{index + 1}"


def no_ticks(ax) -> None:
    """For pictures whose coordinates mean nothing to a student (moons, blobs, projections):
    fewer things to read, and ticks are the slowest part of drawing."""
    ax.set_xticks([])
    ax.set_yticks([])


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def grid(xlim, ylim, steps: int = 70):
    """A steps x steps grid of points covering the box; returns (xs, ys, points[N, 2])."""
    xs = np.linspace(xlim[0], xlim[1], steps)
    ys = np.linspace(ylim[0], ylim[1], steps)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def draw_regions(ax, labels_grid: np.ndarray, xlim, ylim) -> None:
    """Paint class regions as one small embedded image (far smaller than contour paths)."""
    from matplotlib.colors import ListedColormap

    cmap = ListedColormap(LIGHT)
    ax.imshow(labels_grid, origin="lower", extent=(*xlim, *ylim), cmap=cmap, vmin=0,
              vmax=len(LIGHT) - 1, interpolation="nearest", aspect="auto")


def padded_limits(values: np.ndarray, pad: float = 0.1) -> list[float]:
    lo, hi = float(np.min(values)), float(np.max(values))
    span = hi - lo if hi - lo > 1e-6 * max(1.0, abs(lo)) else 1.0  # a single spot: show around it
    return [lo - pad * span, hi + pad * span]


MAIN_AXES_GID = "kit-main"


def mark_interactive(ax) -> None:
    """Mark the axes the student clicks or drags on; run_demo reports where it sits."""
    ax.set_gid(MAIN_AXES_GID)


def interactive_box(fig: Figure) -> dict | None:
    """Where the marked axes sit in the SVG (fractions from the top-left) and its data limits.

    The page needs this to turn a click or drag on the picture into data coordinates.
    """
    for ax in fig.axes:
        if ax.get_gid() == MAIN_AXES_GID:
            pos = ax.get_position()
            return {
                "left": round(float(pos.x0), 4), "top": round(float(1 - pos.y1), 4),
                "right": round(float(pos.x1), 4), "bottom": round(float(1 - pos.y0), 4),
                "xlim": [round(float(v), 4) for v in ax.get_xlim()],
                "ylim": [round(float(v), 4) for v in ax.get_ylim()],
            }
    return None

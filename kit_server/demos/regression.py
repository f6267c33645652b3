"""Lesson 7: predicting numbers. A polynomial (degree 1 = a straight line) fitted to the class's
height vs arm-span table; students drag points, add an outlier and change the degree, and see
the line, the residuals (how far each point is from the line) and the mean error.
"""
from __future__ import annotations

import numpy as np
from numpy.polynomial import Legendre, Polynomial
from numpy.polynomial.legendre import legvander

from . import datasets, render
from .params import Regression as Params

ID = "regression"


def table(p: Params) -> tuple[np.ndarray, np.ndarray]:
    if p.points is not None:
        return (np.array([q.x for q in p.points], dtype=float),
                np.array([q.y for q in p.points], dtype=float))
    _, values = datasets.csv_table("height_armspan.csv")
    return values[:, 0].copy(), values[:, 1].copy()


def fit(x: np.ndarray, y: np.ndarray, degree: int) -> tuple[Legendre, int]:
    """Least-squares polynomial, capped below the number of distinct x values (to 0.01 cm):
    a higher degree has no single answer. Legendre terms on x mapped to [-1, 1] keep the sums
    well conditioned, and lstsq copes quietly with nearly repeated points (polyfit would warn)."""
    used = max(0, min(degree, len(np.unique(np.round(x, 2))) - 1))
    lo, hi = float(x.min()), float(x.max())
    if used == 0 or hi - lo < 1e-6:
        return Legendre([float(np.mean(y))]), 0
    t = (2 * x - (lo + hi)) / (hi - lo)
    coef = np.linalg.lstsq(legvander(t, used), y, rcond=None)[0]
    return Legendre(coef, domain=[lo, hi]), used


def _summary(poly: Legendre, x: np.ndarray, y: np.ndarray) -> dict:
    pred = poly(x)
    resid = y - pred
    return {"mean_abs_error": float(np.mean(np.abs(resid))),
            "rmse": float(np.sqrt(np.mean(resid ** 2))),
            "predictions": pred.tolist(), "residuals": resid.tolist()}


def compute(p: Params) -> dict:
    x, y = table(p)
    x_all = np.append(x, p.outlier.x) if p.outlier else x
    y_all = np.append(y, p.outlier.y) if p.outlier else y
    poly, used = fit(x_all, y_all, p.degree)
    lo, hi = float(x_all.min()), float(x_all.max())
    curve_x = np.linspace(lo, hi, 60) if hi > lo else np.array([lo])
    out = {
        "degree_used": used, "n_points": int(len(x_all)),
        **_summary(poly, x_all, y_all),
        # plain powers of x (lowest first), in cm: "arm span = a + b x" for a straight line
        "coefficients": poly.convert(kind=Polynomial).coef.tolist(),
        "curve": {"x": curve_x.tolist(), "y": poly(curve_x).tolist()},
        "prediction": float(poly(p.predict_at)) if p.predict_at is not None else None,
        "without_outlier": None,
        # The table itself, so the page can let students drag a point and refit.
        "points": [[float(a), float(b)] for a, b in zip(x, y)],
    }
    if p.outlier:
        base, _ = fit(x, y, p.degree)
        out["without_outlier"] = {**_summary(base, x, y), "curve_y": base(curve_x).tolist()}
    return out


def figure(p: Params, result: dict):
    x, y = table(p)
    fig = render.new_figure(5.0, 3.6, left=0.14)
    ax = fig.add_subplot(1, 1, 1)
    pred = result["predictions"]
    _residual_lines(ax, np.append(x, p.outlier.x) if p.outlier else x,
                    np.append(y, p.outlier.y) if p.outlier else y, pred)
    render.points(ax, x, y, 0, size=5, edge=True)
    cx, cy = result["curve"]["x"], result["curve"]["y"]
    ax.plot(cx, cy, color=render.colour(1), lw=2)
    if p.outlier:
        render.points(ax, [p.outlier.x], [p.outlier.y], 5, size=8, edge=True, marker="D")
        ax.plot(cx, result["without_outlier"]["curve_y"], color=render.colour(1), lw=1, ls="--")
    if result["prediction"] is not None:
        render.points(ax, [p.predict_at], [result["prediction"]], 2, size=9, edge=True, marker="*")
    xs = np.append(x, [p.outlier.x] if p.outlier else [])
    ys = np.concatenate([y, [p.outlier.y] if p.outlier else [], cy])
    ax.set_xlim(render.padded_limits(xs, 0.08))
    ax.set_ylim(render.padded_limits(ys, 0.08))
    ax.set_xlabel("cm")
    ax.set_ylabel("cm")
    render.mark_interactive(ax)
    return fig


def _residual_lines(ax, x, y, pred) -> None:
    """All residuals as one broken line (NaN gaps): one SVG path instead of one per point."""
    n = len(x)
    xs = np.column_stack([x, x, np.full(n, np.nan)]).ravel()
    ys = np.column_stack([y, pred, np.full(n, np.nan)]).ravel()
    ax.plot(xs, ys, color="grey", lw=0.8)

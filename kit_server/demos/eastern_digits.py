"""Example Eastern Arabic digits (٠١٢٣٤٥٦٧٨٩) as 8x8 images in load_digits' format (0-16).

Lesson 5 shows that a model trained on Western digits fails on Eastern Arabic ones until the
class adds its own drawings. Before a class has drawn any, the class-data demo uses these
synthetic examples: each digit is a few pen strokes (drawn for the kit, in a unit square with y
pointing down), jittered per sample and rasterised like a child's drawing on the 8x8 canvas.
"""
from __future__ import annotations

import numpy as np


def _circle(cx: float, cy: float, r: float, n: int = 14) -> list[tuple[float, float]]:
    t = np.linspace(0, 2 * np.pi, n)
    return list(zip(cx + r * np.cos(t), cy + r * np.sin(t)))


STROKES: dict[int, list[list[tuple[float, float]]]] = {
    0: [_circle(0.5, 0.5, 0.1, 8)],                                        # ٠ a small dot
    1: [[(0.52, 0.1), (0.48, 0.9)]],                                       # ١
    2: [[(0.45, 0.9), (0.42, 0.3), (0.52, 0.27), (0.62, 0.3), (0.74, 0.12)]],  # ٢
    3: [[(0.4, 0.9), (0.38, 0.3), (0.48, 0.3), (0.56, 0.16), (0.62, 0.3), (0.7, 0.3),
         (0.78, 0.12)]],                                                   # ٣
    4: [[(0.68, 0.14), (0.4, 0.24), (0.58, 0.45), (0.34, 0.6), (0.42, 0.86), (0.72, 0.86)]],  # ٤
    5: [_circle(0.5, 0.56, 0.28)],                                         # ٥
    6: [[(0.28, 0.16), (0.58, 0.24), (0.62, 0.9)]],                        # ٦
    7: [[(0.24, 0.14), (0.5, 0.88), (0.76, 0.14)]],                        # ٧
    8: [[(0.24, 0.88), (0.5, 0.14), (0.76, 0.88)]],                        # ٨
    9: [_circle(0.44, 0.32, 0.16), [(0.6, 0.32), (0.58, 0.9)]],            # ٩
}
_FINE = 32  # draw at 32x32, then sum 4x4 blocks down to 8x8


def _rasterise(strokes, rng: np.random.Generator) -> np.ndarray:
    angle = rng.uniform(-0.2, 0.2)
    scale = rng.uniform(0.8, 1.05)
    shift = rng.uniform(-0.07, 0.07, 2)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    pen = rng.uniform(1.6, 2.6)
    canvas = np.zeros((_FINE, _FINE))
    yy, xx = np.mgrid[0:_FINE, 0:_FINE] + 0.5
    for stroke in strokes:
        pts = (np.asarray(stroke) - 0.5) @ rot.T * scale + 0.5 + shift
        for a, b in zip(pts[:-1], pts[1:]):
            for t in np.linspace(0, 1, 12):
                px, py = (a + t * (b - a)) * _FINE
                canvas[(xx - px) ** 2 + (yy - py) ** 2 <= pen ** 2] = 1.0
    blocks = canvas.reshape(8, 4, 8, 4).sum(axis=(1, 3))  # 0..16, like load_digits
    return np.clip(np.round(blocks), 0, 16).astype(int).ravel()


def samples(n_per_digit: int = 20, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n_per_digit jittered drawings of each digit 0-9: (X [n, 64] ints 0-16, y [n])."""
    rng = np.random.default_rng(seed)
    X = [_rasterise(STROKES[d], rng) for d in range(10) for _ in range(n_per_digit)]
    y = [d for d in range(10) for _ in range(n_per_digit)]
    return np.array(X), np.array(y)

"""Small, fixed example sets for each kind of project (what a class would collect in a lesson)."""
from __future__ import annotations

import random

GREETINGS = ["كيفك", "kifak", "kifik", "مرحبا", "marhaba", "bonjour", "salut", "hello", "hi there", "أهلا",
             "ahla w sahla", "كيف حالك", "sabah el kheir", "صباح الخير"]
THANKS = ["شكرا", "shukran", "merci", "merci beaucoup", "thanks", "thank you", "يسلمو", "yislamo",
          "متشكر", "mersi ktir", "thx", "شكرا كتير", "merci bien", "ألف شكر"]


def words_examples() -> list[tuple]:
    return [(i, "greeting", {"text": t}) for i, t in enumerate(GREETINGS)] + \
           [(100 + i, "thanks", {"text": t}) for i, t in enumerate(THANKS)]


def line_drawing(shape: str, rng: random.Random) -> list[int]:
    """A 16 × 16 drawing: a horizontal line, a vertical line or a ring, a little wobbly."""
    grid = [0] * 256
    offset = rng.randint(3, 12)
    for step in range(2, 14):
        wobble = rng.choice((-1, 0, 0, 1))
        if shape == "flat":
            r, c = offset + wobble, step
        elif shape == "tall":
            r, c = step, offset + wobble
        else:  # ring
            import math

            angle = step / 12 * 2 * math.pi
            r, c = int(8 + 5 * math.sin(angle)) + wobble, int(8 + 5 * math.cos(angle))
        r, c = min(15, max(0, r)), min(15, max(0, c))
        grid[r * 16 + c] = 16
    return grid


def drawing_examples(per_label: int = 10, seed: int = 3) -> list[tuple]:
    rng = random.Random(seed)
    return [(f"{shape}{i}", shape, {"pixels": line_drawing(shape, rng)})
            for shape in ("flat", "tall", "ring") for i in range(per_label)]


def number_examples() -> list[tuple]:
    """Hours of sleep and minutes of sport → tired / fine."""
    rows = [((5, 10), "tired"), ((6, 0), "tired"), ((4.5, 30), "tired"), ((5.5, 20), "tired"), ((6, 15), "tired"),
            ((8, 30), "fine"), ((9, 45), "fine"), ((8.5, 10), "fine"), ((7.5, 60), "fine"), ((9, 20), "fine")]
    return [(i, label, {"values": list(values)}) for i, (values, label) in enumerate(rows)]

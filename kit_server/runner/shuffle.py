"""Option order for choice items: shuffled per student and item, the same on every reload and device.

The order is drawn from an HMAC of the app's secret over (who, item): the server alone can
compute it, so a student cannot predict another's order, and it needs no storage. Answers are
always option ids, never positions, so tallies, grading and item analysis ignore the order.
"""
from __future__ import annotations

import hashlib
import hmac
import random
import secrets

SHUFFLED_TYPES = ("single", "multiple", "ordering")


def _rng(secret, *parts) -> random.Random:
    key = secret.encode() if isinstance(secret, str) else bytes(secret)
    message = "\x1f".join(str(p) for p in parts).encode()
    return random.Random(int.from_bytes(hmac.new(key, message, hashlib.sha256).digest(), "big"))


def shuffle(options, secret, who, item_key: str, *, avoid_authored: bool = False) -> list:
    """options in the order `who` sees them for this item.

    avoid_authored: ordering items must not start in the right order (it would give the answer
    away); choice items shuffle freely, so every option is equally likely at every position.
    """
    authored = list(options)
    order = list(authored)
    rng = _rng(secret, who, item_key)
    rng.shuffle(order)
    while avoid_authored and len(order) > 1 and order == authored:
        rng.shuffle(order)
    return order


def item_order(item, secret, who, item_key: str) -> list:
    """The options of a quiz item as `who` sees them; numeric items have none."""
    if item.type not in SHUFFLED_TYPES:
        return list(item.options)
    return shuffle(item.options, secret, who, item_key, avoid_authored=item.type == "ordering")


def printout_seed() -> str:
    """A fresh code for one printout: its options are shuffled once, and its key names the code."""
    return f"{secrets.randbelow(900000) + 100000}"  # digits: readable in every language

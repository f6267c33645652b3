"""Printed items: options shuffled once per printout, lettered, with the key kept apart.

A paper test handed to a class with no devices must not have the right answer first either;
each printout draws its own order (named by a short code) and its key names the same code,
so a key never matches another printout by accident.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..runner.shuffle import item_order, printout_seed

LETTERS = {"ar": "أبجدهوزحطي"}  # Arabic tests letter their options in abjad order
LATIN = "ABCDEFGHIJ"


@dataclass(frozen=True)
class Printout:
    code: str
    lang: str = "en"

    @classmethod
    def new(cls, lang: str = "en") -> "Printout":
        return cls(printout_seed(), lang)

    def choices(self, item, item_key: str) -> list[tuple[str, object]]:
        """(letter, option) in this printout's order."""
        return list(zip(LETTERS.get(self.lang, LATIN), item_order(item, self.code, "print", item_key)))

    def key(self, item, item_key: str) -> str:
        """The right answer as letters: "B", "A, D", or "C → A → B" for an ordering item."""
        if item.type == "numeric":
            return f"{item.answer:g} (± {item.tolerance:g})" if item.tolerance else f"{item.answer:g}"
        letter = {option.id: letter for letter, option in self.choices(item, item_key)}
        if item.type == "ordering":
            return " → ".join(letter[o] for o in item.answer)
        right = {item.answer} if isinstance(item.answer, str) else set(item.answer)
        separator = "، " if self.lang == "ar" else ", "
        return separator.join(letter for letter, option in self.choices(item, item_key) if option.id in right)

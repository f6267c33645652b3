"""Arabic spelling normalisation shared by the text demos.

Children (and keyboards) write the same word many ways: with or without short-vowel marks
(tashkeel), with a stretching tatweel, with different alef forms, ى or ي, ة or ه. Normalising
first lets a model see those spellings as one word.
"""
from __future__ import annotations

import re

# Tashkeel and Quranic annotation marks, superscript alef, tatweel.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def normalise(text: str) -> str:
    return _MARKS.sub("", text).translate(_LETTERS)


def strip_marks(text: str) -> str:
    """Only remove diacritics and tatweel: for text shown back to students, where unified letters
    (ه for ة) would look misspelt."""
    return _MARKS.sub("", text)

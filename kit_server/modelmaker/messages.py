"""Every refusal of the model maker as a sentence in the student's language."""
from flask_babel import gettext as _

from . import examples


def message(code: str) -> str:
    texts = {
        "name": lambda: _("Give the project a name (up to %(n)s letters).", n=examples.MAX_NAME_CHARS),
        "markup": lambda: _("Names and labels cannot contain the signs < or >."),
        "kind": lambda: _("Choose what the model will learn from: words, drawings or numbers."),
        "label_count": lambda: _("A project needs from %(low)s to %(high)s labels.", low=examples.MIN_LABELS,
                                 high=examples.MAX_LABELS),
        "label": lambda: _("Each label needs 1 to %(n)s letters.", n=examples.MAX_LABEL_CHARS),
        "label_twice": lambda: _("Two labels are the same. Give each label its own name."),
        "column_count": lambda: _("A numbers project needs from 1 to %(n)s columns.", n=examples.MAX_COLUMNS),
        "column": lambda: _("Each column needs a name of 1 to %(n)s letters.", n=examples.MAX_LABEL_CHARS),
        "data": lambda: _("This example could not be read. Try again."),
        "text_empty": lambda: _("Write a few words first."),
        "text_long": lambda: _("An example can have up to %(n)s letters.", n=examples.MAX_TEXT_CHARS),
        "pixels": lambda: _("This drawing could not be read. Draw it again."),
        "drawing_empty": lambda: _("The drawing is empty. Draw something first."),
        "values": lambda: _("Fill in every column with a number."),
        "locked": lambda: _("Your teacher has locked this project: no more changes for now."),
        "project_full": lambda: _("This project has as many examples as the school allows."),
        "student_full": lambda: _("You have added as many examples as the school allows."),
        "too_few": lambda: _("Add at least %(n)s examples of every label before training.",
                             n=examples.MIN_PER_LABEL),
        "busy": lambda: _("The kit is busy. Wait a moment and press the button again."),
        "card": lambda: _("Each part of the model card can have up to 400 letters."),
        "quota": lambda: _("Quotas are whole numbers from 10 to 100,000 examples and from 10 to 100,000 KB."),
    }
    return texts.get(code, texts["data"])()

"""Forms teachers fill in about their classes."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from ..i18n import LANGUAGE_NAMES
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp


def _locale_choices():
    # Each language is named in itself, and marked so (screen readers, and the untranslated-text check).
    return [SelectChoice(code, name, render_kw={"lang": code}) for code, name in LANGUAGE_NAMES.items()]


class ClassForm(FlaskForm):
    name = StringField(_l("Class name"), validators=[DataRequired(_l("Please give the class a name.")),
                                                     Length(max=120)])
    grade = IntegerField(_l("Grade"), validators=[Optional(), NumberRange(1, 12, _l("Grade must be 1 to 12."))])
    school_year = StringField(_l("School year"), validators=[
        DataRequired(_l("Please enter the school year.")),
        Regexp(r"^\d{4}-\d{4}$", message=_l("Write the school year like 2026-2027."))])
    locale = SelectField(_l("Language of the class"), choices=_locale_choices())


class StudentForm(FlaskForm):
    display_name = StringField(_l("Student's name"), validators=[
        DataRequired(_l("Please write the student's name.")), Length(max=120)])
    secret_kind = SelectField(_l("Sign-in with"), choices=[SelectChoice("pin", _l("PIN")), SelectChoice("picture", _l("Picture password"))])


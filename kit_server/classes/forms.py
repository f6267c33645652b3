"""Forms teachers fill in about their classes and students."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..auth.secrets import normalise_digits
from ..i18n import LANGUAGE_NAMES
from .csv_import import plausible_birth_year


def _locale_choices():
    # Each language is named in itself, and marked so (screen readers, and the untranslated-text check).
    return [SelectChoice(code, name, render_kw={"lang": code}) for code, name in LANGUAGE_NAMES.items()]


def _sex_choices():
    return [SelectChoice("not_stated", _l("Not stated")), SelectChoice("female", _l("Female")),
            SelectChoice("male", _l("Male"))]


def _kind_choices():
    return [SelectChoice("pin", _l("PIN")), SelectChoice("picture", _l("Picture password"))]


class WholeNumberField(IntegerField):
    """An IntegerField whose "not a number" error is our own short sentence (WTForms' own Arabic
    says "real number"), and which accepts Eastern Arabic digits like every number box in the kit."""

    def __init__(self, *args, invalid_message, **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            valuelist = [normalise_digits(valuelist[0])]
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(self.invalid_message)) from None


def school_child_birth_year(_form, field):
    """A plausible year for a school child, counted from today (so the form never goes stale)."""
    if field.data is not None and not plausible_birth_year(field.data, date.today().year):
        raise ValidationError(_l("Write a birth year like 2013."))


class ClassForm(FlaskForm):
    name = StringField(_l("Class name"), validators=[DataRequired(_l("Please give the class a name.")),
                                                     Length(max=120)])
    grade = WholeNumberField(_l("Grade"), invalid_message=_l("Grade must be 1 to 12."),
                             validators=[Optional(), NumberRange(1, 12, _l("Grade must be 1 to 12."))])
    school_year = StringField(_l("School year"), validators=[
        DataRequired(_l("Please enter the school year.")),
        Regexp(r"^\d{4}-\d{4}$", message=_l("Write the school year like 2026-2027."))])
    locale = SelectField(_l("Language of the class"), choices=_locale_choices())


class StudentDetailsForm(FlaskForm):
    display_name = StringField(_l("Student's name"), validators=[
        DataRequired(_l("Please write the student's name.")), Length(max=120)])
    sex = SelectField(_l("Sex (optional)"), choices=_sex_choices(), default="not_stated")
    birth_year = WholeNumberField(_l("Birth year (optional)"), invalid_message=_l("Write a birth year like 2013."),
                                  validators=[Optional(), school_child_birth_year])


class StudentForm(StudentDetailsForm):
    secret_kind = SelectField(_l("Sign-in with"), choices=_kind_choices())


class DeleteClassForm(FlaskForm):
    confirm = BooleanField(_l("Yes, delete this class and all its students."),
                           validators=[DataRequired(_l("Tick the box to confirm."))])


class ImportForm(FlaskForm):
    file = FileField(_l("Class list file"), validators=[FileRequired(_l("Please choose a file."))])
    secret_kind = SelectField(_l("New students sign in with"), choices=_kind_choices())


class ConfirmImportForm(FlaskForm):
    token = HiddenField()

"""Forms for the school's admin."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp

from ..classes.forms import WholeNumberField
from ..i18n import LANGUAGE_NAMES

THRESHOLD_RANGE = (5, 50)
RETENTION_RANGE = (30, 3650)


class TeacherForm(FlaskForm):
    display_name = StringField(_l("Full name"), validators=[DataRequired(_l("Please write the teacher's name.")),
                                                            Length(max=120)])
    username = StringField(_l("Username"), validators=[
        DataRequired(_l("Please choose a username.")),
        Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$",
               message=_l("Use 3 to 32 Latin letters, digits, dots or dashes."))])
    password = PasswordField(_l("First password"), validators=[
        DataRequired(_l("Please choose a password.")),
        Length(min=8, max=200, message=_l("The password needs at least 8 characters."))])


class SettingsForm(FlaskForm):
    name = StringField(_l("School name"), validators=[DataRequired(_l("Please write the school's name.")),
                                                      Length(max=200)])
    default_locale = SelectField(_l("Default language"), choices=[
        SelectChoice(code, name, render_kw={"lang": code}) for code, name in LANGUAGE_NAMES.items()])
    report_threshold = WholeNumberField(
        _l("Smallest count shown in reports"),
        description=_l("Groups smaller than this are hidden in reports, so nobody can be singled out."),
        invalid_message=_l("Please enter a number from 5 to 50."),
        validators=[InputRequired(_l("Please enter a number from 5 to 50.")),
                    NumberRange(*THRESHOLD_RANGE, message=_l("Please enter a number from 5 to 50."))])
    retention_days = WholeNumberField(
        _l("Keep students' work for (days)"),
        invalid_message=_l("Please enter a number of days from 30 to 3650."),
        validators=[InputRequired(_l("Please enter a number of days from 30 to 3650.")),
                    NumberRange(*RETENTION_RANGE, message=_l("Please enter a number of days from 30 to 3650."))])
    test_attempts = SelectField(
        _l("Attempts at each module test"), coerce=int, choices=[SelectChoice(n, str(n)) for n in (1, 2, 3)],
        description=_l("The first attempt always counts for learning gain."))

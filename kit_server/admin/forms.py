"""Forms for the school's admin."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp


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

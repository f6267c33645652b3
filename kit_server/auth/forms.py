"""Sign-in forms (Flask-WTF gives each one its CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length


class StaffLoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(_l("Please enter your username.")),
                                                       Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Please enter your password.")),
                                                         Length(max=200)])
    next = HiddenField()


class ClassCodeForm(FlaskForm):
    code = StringField(_l("Class code"), validators=[DataRequired(_l("Please enter the class code.")),
                                                     Length(max=20)])


class PinForm(FlaskForm):
    pin = PasswordField(_l("Your PIN"), validators=[DataRequired(_l("Please enter your 4-digit PIN.")),
                                                     Length(max=20)])


class PictureForm(FlaskForm):
    """One tap on one picture; the server keeps the taps so far, so it works without JavaScript."""
    picture = HiddenField()
    action = HiddenField()

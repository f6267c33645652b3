"""Reading and creating the school row."""
from ..extensions import db
from .models import School


def get_school() -> School | None:
    return db.session.get(School, 1)


def ensure_school(name: str, default_locale: str = "ar") -> School:
    school = get_school()
    if school is None:
        school = School(id=1, name=name, default_locale=default_locale)
        db.session.add(school)
        db.session.flush()
    return school

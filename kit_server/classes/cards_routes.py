"""Printable login cards. PINs are stored hashed, so printing cards gives students NEW secrets."""
from flask import make_response, render_template, request, url_for

from ..auth.access import staff_required
from ..extensions import db
from . import cards, service
from .routes import own_class, own_student, bp, no_store


def _join_url(school_class) -> str:
    # The kit's address as this browser reached it, so the QR works on the school's own network.
    return url_for("auth.join_class", code=school_class.code, _external=True)


def _render_cards(school_class, issued):
    join_url = _join_url(school_class)
    body = render_template("classes/cards.html", school_class=school_class, sheets=cards.pages(issued),
                           join_url=join_url, qr=cards.qr_svg(join_url),
                           only_this_computer=cards.only_this_computer(request.host))
    return no_store(make_response(body))


@bp.get("/classes/<id:class_id>/cards")
@staff_required
def cards_confirm(class_id):
    school_class = own_class(class_id)
    students = [s for s in school_class.students if s.active]
    return render_template("classes/cards_confirm.html", school_class=school_class, students=students)


@bp.post("/classes/<id:class_id>/cards")
@staff_required
def print_cards(class_id):
    school_class = own_class(class_id)
    issued = service.issue_cards([s for s in school_class.students if s.active])
    db.session.commit()
    return _render_cards(school_class, issued)


@bp.post("/classes/<id:class_id>/students/<id:student_id>/card")
@staff_required
def print_one_card(class_id, student_id):
    school_class = own_class(class_id)
    student = own_student(school_class, student_id)
    issued = service.issue_cards([student])
    db.session.commit()
    return _render_cards(school_class, issued)

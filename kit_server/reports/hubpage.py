"""/admin/reports/hub: the admin enrols the kit with the programme's hub and sees the outbox.
(The outbox's counts also show on /admin/reports.)"""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _

from ..auth.access import admin_required
from ..extensions import db
from ..hub.places import GOVERNORATES, SCHOOL_TYPES, name as place_name
from ..school.service import get_school
from . import outbox

bp = Blueprint("reporthub", __name__)


def _messages() -> dict:
    return {
        "url": _("Type the hub's address as the programme gave it, starting with https:// or http://."),
        "code": _("Type the enrolment code from the programme's paper."),
        "governorate": _("Choose the governorate."),
        "district": _("Type the district in Latin letters, as on the programme's paper (for example tyre)."),
        "school_type": _("Choose the type of school."),
        "refused": _("The hub refused the enrolment: %(detail)s"),
        "unreachable": _("The hub did not answer. Check the address and the network, then try again."),
    }


@bp.route("/admin/reports/hub", methods=["GET", "POST"])
@admin_required
def hub_page():
    status = 200
    if request.method == "POST":
        form = request.form
        try:
            outbox.enrol(Path(current_app.config["KIT_HOME"]), get_school(), form.get("url", ""),
                         form.get("code", ""), form.get("governorate", ""), form.get("district", "").strip().lower(),
                         form.get("school_type", ""), timeout=float(current_app.config.get("HUB_TIMEOUT", 30)))
        except outbox.EnrolError as error:
            db.session.rollback()
            flash(_messages()[error.code] % {"detail": error.detail}, "error")
            status = 400
        else:
            flash(_("This kit is enrolled. Its reports will go to the hub whenever it answers."), "success")
            return redirect(url_for(".hub_page"), 303)
    locale = str(get_locale())  # the admin's language, as on every page of the kit
    return render_template("reports/hub.html", outbox=outbox.summary(), governorates=GOVERNORATES,
                           school_types=SCHOOL_TYPES, place=lambda table, code: place_name(table, code, locale)), status


@bp.post("/admin/reports/hub/send")
@admin_required
def hub_send():
    """Try now instead of waiting for the backoff to end."""
    db.session.execute(sa.update(outbox.OutboxItem).where(outbox.OutboxItem.state.in_(outbox.OPEN))
                       .values(next_attempt_at=None))
    db.session.commit()
    outbox.wake_senders()
    flash(_("The kit will try to send the waiting reports now."), "success")
    return redirect(url_for(".hub_page"), 303)

"""CSV import of a class list: upload → preview of every row (nothing saved) → confirm → saved at once."""
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..auth.access import staff_required
from ..extensions import db
from . import csv_import, pending, service
from .forms import ConfirmImportForm, ImportForm
from .routes import own_class, bp


def file_error_message(code: str, line: int | None = None) -> str:
    messages = {
        "mixed_encoding": lambda: _("Line %(num)s of the file is saved in a different text encoding from the "
                                    "lines before it, so its names would be garbled. Save the whole list "
                                    "again as \"CSV UTF-8\" and upload it again.", num=line),
        "empty": lambda: _("The file is empty."),
        "excel": lambda: _("This is an Excel workbook. In Excel, choose Save As, then CSV, and upload that file."),
        "not_text": lambda: _("This file is not a table saved as text (CSV)."),
        "too_big": lambda: _("The file is too big. A class list must be under %(num)s KB.",
                             num=csv_import.MAX_BYTES // 1024),
        "too_many_rows": lambda: _("The file has more than %(num)s rows. A class list should be shorter.",
                                   num=csv_import.MAX_ROWS),
        "no_name_column": lambda: _("The first row must give the column names, with one for the name (%(names)s).",
                                    names="الاسم, nom, name"),
        "no_rows": lambda: _("The file has column names but no students."),
    }
    return messages[code]()


def problem_message(code: str, row: csv_import.Row) -> str:
    messages = {
        csv_import.NO_NAME: lambda: _("The name is missing."),
        csv_import.TOO_LONG: lambda: _("The name is too long (at most %(num)s characters).",
                                       num=csv_import.MAX_NAME),
        csv_import.DUP_FILE: lambda: _("Same name as row %(num)s.", num=row.same_as),
        csv_import.DUP_CLASS: lambda: _("Already in this class."),
        csv_import.BAD_SEX: lambda: _("Sex must be female, male, or left empty."),
        csv_import.BAD_YEAR: lambda: _("The birth year must be a year like 2013."),
        csv_import.BAD_GRADE: lambda: _("Grade must be 1 to 12."),
    }
    return messages[code]()


def _read_upload(storage) -> bytes:
    # One byte more than allowed is enough to know the file is too big, without reading all of it.
    return storage.stream.read(csv_import.MAX_BYTES + 1)


@bp.route("/classes/<id:class_id>/import", methods=["GET", "POST"])
@staff_required
def import_upload(class_id):
    school_class = own_class(class_id)
    form = ImportForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("classes/import_upload.html", school_class=school_class, form=form), status
    existing = [s.display_name for s in school_class.students]
    try:
        plan = csv_import.plan_import(_read_upload(form.file.data), existing, date.today().year)
    except csv_import.UnreadableFile as error:
        form.file.errors = [file_error_message(error.code, error.line)]
        return render_template("classes/import_upload.html", school_class=school_class, form=form), 400
    token = None
    if plan.to_add:
        token = pending.save(current_app.config["KIT_HOME"], school_class.id, current_user.id,
                             form.secret_kind.data, plan.to_add)
    return render_template("classes/import_preview.html", school_class=school_class, plan=plan,
                           confirm=ConfirmImportForm(token=token), token=token,
                           problem_message=problem_message)


@bp.post("/classes/<id:class_id>/import/confirm")
@staff_required
def import_confirm(class_id):
    school_class = own_class(class_id)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    home = current_app.config["KIT_HOME"]
    waiting = pending.claim(home, form.token.data or "", school_class.id, current_user.id)
    if waiting is None:
        flash(_("This preview has expired or was already used. Please upload the file again."), "error")
        return redirect(url_for("classes.import_upload", class_id=school_class.id))
    added = service.import_rows(school_class, waiting["rows"], waiting["kind"])
    db.session.commit()  # one transaction: every student, or (on any failure) none
    flash(ngettext("%(num)s student added. Print the login cards to give out the secrets.",
                   "%(num)s students added. Print the login cards to give out the secrets.", len(added)),
          "success")
    return redirect(url_for("classes.roster", class_id=school_class.id))

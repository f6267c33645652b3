"""The page an admin watches while a job runs, and the small JSON poll behind its progress bar."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, url_for
from flask_babel import gettext as _

from ..auth.access import admin_required
from . import service

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs", template_folder="templates")


def _titles() -> dict[str, str]:
    return {"pack_install": _("Installing a content pack"), "backup": _("Backing up the database"),
            "report": _("Building a usage report")}


def _phase_text(job: service.JobView) -> str:
    texts = {
        "start": _("Starting…"),
        "verify": _("Checking the programme's signature…"),
        "unpack": _("Unpacking and checking every file…"),
        "lessons": _("Checking the lessons…"),
        "copy": _("Copying the database…"),
        "check": _("Checking the copy…"),
        "read": _("Reading the activity of the period…"),
        "count": _("Counting module %(done)s of %(total)s…", done=job.done, total=job.total),
        "sign": _("Signing and saving the report…"),
    }
    return texts.get(job.phase, _("Working…"))


def _finished_text(job: service.JobView) -> str:
    if job.state == service.INTERRUPTED:
        return _("The kit stopped before this job finished (a power cut?). Nothing was half done: start it again.")
    if job.state == service.FAILED:
        return _("It did not work. Nothing was changed.")
    return {"pack_install": _("The pack is installed and its lessons are ready.") if job.phase != "restart"
            else _("The pack is installed. Restart the kit to show its lessons."),
            "backup": _("The backup is saved and checked."),
            "report": _("The report is ready.")}[job.kind]


def _next_step(job: service.JobView) -> tuple[str, str]:
    """Where the admin goes from here: the result when there is one, else back to where they started."""
    if job.kind == "report" and job.state == service.DONE:
        return url_for("reports.summary", report_id=job.detail), _("Open the report")
    endpoint, label = {"pack_install": ("manage.packs", _("Back to the content packs")),
                       "backup": ("manage.health_page", _("Back to the kit's health")),
                       "report": ("reports.index", _("Back to the reports"))}[job.kind]
    return url_for(endpoint), label


def _found(job_id: str) -> service.JobView:
    job = service.view(job_id)
    if job is None:
        abort(404)
    return job


@bp.get("/<job_id>")
@admin_required
def page(job_id):
    job = _found(job_id)
    finished = None if job.state == service.RUNNING else _finished_text(job)
    return render_template("jobs/job.html", job=job, title=_titles()[job.kind], phase=_phase_text(job),
                           finished=finished, next_step=_next_step(job))


@bp.get("/<job_id>/progress")
@admin_required
def progress(job_id):
    job = _found(job_id)
    return jsonify({"state": job.state, "percent": job.percent, "text": _phase_text(job)})

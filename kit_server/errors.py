"""Friendly error pages in the user's language (JSON for the API)."""
from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

HANDLED = (400, 401, 403, 404, 405, 413, 429, 500)


def _messages(code: int) -> tuple[str, str]:
    return {
        400: (_("Something in the request was not right"), _("Please go back and check what you typed.")),
        401: (_("Please sign in"), _("You need to sign in to see this page.")),
        403: (_("This page is not for you"), _("Your account cannot open this page. Ask your teacher if you need it.")),
        404: (_("We could not find this page"), _("The address may be wrong, or the page was removed.")),
        405: (_("This action is not possible here"), _("Please use the buttons on the page.")),
        413: (_("That is too big"), _("The file or data you sent is larger than the kit accepts.")),
        429: (_("Too many tries"), _("Please wait a little and try again.")),
        500: (_("Something went wrong on the kit"), _("Nothing you did caused this. Please try again, or tell the teacher.")),
    }[code]


def handle_http_error(error: HTTPException):
    code = error.code if error.code in HANDLED else 500
    title, message = _messages(code)
    if request.path.startswith("/api/"):
        body = {"error": title, "message": message, "status": code}
        if isinstance(getattr(error, "description", None), dict):
            body.update(error.description)
        return jsonify(body), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def handle_unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("Unexpected error on %s", request.path)
    if current_app.testing:
        raise error  # tests see the real traceback, users see the friendly page
    return handle_http_error(InternalServerError())


def register(app) -> None:
    for code in HANDLED:
        app.register_error_handler(code, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)

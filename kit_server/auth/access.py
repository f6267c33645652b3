"""Role checks used by every route. A route without one of these is a bug (the access-matrix test
walks every registered route and fails on any it does not know)."""
from __future__ import annotations

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from .models import ADMIN, STUDENT, TEACHER


def roles_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                if request.path.startswith("/api/"):
                    abort(401)
                return redirect(_sign_in_url(roles))
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.kit_roles = roles
        return wrapped

    return decorator


def public(view):
    """Mark a view as open to everyone, on purpose."""
    view.kit_roles = ("public",)
    return view


staff_required = roles_required(ADMIN, TEACHER)
admin_required = roles_required(ADMIN)
student_required = roles_required(STUDENT)


def _sign_in_url(roles) -> str:
    """Children go to the class-code page; staff to the password page, coming back afterwards."""
    if STUDENT in roles:
        return url_for("auth.join")
    return url_for("auth.login", next=request.full_path.rstrip("?"))

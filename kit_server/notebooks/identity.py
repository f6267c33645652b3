"""Sign-in for a student's own Jupyter server: a short-lived ticket signed by the kit.

This file runs INSIDE the student's server (the kit copies it next to the server's config and puts
that folder on PYTHONPATH), so it imports nothing from kit_server: the sandbox cannot see the kit.

The ticket key is not the kit's secret key. The kit derives one key per student
(HMAC(secret key, student id)), because student code can read anything its own server can: with the
kit's secret it could forge the kit's cookies; with its own key it can only open its own server.
A ticket also names the student, and the server accepts only its own student's id.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from jupyter_server.auth.identity import IdentityProvider, User
from traitlets import Int, Unicode

SALT = "kit-notebook-ticket"


def student_key(secret_key: str, student_id: int) -> str:
    """The ticket key for one student's server, derived from the kit's secret key."""
    message = f"notebook-ticket:{int(student_id)}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def make_ticket(secret_key: str, student_id: int) -> str:
    """A ticket that opens this student's server (checked for age by the server)."""
    serializer = URLSafeTimedSerializer(student_key(secret_key, student_id), salt=SALT)
    return serializer.dumps({"student": int(student_id)})


def read_ticket(key: str, ticket: str, max_age: int) -> int | None:
    """The student id in a valid, fresh ticket signed with `key`; None otherwise."""
    try:
        data = URLSafeTimedSerializer(key, salt=SALT).loads(ticket, max_age=max_age)
    except (BadSignature, ValueError, TypeError):
        return None  # SignatureExpired is a BadSignature
    student = data.get("student") if isinstance(data, dict) else None
    return student if isinstance(student, int) else None


class TicketIdentityProvider(IdentityProvider):
    """Accepts `?ticket=` from the kit once, then the usual login cookie (or the server's token)."""

    ticket_key_file = Unicode("", config=True, help="File holding this server's ticket key.")
    student_id = Int(-1, config=True, help="The only student this server belongs to.")
    ticket_max_age = Int(120, config=True, help="Seconds a ticket stays valid.")

    def _ticket_key(self) -> str:
        return Path(self.ticket_key_file).read_text(encoding="ascii").strip()

    async def get_user(self, handler):
        ticket = handler.get_query_argument("ticket", default=None)
        if ticket and self.ticket_key_file:
            student = read_ticket(self._ticket_key(), ticket, self.ticket_max_age)
            if student is not None and student == self.student_id:
                user = User(username=f"student-{student}", name="student")
                self.set_login_cookie(handler, user)
                return user
            self.log.warning("Refused a wrong or expired kit ticket")
        return await self._get_user(handler)

"""Sign-in for a student's own Jupyter server: a short-lived ticket signed by the kit.

This file runs INSIDE the student's server (the kit copies it next to the server's config and puts
that folder on PYTHONPATH), so it imports nothing from kit_server: the sandbox cannot see the kit.

The ticket key is not the kit's secret key. The kit derives one key per student
(HMAC(secret key, student id)), because student code can read anything its own server can: with the
kit's secret it could forge the kit's cookies; with its own key it can only open its own server.
A ticket also names the student, and the server accepts only its own student's id.

A ticket is a bearer token in a URL, so two more rules make a copied URL worthless: it works once
(the server remembers used ones until they expire), and only in the browser of the kit session that
asked for it: the kit gives that browser a random cookie (BIND_COOKIE; cookies are per host, not per
port, so the browser sends it to the student's server too) and puts its hash in the ticket.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from jupyter_server.auth.identity import IdentityProvider, User
from traitlets import Int, Unicode

SALT = "kit-notebook-ticket"
BIND_COOKIE = "kit_nb_bind"


def binding_hash(cookie_value: str) -> str:
    return hashlib.sha256(cookie_value.encode()).hexdigest()


def student_key(secret_key: str, student_id: int) -> str:
    """The ticket key for one student's server, derived from the kit's secret key."""
    message = f"notebook-ticket:{int(student_id)}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def make_ticket(secret_key: str, student_id: int, binding: str) -> str:
    """A one-time ticket that opens this student's server in the browser holding the `binding` cookie."""
    serializer = URLSafeTimedSerializer(student_key(secret_key, student_id), salt=SALT)
    return serializer.dumps({"student": int(student_id), "once": os.urandom(12).hex(),
                             "bind": binding_hash(binding)})


def read_ticket(key: str, ticket: str, max_age: int) -> dict | None:
    """{"student", "once", "bind"} of a valid, fresh ticket signed with `key`; None otherwise."""
    try:
        data = URLSafeTimedSerializer(key, salt=SALT).loads(ticket, max_age=max_age)
    except (BadSignature, ValueError, TypeError):
        return None  # SignatureExpired is a BadSignature
    if not isinstance(data, dict) or not isinstance(data.get("student"), int):
        return None
    if not isinstance(data.get("once"), str) or not isinstance(data.get("bind"), str):
        return None
    return data


class TicketIdentityProvider(IdentityProvider):
    """Accepts `?ticket=` from the kit once, then the usual login cookie (or the server's token)."""

    ticket_key_file = Unicode("", config=True, help="File holding this server's ticket key.")
    student_id = Int(-1, config=True, help="The only student this server belongs to.")
    ticket_max_age = Int(120, config=True, help="Seconds a ticket stays valid.")

    def _ticket_key(self) -> str:
        return Path(self.ticket_key_file).read_text(encoding="ascii").strip()

    def _used(self) -> dict[str, float]:
        if not hasattr(self, "_used_tickets"):
            self._used_tickets = {}
        now = time.time()
        for once, expires in list(self._used_tickets.items()):
            if expires < now:
                del self._used_tickets[once]
        return self._used_tickets

    def _accept(self, handler, ticket: str) -> bool:
        data = read_ticket(self._ticket_key(), ticket, self.ticket_max_age)
        if data is None or data["student"] != self.student_id:
            return False
        cookie = handler.get_cookie(BIND_COOKIE) or ""
        if not cookie or not hmac.compare_digest(binding_hash(cookie), data["bind"]):
            return False  # a copied URL, opened in another browser
        used = self._used()
        if data["once"] in used:
            return False
        used[data["once"]] = time.time() + self.ticket_max_age + 60
        return True

    async def get_user(self, handler):
        ticket = handler.get_query_argument("ticket", default=None)
        if ticket and self.ticket_key_file:
            if self._accept(handler, ticket):
                user = User(username=f"student-{self.student_id}", name="student")
                self.set_login_cookie(handler, user)
                return user
            # A reload of the page still carries its used ticket: the login cookie decides then.
            self.log.warning("Refused a wrong, used, expired or unbound kit ticket")
        return await self._get_user(handler)

"""The one error type of the packs package: its message is the one-line reason shown to the user."""


class PackError(Exception):
    """A pack or key that cannot be used; str(error) says why, in one line."""

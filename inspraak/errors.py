"""Errors an operator can fix: printed as one line by the `inspraak` command, no traceback."""


class UserError(Exception):
    """Something the operator can fix; the message says what and how."""

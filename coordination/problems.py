"""A problem a coordinator can fix, worded for both audiences."""

from __future__ import annotations


class Problem(Exception):
    """What was wrong and what to do: `nl` for the console (B1), `en` for the command line."""

    def __init__(self, nl: str, en: str) -> None:
        super().__init__(en)
        self.nl = nl
        self.en = en

"""What a coordinator can do, for every channel: the `inspraak` command and the web console.

Rounds and locations (rounds.py), invites (invites.py), progress (progress.py), quote review
(quotes.py), the report and exports (reports.py) and the audit log read back (audit_log.py).
Each operation checks its input, raises `Problem` (in Dutch and English) for what a person can
fix, and writes who did it to the audit log. The edges only parse input and show results.
"""

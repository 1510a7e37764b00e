"""The `inspraak` command: a thin shell over the Python API of each package."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from inspraak.settings import Settings, SettingsError, load_settings
from questionnaires.loader import QuestionnaireError, load_catalog

Command = Callable[[argparse.Namespace, Settings], int]


class UserError(Exception):
    """Something the operator can fix; printed as one line, without a traceback."""


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.path) if args.path else settings.questionnaires_dir
    try:
        catalog = load_catalog(path)
    except QuestionnaireError as exc:
        print(f"{len(exc.problems)} problem(s) in {path}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"OK: {path}")
    for questionnaire in catalog.questionnaires.values():
        answerable = [q for q in questionnaire.questions if q.answerable]
        print(
            f"  {questionnaire.id:<30} role {questionnaire.role:<20} {len(answerable):>3} questions, "
            f"~{questionnaire.minutes} min, version {questionnaire.version}"
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspraak",
        description="Gather stakeholder input for the kwaliteitsverslag (woonzorg langdurige ggz).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = sub.add_parser("validate", help="check questionnaire files and list every problem")
    validate.add_argument("path", nargs="?", help="folder or file (default: configured folder)")
    validate.set_defaults(func=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        func: Command = args.func
        return func(args, settings)
    except (SettingsError, UserError) as exc:
        print(f"inspraak: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

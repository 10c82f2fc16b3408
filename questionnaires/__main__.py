"""Command line: ``python -m questionnaires check FILE...`` and ``python -m questionnaires list``.

``check`` prints one ``FILE:LINE: message`` line per problem on stdout and exits 1 if there are any;
a one-line summary always goes to stderr, so stdout carries problems only. Usage errors exit 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .loader import DEFAULT_DIR, check_files, expand_paths, load_versions
from .schema import QuestionnaireError


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _check(files: Sequence[str]) -> int:
    paths = expand_paths(files)
    problems = check_files(paths)
    for problem in problems:
        print(problem)
    if problems:
        broken = len({p.file for p in problems})
        summary = f"{_plural(len(problems), 'problem')} in {broken} of {_plural(len(paths), 'file')}"
        print(summary, file=sys.stderr)
        return 1
    print(f"{_plural(len(paths), 'file')} OK", file=sys.stderr)
    return 0


def _list(directory: Path) -> int:
    try:
        versions = load_versions(directory)
    except QuestionnaireError as exc:
        print(exc, file=sys.stderr)
        return 1
    for questionnaire in versions.values():
        print(f"{questionnaire.key}\t{questionnaire.version}\t{questionnaire.title}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m questionnaires", description="Check or list questionnaires"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="validate files; print FILE:LINE: message per problem")
    check.add_argument("files", nargs="+", metavar="FILE", help="a YAML file, or a directory of *.yaml files")
    listing = commands.add_parser("list", help="print KEY<TAB>VERSION<TAB>TITLE of each questionnaire")
    listing.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder (default: the shipped files)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.files)
    return _list(args.dir)


if __name__ == "__main__":
    sys.exit(main())

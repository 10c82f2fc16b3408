"""Command line: ``python -m analysis redact|sentiment|themes|flags|evaluate``.

Each CSV command reads ``--input`` (UTF-8 CSV with a header), takes the comment text from ``--text-column``,
and writes every input row and column, in order, plus its own columns to ``--output``. Problems are
reported as one line on stderr with exit status 1 (data) or 2 (usage); the output file is written whole or
not at all.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

from analysis.cli import EXIT_USAGE, CliError, Progress, Table, check_output, read_table, stage, write_table


def _add_io(p: argparse.ArgumentParser) -> None:
    p.add_argument("--input", required=True, metavar="FILE.csv", help="UTF-8 CSV file with a header row")
    p.add_argument(
        "--text-column", required=True, metavar="COLUMN", help="the column holding the comment text"
    )
    p.add_argument("--output", required=True, metavar="OUT.csv", help="where to write the result")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Text analytics for Heard.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    p = sub.add_parser("redact", help="mask personal data; adds 'redacted' and 'redactions'")
    _add_io(p)
    p = sub.add_parser("sentiment", help="score sentiment; adds 'sentiment' and 'sentiment_label'")
    _add_io(p)
    p = sub.add_parser("themes", help="discover themes; adds 'theme_id' and 'theme_label'")
    _add_io(p)
    p.add_argument(
        "--n-themes",
        type=int,
        default=None,
        metavar="K",
        help="number of themes (default: chosen automatically)",
    )
    p.add_argument("--random-state", type=int, default=0, metavar="N", help="seed for a repeatable result")
    p = sub.add_parser("flags", help="flag sensitive comments; adds 'flags' and 'flag_reasons'")
    _add_io(p)
    p = sub.add_parser("evaluate", help="measure every analysis target on the shared data and print a table")
    p.add_argument("--data", default=None, metavar="DIR", help="data folder (default: ../shared/data)")
    p.add_argument("--quick", action="store_true", help="subsample the large sets (about a minute)")
    return parser


def _texts(table: Table, column: str) -> list[str]:
    return table.column(column)


def _run_redact(args: argparse.Namespace) -> None:
    from analysis.redact import Redactor

    table = read_table(args.input, args.text_column)
    check_output(args.output)
    stage(f"redact: read {len(table.rows):,} rows from {args.input}")
    redactor = Redactor()
    results = [
        redactor.redact(t) for t in Progress("redact", len(table.rows)).wrap(_texts(table, args.text_column))
    ]
    out = table.with_columns(
        {
            "redacted": [r.text for r in results],
            "redactions": [json.dumps([list(s) for s in r.spans]) for r in results],
        }
    )
    write_table(args.output, out)
    stage(f"redact: masked {sum(len(r.spans) for r in results):,} spans; wrote {args.output}")


def _import(module: str, what: str):
    import importlib

    try:
        return importlib.import_module(module)
    except Exception as exc:  # an unfinished or broken optional module is a one-line error, not a traceback
        raise CliError(f"{what} is not available: {type(exc).__name__}: {exc}") from exc


def _run_sentiment(args: argparse.Namespace) -> None:
    table = read_table(args.input, args.text_column)
    check_output(args.output)
    stage(f"sentiment: read {len(table.rows):,} rows from {args.input}")
    sentiment = _import("analysis.sentiment", "sentiment analysis")
    analyzer = sentiment.SentimentAnalyzer()
    texts = _texts(table, args.text_column)
    stage("sentiment: scoring")
    scores = analyzer.score(texts)
    labels = analyzer.labels_for(scores)
    out = table.with_columns(
        {
            "sentiment": [f"{float(s):.4f}" for s in scores],
            "sentiment_label": list(labels),
        }
    )
    write_table(args.output, out)
    stage(f"sentiment: wrote {args.output}")


def _run_themes(args: argparse.Namespace) -> None:
    if args.n_themes is not None and args.n_themes < 1:
        raise CliError("--n-themes must be at least 1", EXIT_USAGE)
    table = read_table(args.input, args.text_column)
    check_output(args.output)
    stage(f"themes: read {len(table.rows):,} rows from {args.input}")
    themes = _import("analysis.themes", "theme discovery")
    model = themes.ThemeModel(n_themes=args.n_themes, random_state=args.random_state)
    stage(
        "themes: fitting"
        + (f" {args.n_themes} themes" if args.n_themes else " (choosing the number of themes)")
    )
    t0 = time.perf_counter()
    ids = [int(i) for i in model.fit_predict(_texts(table, args.text_column))]
    labels = dict(getattr(model, "theme_labels_", {}) or {})
    out = table.with_columns(
        {
            "theme_id": [str(i) for i in ids],
            "theme_label": [labels.get(i, "no comment" if i == -1 else "") for i in ids],
        }
    )
    write_table(args.output, out)
    n = len({i for i in ids if i != -1})
    stage(f"themes: {n} themes in {time.perf_counter() - t0:.1f} s; wrote {args.output}")


def _run_flags(args: argparse.Namespace) -> None:
    from analysis.flags import SensitiveCommentFlagger

    table = read_table(args.input, args.text_column)
    check_output(args.output)
    stage(f"flags: read {len(table.rows):,} rows from {args.input}")
    flagger = SensitiveCommentFlagger()
    flags = [
        flagger.flag(t) for t in Progress("flags", len(table.rows)).wrap(_texts(table, args.text_column))
    ]
    out = table.with_columns(
        {
            "flags": [json.dumps([f.kind for f in fl]) for fl in flags],
            "flag_reasons": ["; ".join(f.reason for f in fl) for fl in flags],
        }
    )
    write_table(args.output, out)
    stage(f"flags: {sum(1 for fl in flags if fl):,} comments flagged; wrote {args.output}")


def _run_evaluate(args: argparse.Namespace) -> None:
    from analysis.evaluate import main as evaluate_main

    evaluate_main(data=args.data, quick=args.quick)


_COMMANDS = {
    "redact": _run_redact,
    "sentiment": _run_sentiment,
    "themes": _run_themes,
    "flags": _run_flags,
    "evaluate": _run_evaluate,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit status."""
    args = _parser().parse_args(argv)
    try:
        _COMMANDS[args.command](args)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # one line, not a traceback, for anything unforeseen
        print(f"error: {args.command} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

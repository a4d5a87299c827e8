"""``advisor evaluate CASE.json``: the options and points for one household."""

from __future__ import annotations

import argparse
import json

from advisor.cli.common import active_pack, evaluation_date, parse_as_of, read_case
from advisor.rules.engine import evaluate
from advisor.rules.text_report import render_text


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``evaluate`` subcommand."""
    p = sub.add_parser("evaluate", help="evaluate a case file / 评估个案")
    p.add_argument("case", help="case file (advisor-case/1 JSON)")
    p.add_argument("--as-of", help="evaluation date YYYY-MM-DD (default: the case's as_of, else today)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--rules", help="evaluate with a rule-pack folder instead of the active pack")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate and print."""
    case = read_case(args.case, args.lang)
    pack = active_pack(args.rules)
    result = evaluate(case, pack, evaluation_date(case, parse_as_of(args.as_of)))
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(render_text(result, args.lang, pack=pack), end="")
    return 0

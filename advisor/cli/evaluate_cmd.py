"""``advisor evaluate CASE.json``: the options and points for one household."""

from __future__ import annotations

import argparse
import json

from advisor.cli.common import active_pack, evaluation_date, parse_as_of, read_case
from advisor.rules.engine import evaluate
from advisor.rules.text_report import render_text
from advisor.rules.unlock import rank_actions


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``evaluate`` subcommand."""
    p = sub.add_parser("evaluate", help="evaluate a case file / 评估个案")
    p.add_argument("case", help="case file (advisor-case/1 JSON)")
    p.add_argument("--as-of", help="evaluation date YYYY-MM-DD (default: the case's as_of, else today)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--rules", help="evaluate with a rule-pack folder instead of the active pack")
    p.add_argument("--unlock", action="store_true",
                   help="also rank the actions that would open the most options / 列出最能打开选项的行动")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate and print."""
    case = read_case(args.case, args.lang)
    pack = active_pack(args.rules)
    on = evaluation_date(case, parse_as_of(args.as_of))
    result = evaluate(case, pack, on)
    if args.unlock:
        result["unlock"] = rank_actions(case, pack, on, result)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(render_text(result, args.lang, pack=pack), end="")
    for action in result.get("unlock", []):
        zh = args.lang == "zh"
        head = f"\n▶ {action['text'][args.lang]}：可打开 {action['count']} 项" if zh else \
            f"\n▶ {action['text'][args.lang]}: opens {action['count']} option(s)"
        print(head)
        for g in action["opens"]:
            print(f"    - {g['title'][args.lang]} ({g['before']} → {g['after']})")
    return 0

"""``advisor letter CASE.json -o OUT.pdf``: the printable guidance letter for one household."""

from __future__ import annotations

import argparse
import sys

from advisor.cli.common import CliError, active_pack, ensure_parent, evaluation_date, parse_as_of, read_case
from advisor.rules.engine import evaluate


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``letter`` subcommand."""
    p = sub.add_parser("letter", help="print the guidance letter as PDF / 生成办事建议信（PDF）")
    p.add_argument("case", help="case file (advisor-case/1 JSON)")
    p.add_argument("-o", "--output", required=True, help="the PDF to write (replaced all-or-nothing)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the letter (default zh)")
    p.add_argument("--as-of", help="evaluation date YYYY-MM-DD (default: the case's as_of, else today)")
    p.add_argument("--centre", help="letterhead file (.toml or .json: name, address, phone, hours)")
    p.add_argument("--note", help="a note from the case worker, printed on the first page")
    p.add_argument("--rules", help="evaluate with a rule-pack folder instead of the active pack")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate the case and write the letter."""
    from advisor.letters import CentreError, FontError, LetterTemplateError, OutputError, build_letter, load_centre
    from advisor.letters.fonts import describe_missing

    zh = args.lang == "zh"
    out = ensure_parent(args.output)
    as_of = parse_as_of(args.as_of)
    try:
        centre = load_centre(args.centre) if args.centre else None
    except CentreError as exc:
        raise CliError(str(exc)) from None
    case = read_case(args.case, args.lang)
    pack = active_pack(args.rules)
    result = evaluate(case, pack, evaluation_date(case, as_of))
    try:
        report = build_letter(case, result, out, lang=args.lang, centre=centre, note=args.note)
    except OutputError as exc:
        raise CliError(exc.message(args.lang), 1) from None
    except (FontError, LetterTemplateError) as exc:
        raise CliError(str(exc), 1) from None
    if report.missing_chars:
        print(describe_missing(report.missing_chars, args.lang) + (
            "（这些字符在信中会是空白，请手写补上）" if zh else " (they print blank: write them in by hand)"),
            file=sys.stderr)
    if zh:
        print(f"已生成信函：{report.path}（{report.pages} 页，SHA-256 {report.sha256[:16]}）")
    else:
        print(f"Letter written: {report.path} ({report.pages} pages, SHA-256 {report.sha256[:16]})")
    return 0

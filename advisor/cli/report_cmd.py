"""``advisor report``: the centre report (service demand vs policy supply) as a PDF and/or CSV tables.

Logs in like ``advisor cases`` (``--user`` or ``ADVISOR_USER``; the password asked without echo, or
``ADVISOR_PASSWORD`` for a scheduled task); only administrators and auditors may make the report.
Aggregates only: fewer than 5 families are never shown, nor any number they could be worked out from.
Exit codes: 0 done; 2 bad input or not allowed (one paragraph, no personal data); 1 the report or
a file could not be made.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from advisor.cli import credentials
from advisor.cli.common import CliError, ensure_parent

CITIES = ("beijing", "shanghai", "guangzhou", "shenzhen", "other")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``report`` subcommand."""
    p = sub.add_parser("report", help="centre report: demand vs policy supply, aggregates only / 中心报告")
    p.add_argument("--from", dest="date_from", help="first evaluation date counted, YYYY-MM-DD (default: the start)")
    p.add_argument("--to", dest="date_to", help="last evaluation date counted, YYYY-MM-DD (default: today)")
    p.add_argument("--city", choices=CITIES, help="only families in this city")
    p.add_argument("--district", help="only families in this district (as typed in the cases)")
    p.add_argument("-o", "--out", help="PDF file to write (charts and tables)")
    p.add_argument("--csv", nargs="?", const="", default=None, metavar="FILE",
                   help="also (or only) write the tables as CSV; without FILE: beside the PDF, .csv")
    p.add_argument("--processes", type=int, help="worker processes for evaluating (default: by size; 1 = none)")
    p.add_argument("--exact", action="store_true", help="evaluate with the full engine (slower; same figures)")
    credentials.add_arguments(p)
    p.set_defaults(func=run)


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option} 日期无效 / invalid {option} date {text!r}: use YYYY-MM-DD") from None


def _outputs(args: argparse.Namespace) -> tuple[Path | None, Path | None]:
    pdf = ensure_parent(args.out) if args.out else None
    csv: Path | None = None
    if args.csv is not None:
        if args.csv:
            csv = ensure_parent(args.csv)
        elif pdf is not None:
            csv = pdf.with_suffix(".csv")
        else:
            raise CliError("--csv 需要文件名（或同时给出 -o） / --csv needs a file name (or -o as well)")
    if pdf is None and csv is None:
        raise CliError("请用 -o report.pdf 和/或 --csv report.csv 指定输出 / "
                       "say where to write: -o report.pdf and/or --csv report.csv")
    if pdf is not None and pdf.is_dir() or csv is not None and csv.is_dir():
        raise CliError("输出路径是一个文件夹 / the output path is a folder")
    return pdf, csv


def run(args: argparse.Namespace) -> int:
    """Make the report and write it."""
    from advisor.report import Filters, ReportError, ReportService

    filters = Filters(date_from=_date(args.date_from, "--from"), date_to=_date(args.date_to, "--to"),
                      city=args.city, district=(args.district or "").strip() or None)
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        raise CliError("--to 早于 --from / --to is before --from")
    if args.processes is not None and not 1 <= args.processes <= 16:
        raise CliError("--processes 应在 1-16 之间 / --processes must be 1-16")
    pdf, csv = _outputs(args)
    session = credentials.sign_in(args, "report.view")
    try:
        from advisor.cases import StoreError
        from advisor.letters.atomic import OutputError

        service = ReportService(session)
        try:
            report = service.run(filters, processes=args.processes, exact=args.exact)
        except ReportError as exc:
            raise CliError(exc.message(args.lang), 1) from None
        except StoreError as exc:
            raise CliError(exc.message(args.lang), 1 if exc.code in ("corrupt", "decrypt") else 2) from None
        try:
            if pdf is not None:
                service.save_pdf(report, pdf, args.lang)
            if csv is not None:
                service.save_csv(report, csv)
        except OutputError as exc:
            raise CliError(exc.message(args.lang), 1) from None
    finally:
        credentials.sign_out(session)
    _summary(report, args.lang, [p for p in (pdf, csv) if p is not None])
    return 0


def _summary(report: object, lang: str, written: list[Path]) -> None:
    """A few published figures on the terminal: families served, the top blocking condition per city."""
    from advisor.report.wording import SUPPRESSED, city_label

    served = report.total_served.value  # type: ignore[attr-defined]
    zh = lang == "zh"
    print(("服务家庭数：" if zh else "families served: ") + (SUPPRESSED if served is None else str(served)))
    for scope in report.scopes:  # type: ignore[attr-defined]
        rows = report.blockers.get(scope, ())  # type: ignore[attr-defined]
        if rows:
            top = rows[0]
            print(f"  {city_label(scope, lang)}: {top.label[lang]} — {top.families.value}"
                  + (" 户" if zh else " families"))
    for path in written:
        print(("已写入 / written: " if zh else "written: ") + str(path))

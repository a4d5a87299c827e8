"""``advisor rules …``: validate, test, list (with coverage), show, audit; export, import, rollback, history and
keys for signed rule-pack files (``advisor.cli.rulepack_cmd``)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from advisor.cli.common import CliError, active_pack
from advisor.paths import bundled_rules_dir
from advisor.rules.audit import audit_pack, coverage
from advisor.rules.loader import PackError, load_pack
from advisor.rules.scenarios import run_scenarios
from advisor.rules.schema import CITIES, KINDS
from advisor.rules.wording import TIER_WORDS


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``rules`` and its subcommands."""
    rules = sub.add_parser("rules", help="rule packs / 规则包")
    rsub = rules.add_subparsers(dest="rules_command", metavar="ACTION")

    p = rsub.add_parser("validate", help="check a pack folder strictly (default: the bundled pack)")
    p.add_argument("dir", nargs="?")
    p.set_defaults(func=cmd_validate)

    p = rsub.add_parser("test", help="run the pack's scenario tests")
    p.add_argument("dir", nargs="?")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_test)

    p = rsub.add_parser("list", help="list rules and the city × kind coverage table")
    p.add_argument("--city", choices=CITIES)
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--coverage", action="store_true", help="only the coverage table")
    p.add_argument("--rules", help="a pack folder instead of the active pack")
    p.set_defaults(func=cmd_list)

    p = rsub.add_parser("show", help="show one rule or points scheme with its sources and parameters")
    p.add_argument("rule_id")
    p.add_argument("--rules", help="a pack folder instead of the active pack")
    p.set_defaults(func=cmd_show)

    p = rsub.add_parser("audit", help="stale or weakly sourced rules; fails on missing sources")
    p.add_argument("dir", nargs="?")
    p.add_argument("--max-age-days", type=int, default=365)
    p.add_argument("--today", help="audit as of this date (YYYY-MM-DD)")
    p.set_defaults(func=cmd_audit)

    from advisor.cli import rulepack_cmd  # export, import, rollback, history, keys: signed rule-pack files

    rulepack_cmd.register(rsub)

    rules.set_defaults(func=lambda a: (rules.print_help(), 2)[1])


def _load(dir_: str | None):
    root = Path(dir_) if dir_ else bundled_rules_dir()
    try:
        return root, load_pack(root)
    except PackError as exc:
        raise CliError(exc.report()) from None


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a pack folder."""
    root, pack = _load(args.dir)
    print(f"OK {root}: {pack.manifest.pack} {pack.manifest.version} — {len(pack.rules)} rules, "
          f"{len(pack.schemes)} points schemes, {len(pack.params)} parameters, {len(pack.sources)} sources, "
          f"{len(pack.facts)} facts; sha256 {pack.sha256}")
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    """Run scenario tests; exit 1 on any failure or when there are none."""
    root, pack = _load(args.dir)
    results = run_scenarios(pack, root)
    failed = [r for r in results if not r.passed]
    for r in results:
        if not r.passed or args.verbose:
            print(f"{'PASS' if r.passed else 'FAIL'} {r.file}: {r.name}")
            for f in r.failures:
                print(f"     {f}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if not results:
        print("no scenario tests found — that counts as a failure")
        return 1
    return 1 if failed else 0


def cmd_list(args: argparse.Namespace) -> int:
    """List rules (filtered) and print the coverage table."""
    pack = active_pack(args.rules)
    if not args.coverage:
        items = [(r, "rule") for r in pack.rules] + [(s, "scheme") for s in pack.schemes]
        items = [(i, t) for i, t in items if (not args.city or i.city == args.city)
                 and (not args.kind or i.kind == args.kind)]
        for item, _t in sorted(items, key=lambda x: (x[0].city, KINDS.index(x[0].kind), x[0].id)):
            tier = pack.lowest_tier(item.sources)
            until = item.effective_to or "…"
            print(f"{item.id:44} {item.kind:34} {item.city:10} {item.effective_from}→{until:10} "
                  f"{tier:10} verified {item.verified_on}")
        print()
    cells = coverage(pack)
    cities = [c for c in CITIES if c != "national" and (not args.city or c == args.city)]
    print(f"{'kind':34} " + " ".join(f"{c:>16}" for c in cities))
    for kind in KINDS:
        if args.kind and kind != args.kind:
            continue
        row = []
        for c in cities:
            n, tier = cells.get((c, kind), (0, ""))
            row.append(f"{(str(n) + ' ' + TIER_WORDS[tier][1]) if n else '—':>16}")
        print(f"{kind:34} " + " ".join(row))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Print one rule or scheme with its sources and the dated values of its parameters."""
    pack = active_pack(args.rules)
    item = pack.rule(args.rule_id) or pack.scheme(args.rule_id)
    if item is None:
        raise CliError(f"没有这条规则 / no rule or scheme with id {args.rule_id!r}")
    print(f"{item.id}  ({pack.origin.get(item.id, '')})")
    print(f"  {item.title.zh} / {item.title.en}")
    print(f"  kind {item.kind} · city {item.city} · in force {item.effective_from} → {item.effective_to or 'open'}"
          f" · verified {item.verified_on}")
    print("  sources:")
    for ref in item.sources:
        s = pack.source_dict(ref)
        print(f"    - [{s['tier']}] {s['title']} {s['number'] or ''} {s['article'] or ''} {s['date'] or ''}".rstrip())
    body = json.loads(item.model_dump_json(by_alias=True, exclude_none=True))
    params = sorted(set(_params_in(body)))
    if params:
        print("  parameters:")
        for pid in params:
            for v in pack.params[pid].values:
                tier = pack.sources[v.source.ref].tier
                print(f"    - {pid} = {v.value} {pack.params[pid].unit} from {v.from_} to {v.to or 'open'} [{tier}]")
    print("  definition:")
    print("    " + json.dumps(body, ensure_ascii=False, indent=2).replace("\n", "\n    "))
    return 0


def _params_in(node: object) -> list[str]:
    if isinstance(node, dict):
        out = [node["param"]] if set(node) == {"param"} else []
        for v in node.values():
            out += _params_in(v)
        return out
    if isinstance(node, list):
        return [p for v in node for p in _params_in(v)]
    return []


def cmd_audit(args: argparse.Namespace) -> int:
    """Print audit findings; exit 1 on any fatal one (missing sources)."""
    root, pack = _load(args.dir)
    today = date.fromisoformat(args.today) if args.today else date.today()
    findings = audit_pack(pack, today, args.max_age_days)
    fatal = [f for f in findings if f.fatal]
    for f in findings:
        print(f"{'ERROR' if f.fatal else 'note '} {f.item}: {f.problem}")
    print(f"{len(findings)} findings, {len(fatal)} fatal ({root})")
    return 1 if fatal else 0

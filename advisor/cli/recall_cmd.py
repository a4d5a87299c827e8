"""``advisor cases recall``: the families whose results changed with the last rule-pack change.

Also run right after ``advisor rules import`` / ``rollback``. Working the list out reads every
stored case, so it needs a user allowed to manage rule packs (administrators); afterwards each user
sees the entries of the cases they may see (``recall.view``: case workers their own and assigned
cases). The list shows case ids, masked names and what changed (before → after);
``advisor cases show ID`` opens a case.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from advisor.cli.common import CliError

_LATER = ("召回名单稍后可由管理员用 advisor cases recall 生成。",
          "An administrator can work out the recall list later with advisor cases recall.")


def add_parser(cs: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``cases recall`` (called from ``advisor.cli.cases_cmd.register``)."""
    p = cs.add_parser("recall", parents=[common],
                      help="families whose options or dates changed with the last rule-pack change")
    p.add_argument("--recompute", action="store_true", help="work the list out again instead of showing the stored one")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=run_recall)


def _rules_engine() -> Any:
    from advisor.db import make_engine
    from advisor.paths import rules_db_path

    return make_engine(rules_db_path())


def _print(run: Any, args: argparse.Namespace) -> None:
    from advisor.cases.recall import run_lines

    if getattr(args, "format", "text") == "json":
        print(json.dumps(run.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(run_lines(run, args.lang)))


def run_recall(args: argparse.Namespace) -> int:
    """Show (or work out) the recall list for the last rule-pack change."""
    from advisor.cases import StoreError
    from advisor.cases.recall import recall_after_change, visible_to
    from advisor.cli import credentials

    engine = _rules_engine()
    session = credentials.sign_in(args, "recall.view")
    try:
        may_compute = session.can("rulepack.manage")
        if args.recompute and not may_compute:
            raise CliError("只有管理员可以重新生成召回名单 / only an administrator can work the recall list out again")
        try:
            run = recall_after_change(session.store, engine, session.username, recompute=args.recompute,
                                      compute=may_compute, visible=visible_to(session))
        except StoreError as exc:
            raise CliError(exc.message(args.lang), 1 if exc.code in ("corrupt", "decrypt") else 2) from None
    finally:
        credentials.sign_out(session)
    if run is None:
        from advisor.cases.recall import last_change

        if last_change(engine) is None:
            print("规则包还没有更换过，没有召回名单。" if args.lang == "zh" else
                  "The rule pack has not changed yet: there is no recall list.")
        else:
            print(_LATER[0] if args.lang == "zh" else _LATER[1])
        return 0
    _print(run, args)
    return 0


def recall_for_change(args: argparse.Namespace, engine: Any) -> None:
    """After an import or rollback: compute, store and print the recall list (an administrator signs in).

    Never raises: the pack is already active, and the list can be made later."""
    from advisor.cases import StoreError
    from advisor.cases.recall import recall_after_change
    from advisor.cli import credentials

    zh = args.lang == "zh"
    if not credentials.db_path(args).exists():
        print("本机没有个案库，无需召回名单。" if zh else "No case store here: no recall list needed.")
        return
    try:
        session = credentials.sign_in(args, "rulepack.manage")
    except CliError as exc:
        print(exc.message)
        print(_LATER[0] if zh else _LATER[1])
        return
    try:
        run = recall_after_change(session.store, engine, session.username, recompute=True)
    except StoreError as exc:
        print(exc.message(args.lang))
        print(_LATER[0] if zh else _LATER[1])
        return
    finally:
        credentials.sign_out(session)
    if run is not None:
        _print(run, args)

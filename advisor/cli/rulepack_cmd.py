"""``advisor rules export|import|rollback|history|keys``: signed rule-pack files and safe updates.

Registered by ``advisor.cli.rules_cmd``. Exit codes: 0 done (or nothing to do), 1 refused (bad
signature, untrusted key, hostile or invalid pack, failed scenario tests, downgrade), 2 bad input
(missing file, wrong option, no confirmation possible).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from advisor.cli.common import CliError

SIGN_PASS_ENV = "ADVISOR_SIGNING_PASSPHRASE"  # noqa: S105 - the variable's name, not a secret


def register(rsub: argparse._SubParsersAction) -> None:
    """Add the update subcommands to ``advisor rules``."""
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument("--lang", choices=["zh", "en"], default="zh")

    p = rsub.add_parser("export", parents=[lang], help="write a signed rule-pack file (.rulepack)")
    p.add_argument("dir", nargs="?", help="pack folder (default: the bundled pack)")
    p.add_argument("-o", "--out", required=True, help="file to write, e.g. cn-migrant-2026.12.rulepack")
    p.add_argument("--key", required=True, help="the publisher's private key (.key)")
    p.set_defaults(func=cmd_export)

    p = rsub.add_parser("import", help="check a signed pack file, show the changes, activate it")
    p.add_argument("pack", help="the .rulepack file")
    p.add_argument("--yes", action="store_true", help="activate without asking")
    p.add_argument("--dry-run", action="store_true", help="only check and show the changes")
    p.add_argument("--allow-older", action="store_true", help="allow a pack older than the active one")
    p.add_argument("--format", choices=["text", "json"], default="text", help="how to print the changes")
    _recall_args(p)
    p.set_defaults(func=cmd_import)

    p = rsub.add_parser("rollback", help="re-activate the previous rule pack")
    p.add_argument("--to", help="SHA-256 (or a unique prefix) of a stored pack instead of the previous one")
    p.add_argument("--yes", action="store_true", help="do not ask")
    _recall_args(p)
    p.set_defaults(func=cmd_rollback)

    p = rsub.add_parser("history", parents=[lang], help="stored packs and when each was activated")
    p.set_defaults(func=cmd_history)

    keys = rsub.add_parser("keys", help="publisher keys: generate, list, trust, untrust")
    ksub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    k = ksub.add_parser("generate", parents=[lang], help="make a publisher key pair (publishers only)")
    k.add_argument("--out", required=True, help="folder for NAME.key and NAME.pub")
    k.add_argument("--name", required=True, help="key name, e.g. cn-migrant-publisher-2026")
    k.add_argument("--no-passphrase", action="store_true", help="leave the private key unencrypted (tests only)")
    k.set_defaults(func=cmd_keys_generate)
    k = ksub.add_parser("list", parents=[lang], help="trusted publisher keys")
    k.set_defaults(func=cmd_keys_list)
    k = ksub.add_parser("trust", help="trust a publisher's public key (.pub)")
    k.add_argument("file")
    k.add_argument("--yes", action="store_true", help="do not ask (after checking the fingerprint)")
    _login_args(k)
    k.set_defaults(func=cmd_keys_trust)
    k = ksub.add_parser("untrust", help="stop trusting a key (by key id)")
    k.add_argument("key_id")
    k.add_argument("--yes", action="store_true")
    _login_args(k)
    k.set_defaults(func=cmd_keys_untrust)


def _login_args(p: argparse.ArgumentParser) -> None:
    from advisor.cli import credentials

    credentials.add_arguments(p)


def _authorise(args: argparse.Namespace) -> str:
    """Changing the rules is for administrators once the centre has accounts (checked and audit-logged by
    the service layer); before any account exists there is nobody to ask. Returns who acts."""
    from advisor.cli import credentials

    if not credentials.db_path(args).exists():
        return _who(args)
    store = credentials.open_store(args)
    if not store.has_accounts():
        store.close()
        return _who(args)
    session = credentials.sign_in(args, "rulepack.manage", store=store)
    name = str(session.username)
    credentials.sign_out(session)
    return name


def _recall_args(p: argparse.ArgumentParser) -> None:
    """``--no-recall``, and the log-in options for working out the recall list (``--db``, ``--user``)."""
    from advisor.cli import credentials

    p.add_argument("--no-recall", action="store_true", help="do not work out the recall list now")
    credentials.add_arguments(p)


# ----------------------------------------------------------------------------- helpers
def _say(args: argparse.Namespace, zh: str, en: str) -> None:
    print(en if args.lang == "en" else zh)


def _engine() -> Any:
    from advisor.db import make_engine
    from advisor.paths import rules_db_path

    return make_engine(rules_db_path())


def _confirm(args: argparse.Namespace, zh: str, en: str) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise CliError("需要确认：在终端中运行，或加上 --yes / confirmation needed: run in a terminal or add --yes")
    answer = input((zh if args.lang == "zh" else en) + " [yes/no] ")
    return answer.strip().lower() in ("yes", "y", "是")


def _signing_passphrase(key_path: str) -> str | None:
    from advisor.rules.signing import private_key_is_encrypted

    if not private_key_is_encrypted(key_path):
        return None
    env = os.environ.get(SIGN_PASS_ENV)
    if env:
        return env
    if not sys.stdin.isatty():
        raise CliError(f"私钥有密码保护：请在终端中运行或设置 {SIGN_PASS_ENV} / the private key is protected: "
                       f"run in a terminal or set {SIGN_PASS_ENV}")
    return getpass.getpass("私钥密码 / key passphrase: ")


def _who(args: argparse.Namespace) -> str:
    """Who acts, for the update log: ``--user`` / ``ADVISOR_USER``, else the operating-system account."""
    return getattr(args, "worker", None) or os.environ.get("ADVISOR_USER") or getpass.getuser()


def _pack_error(exc: Any, lang: str) -> CliError:
    return CliError(exc.report(lang), 2 if exc.code == "unreadable" else 1)


# ----------------------------------------------------------------------------- export
def cmd_export(args: argparse.Namespace) -> int:
    """Validate a pack folder and sign it into one file."""
    from advisor.paths import bundled_rules_dir
    from advisor.rules.loader import PackError
    from advisor.rules.packfile import write_pack_file
    from advisor.rules.signing import KeyError_, load_private_key

    out = Path(args.out)
    if not out.parent.exists():
        raise CliError(f"输出目录不存在 / output folder does not exist: {out.parent}")
    if not Path(args.key).is_file():
        raise CliError(f"找不到私钥文件 / no such key file: {args.key}")
    try:
        key = load_private_key(args.key, _signing_passphrase(args.key))
    except KeyError_ as exc:
        raise CliError(exc.message("zh+en")) from None
    name = Path(args.key).stem
    root = Path(args.dir) if args.dir else bundled_rules_dir()
    if not root.is_dir():
        raise CliError(f"不是文件夹 / not a folder: {root}")
    try:
        manifest = write_pack_file(root, out, key, signer_name=name)
    except PackError as exc:
        raise CliError(exc.report(args.lang), 1) from None
    _say(args,
         f"已写出签名规则包 {out}：{manifest.pack} {manifest.version}（{manifest.date}），"
         f"{len(manifest.files)} 个文件，内容 SHA-256 {manifest.content_sha256[:16]}…，"
         f"签名密钥 {manifest.signer.key_id}",
         f"wrote signed pack {out}: {manifest.pack} {manifest.version} ({manifest.date}), {len(manifest.files)} files, "
         f"content SHA-256 {manifest.content_sha256[:16]}…, signed with key {manifest.signer.key_id}")
    return 0


# ----------------------------------------------------------------------------- import
def cmd_import(args: argparse.Namespace) -> int:
    """Check, show, ask, activate, recall."""
    from advisor.rules.diff import diff_lines
    from advisor.rules.packfile import PackFileError
    from advisor.rules.update import activate_update, log_event, stage_update

    if not Path(args.pack).exists():
        raise CliError(f"找不到文件 / no such file: {args.pack}")
    engine = _engine()
    try:
        update = stage_update(args.pack, engine)
    except PackFileError as exc:
        raise _pack_error(exc, args.lang) from None
    with update:
        signer = update.staged.signer
        where = "内置" if signer.origin == "bundled" else "本机添加"
        _say(args,
             f"签名有效：{signer.name}（{signer.fingerprint}，{where}）；"
             f"场景测试 {update.scenario_count} 项全部通过。",
             f"signature valid: {signer.name} ({signer.fingerprint}, {signer.origin}); "
             f"{update.scenario_count} scenario tests pass.")
        if args.format == "json":
            print(json.dumps(update.diff.to_dict(), ensure_ascii=False, indent=2))
        else:
            print("\n".join(diff_lines(update.diff, args.lang)))
        if update.already_active:
            _say(args, "这个规则包已在使用中，无需更改。", "This pack is already active; nothing to do.")
            return 0
        if update.diff.older and not args.allow_older:
            log_event("refused", file=Path(args.pack).name, code="older", sha256=update.pack.sha256)
            raise CliError("拒绝降级：这个规则包比当前的旧（确需如此请加 --allow-older） / refused: this pack is older "
                           "than the active one (add --allow-older if that is really wanted)", 1)
        if args.dry_run:
            _say(args, "（仅检查，未启用）", "(checked only; not activated)")
            return 0
        who = _authorise(args)
        if not _confirm(args, "启用这个规则包？", "Activate this pack?"):
            _say(args, "未启用，规则未改变。", "Not activated; the rules are unchanged.")
            return 0
        try:
            activate_update(engine, update, allow_older=args.allow_older, by=who)
        except PackFileError as exc:
            raise _pack_error(exc, args.lang) from None
        _say(args,
             f"已启用规则包 {update.pack.manifest.version}；之前的规则包仍保存，可用 advisor rules rollback 退回。",
             f"Activated pack {update.pack.manifest.version}; the previous pack is kept (advisor rules rollback).")
    _after_change(args, engine)
    return 0


def _after_change(args: argparse.Namespace, engine: Any) -> None:
    """Work out and print the recall list (a failure here never undoes the activation)."""
    if args.no_recall:
        _say(args, "召回名单稍后可用 advisor cases recall 生成。", "Run advisor cases recall for the recall list.")
        return
    from advisor.cli.recall_cmd import recall_for_change

    recall_for_change(args, engine)


# ----------------------------------------------------------------------------- rollback / history
def cmd_rollback(args: argparse.Namespace) -> int:
    """Re-activate the previous pack (or a given stored one)."""
    from advisor.rules.diff import diff_lines, diff_packs
    from advisor.rules.update import current_pack, find_pack, rollback, rollback_target, stored_pack

    engine = _engine()
    current = current_pack(engine)
    if args.to:
        try:
            target = find_pack(engine, args.to)
        except KeyError:
            raise CliError(f"没有唯一匹配的已存规则包 / no unique stored pack matches {args.to!r} "
                           "(advisor rules history)") from None
    else:
        target = rollback_target(engine)
        if target is None:
            raise CliError("没有可退回的上一个规则包 / there is no previous pack to roll back to", 1)
    if target.sha256 == current.sha256:
        _say(args, "该规则包已在使用中。", "That pack is already active.")
        return 0
    print("\n".join(diff_lines(diff_packs(current, stored_pack(target)), args.lang)))
    who = _authorise(args)
    if not _confirm(args, f"退回到规则包 {target.version}（{target.pack_date}）？",
                    f"Roll back to pack {target.version} ({target.pack_date})?"):
        _say(args, "未更改。", "Nothing changed.")
        return 0
    rollback(engine, target, by=who)
    _say(args, f"已退回到规则包 {target.version}。", f"Rolled back to pack {target.version}.")
    _after_change(args, engine)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    """Stored packs and the activation history."""
    from advisor.rules.store import activations, list_packs
    from advisor.rules.update import current_pack

    engine = _engine()
    current_pack(engine)
    _say(args, "已保存的规则包（* 为当前使用）：", "Stored packs (* = active):")
    for rec in list_packs(engine):
        print(f"  {'*' if rec.active else ' '} {rec.sha256[:16]}  {rec.pack_id} {rec.version:8} {rec.pack_date}  "
              f"{rec.origin:8} {rec.imported_at}")
    _say(args, "启用记录：", "Activations:")
    for when, rec in activations(engine):
        print(f"    {when}  {rec.version:8} {rec.sha256[:16]}")
    return 0


# ----------------------------------------------------------------------------- keys
def cmd_keys_generate(args: argparse.Namespace) -> int:
    """Make a publisher key pair."""
    from advisor.rules.signing import KeyError_, generate_key

    passphrase = None
    if not args.no_passphrase:
        passphrase = os.environ.get(SIGN_PASS_ENV)
        if not passphrase:
            if not sys.stdin.isatty():
                raise CliError(f"需要私钥密码：在终端中运行、设置 {SIGN_PASS_ENV}，或加 --no-passphrase / a passphrase "
                               f"is needed: run in a terminal, set {SIGN_PASS_ENV}, or add --no-passphrase")
            passphrase = getpass.getpass("新私钥密码 / new key passphrase: ")
            if getpass.getpass("再输入一次 / repeat: ") != passphrase:
                raise CliError("两次输入的密码不一致 / the passphrases differ")
        if len(passphrase) < 8:
            raise CliError("私钥密码至少 8 个字符 / the key passphrase needs at least 8 characters")
    try:
        key_path, pub_path, public = generate_key(args.out, args.name, passphrase)
    except KeyError_ as exc:
        raise CliError(exc.message("zh+en")) from None
    _say(args, f"私钥（保密，只留在发布方）：{key_path}\n公钥（发给各中心）：{pub_path}\n指纹：{public.fingerprint}",
         f"private key (keep secret, publisher only): {key_path}\npublic key (give to centres): {pub_path}\n"
         f"fingerprint: {public.fingerprint}")
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    """Trusted keys."""
    from advisor.rules.signing import local_keys_dir, revoked_key_ids, trusted_keys

    keys = trusted_keys()
    if not keys:
        _say(args, "本机没有受信任的发布方公钥：规则包文件都会被拒绝。",
             "No trusted publisher key: every pack file is refused.")
    for k in keys:
        origin = {"bundled": ("内置", "bundled"), "local": ("本机添加", "added here")}[k.origin][args.lang == "en"]
        print(f"  {k.fingerprint}  {k.name}  ({origin})")
    revoked = revoked_key_ids()
    if revoked:
        _say(args, f"已停用：{', '.join(sorted(revoked))}", f"revoked: {', '.join(sorted(revoked))}")
    _say(args, f"本机公钥目录：{local_keys_dir()}", f"local key folder: {local_keys_dir()}")
    return 0


def cmd_keys_trust(args: argparse.Namespace) -> int:
    """Trust a public key after the administrator compared its fingerprint with the publisher."""
    from advisor.rules.signing import KeyError_, read_public_key, trust_key

    if not Path(args.file).is_file():
        raise CliError(f"找不到文件 / no such file: {args.file}")
    try:
        key = read_public_key(args.file)
    except KeyError_ as exc:
        raise CliError(exc.message("zh+en")) from None
    _say(args, f"公钥：{key.name}\n指纹：{key.fingerprint}\n请通过电话等其他途径与发布方核对指纹。",
         f"key: {key.name}\nfingerprint: {key.fingerprint}\nCompare the fingerprint with the publisher by another "
         "channel (phone).")
    _authorise(args)
    if not _confirm(args, "信任这个公钥签名的规则包？", "Trust rule packs signed with this key?"):
        _say(args, "未添加。", "Not added.")
        return 0
    path = trust_key(key)
    _say(args, f"已添加：{path}", f"added: {path}")
    return 0


def cmd_keys_untrust(args: argparse.Namespace) -> int:
    """Stop trusting a key."""
    from advisor.rules.signing import KeyError_, untrust_key

    _authorise(args)
    if not _confirm(args, f"停止信任公钥 {args.key_id}？", f"Stop trusting key {args.key_id}?"):
        return 0
    try:
        how = untrust_key(args.key_id)
    except KeyError_ as exc:
        raise CliError(exc.message("zh+en")) from None
    _say(args, "已删除。" if how == "removed" else "已停用（内置公钥记入 revoked.txt）。",
         "removed." if how == "removed" else "revoked (a bundled key is listed in revoked.txt).")
    return 0

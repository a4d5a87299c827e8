"""``advisor --self-test``: prove that this build (a checkout, a wheel or a PyInstaller bundle) can do a
whole visit, offline, without touching the user's data. Exit 0 when every check passes, else 1.

Checks, each timed and printed on one line:

1. resources: the bundled rule pack loads strictly (libyaml, pydantic) and its scenario tests pass;
2. evaluate: the bundled example case (``resources/examples/``) gives options;
3. letter: a Chinese and an English letter are built into a temporary folder and read back with
   pypdf (``%PDF-`` … ``%%EOF``, page count, the family's name in the text) — fonts and templates;
4. signed packs: an Ed25519 key signs the bundled pack into a pack file that is checked and staged
   again (``cryptography``, zip);
5. stores: the rules store imports the pack and a new case store is created and migrated
   (SQLite, SQLModel, Alembic scripts);
6. window (unless ``--no-gui``): the desktop app starts on Qt's offscreen platform, loads the rules
   and closes (Qt libraries and plugins).

Everything is written under a temporary ``ADVISOR_HOME`` (unless one is set), removed afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _check(name: str, fn: Callable[[], str], failures: list[str]) -> None:
    t0 = time.perf_counter()
    try:
        detail = fn()
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the others
        failures.append(name)
        print(f"FAIL {name}: {exc.__class__.__name__}: {exc}")
        traceback.print_exc(limit=3, file=sys.stdout)
        return
    print(f"ok   {name} ({(time.perf_counter() - t0) * 1000:.0f} ms){': ' + detail if detail else ''}")


def run_core(work: Path) -> list[str]:
    """Checks 1-5; the names of the failed checks."""
    from advisor.paths import bundled_rules_dir, resources_dir, templates_dir

    failures: list[str] = []
    state: dict[str, Any] = {}

    def resources() -> str:
        from advisor.rules.loader import load_pack
        from advisor.rules.scenarios import run_scenarios

        for folder in (resources_dir() / "fonts", resources_dir() / "translations", templates_dir()):
            if not folder.is_dir():
                raise FileNotFoundError(folder)
        state["pack"] = pack = load_pack(bundled_rules_dir())
        results = run_scenarios(pack, bundled_rules_dir())
        failed = [r for r in results if not r.passed]
        if failed or not results:
            raise AssertionError(f"{len(failed)} of {len(results)} scenario tests fail")
        return f"{pack.manifest.pack} {pack.manifest.version}, {len(pack.rules)} rules, {len(results)} scenarios pass"

    def evaluate() -> str:
        from advisor.domain.validation import load_case_file
        from advisor.rules.engine import evaluate as run

        examples = sorted((resources_dir() / "examples").glob("*.json"))
        if not examples:
            raise FileNotFoundError(resources_dir() / "examples")
        state["case"] = case = load_case_file(examples[0])
        state["result"] = result = run(case, state["pack"])
        if not result["options"]:
            raise AssertionError("no options for the example case")
        statuses = sorted({o["status"] for o in result["options"]})
        return f"{examples[0].name}: {len(result['options'])} options ({', '.join(statuses)})"

    def letter() -> str:
        from pypdf import PdfReader

        from advisor.letters import build_letter

        out = []
        for lang in ("zh", "en"):
            path = work / f"letter-{lang}.pdf"
            report = build_letter(state["case"], state["result"], path, lang=lang)
            data = path.read_bytes()
            if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
                raise AssertionError(f"{path.name} is not a complete PDF")
            reader = PdfReader(str(path))
            if len(reader.pages) != report.pages or report.pages < 2:
                raise AssertionError(f"{path.name}: {len(reader.pages)} pages, expected {report.pages}")
            if report.missing_chars:
                raise AssertionError(f"characters without a font: {report.missing_chars}")
            name = state["case"].applicant.name or ""
            text = "".join(p.extract_text() or "" for p in reader.pages[:2])
            if name and name not in text.replace(" ", "").replace("\n", ""):
                raise AssertionError(f"{path.name}: the family's name is not in the text")
            out.append(f"{lang} {report.pages} pages")
        return ", ".join(out)

    def signed_pack() -> str:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from advisor.rules.packfile import open_pack_file, write_pack_file
        from advisor.rules.signing import public_of

        key = Ed25519PrivateKey.generate()
        path = work / "selftest.rulepack"
        write_pack_file(bundled_rules_dir(), path, key, signer_name="self-test")
        with open_pack_file(path, [public_of(key)], staging_parent=work / "staging") as staged:
            if staged.pack.sha256 != state["pack"].sha256:
                raise AssertionError("the staged pack differs from the bundled one")
        return f"{path.stat().st_size // 1024} KB, signature and content verified"

    def stores() -> str:
        from advisor.cases import CaseStore
        from advisor.db import make_engine
        from advisor.rules.store import import_pack, load_active

        engine = make_engine(work / "rules.db")
        import_pack(engine, bundled_rules_dir(), origin="bundled")
        if load_active(engine).sha256 != state["pack"].sha256:  # type: ignore[union-attr]
            raise AssertionError("the rules store does not give the pack back")
        engine.dispose()
        store = CaseStore.open(work / "cases.db")
        try:
            problems = store.check()
            if problems:
                raise AssertionError(f"case store: {problems}")
        finally:
            store.close()
        return "rules store and case store (migrated) ok"

    for name, fn in (("resources", resources), ("evaluate", evaluate), ("letter", letter),
                     ("signed pack", signed_pack), ("stores", stores)):
        if name in ("evaluate", "letter", "signed pack", "stores") and "pack" not in state:
            failures.append(name)
            print(f"FAIL {name}: skipped (no rule pack)")
            continue
        if name == "letter" and "result" not in state:
            failures.append(name)
            print(f"FAIL {name}: skipped (no result)")
            continue
        _check(name, fn, failures)
    return failures


def run_gui(timeout: int = 180) -> str | None:
    """Start the window offscreen in a child process (same executable); None when it worked."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM") or "offscreen"}
    if getattr(sys, "frozen", False):
        cmd = [sys.executable, "--self-test-gui"]
    else:
        cmd = [sys.executable, "-m", "advisor", "--self-test-gui"]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"the window did not start within {timeout} s"
    if proc.returncode != 0:
        return f"exit {proc.returncode}: {(proc.stdout + proc.stderr).strip()[-800:]}"
    return None


def main(argv: list[str] | None = None) -> int:
    """``advisor --self-test [--no-gui]``."""
    argv = list(argv or [])
    from advisor import __version__

    frozen = "bundle" if getattr(sys, "frozen", False) else "python"
    print(f"advisor {__version__} self-test ({frozen}, Python {sys.version.split()[0]}, {sys.platform})")
    t0 = time.perf_counter()
    own_home = "ADVISOR_HOME" not in os.environ
    with tempfile.TemporaryDirectory(prefix="advisor-selftest-") as tmp:
        if own_home:
            os.environ["ADVISOR_HOME"] = str(Path(tmp) / "home")
        try:
            work = Path(tmp) / "work"
            work.mkdir()
            failures = run_core(work)
            if "--no-gui" not in argv:
                g0 = time.perf_counter()
                problem = run_gui()
                if problem:
                    failures.append("window")
                    print(f"FAIL window: {problem}")
                else:
                    print(f"ok   window ({(time.perf_counter() - g0) * 1000:.0f} ms): started offscreen, rules "
                          "loaded, closed")
        finally:
            if own_home:
                os.environ.pop("ADVISOR_HOME", None)
    seconds = time.perf_counter() - t0
    if failures:
        print(f"self-test FAILED ({', '.join(failures)}) in {seconds:.1f} s")
        return 1
    print(f"self-test ok in {seconds:.1f} s")
    return 0

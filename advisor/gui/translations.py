"""Regenerate the translation files: ``python -m advisor.gui.translations [update|release|all]``.

``update`` runs pyside6-lupdate over ``advisor/gui`` into ``resources/translations/*.ts`` (existing
translations are kept; translators edit the .ts files with Qt Linguist); ``release`` compiles them to
the ``.qm`` files the app loads. Source strings are English; Chinese is ``advisor_zh_CN``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "advisor" / "gui"
OUT = ROOT / "resources" / "translations"
TS_FILES = {"advisor_zh_CN.ts": [], "advisor_en.ts": ["-pluralonly"]}


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    return found


def sources() -> list[str]:
    """Every GUI module, relative to the repository (stable locations in the .ts files)."""
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py") if p.name != "translations.py")


def update() -> None:
    """Extract the strings into the .ts files."""
    OUT.mkdir(parents=True, exist_ok=True)
    for ts, extra in TS_FILES.items():
        subprocess.run([_tool("pyside6-lupdate"), *extra, "-no-obsolete", "-locations", "relative",
                        *sources(), "-ts", str((OUT / ts).relative_to(ROOT))], check=True, cwd=ROOT)


def release() -> None:
    """Compile the .ts files into .qm files."""
    for ts in TS_FILES:
        subprocess.run([_tool("pyside6-lrelease"), str(OUT / ts), "-qm", str(OUT / ts.replace(".ts", ".qm"))],
                       check=True)


def main(argv: list[str]) -> int:
    """Command line."""
    what = argv[0] if argv else "all"
    if what in ("update", "all"):
        update()
    if what in ("release", "all"):
        release()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Chinese renders in the bundled font (never as boxes); every window string has a Chinese translation."""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from advisor.gui import fonts
from advisor.gui.style import STATUS_STYLE
from tests.conftest import ROOT

TS = ROOT / "resources" / "translations" / "advisor_zh_CN.ts"
GUI = ROOT / "advisor" / "gui"


def _sources_in_code(path: Path) -> list[str]:
    """Source texts of tr("…"), self.tr("…"), translate("ctx", "…") and QT_TRANSLATE_NOOP("ctx", "…")."""
    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        index = {"tr": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}.get(name)
        if index is None or len(node.args) <= index:
            continue
        arg = node.args[index]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            out.append(arg.value)
    return out


def _messages() -> dict[str, str]:
    out = {}
    for m in ET.parse(TS).getroot().iter("message"):
        t = m.find("translation")
        out[m.findtext("source")] = "" if t.get("type") == "unfinished" else (t.text or "")
    return out


def test_every_string_is_translated():
    messages = _messages()
    assert messages and all(messages.values()), [s for s, t in messages.items() if not t]
    missing = []
    for path in GUI.rglob("*.py"):
        for source in _sources_in_code(path):
            if source not in messages:
                missing.append(f"{path.name}: {source}")
    assert not missing, "run: python -m advisor.gui.translations all\n" + "\n".join(missing)


def test_qm_files_are_up_to_date(tmp_path):
    for ts in ("advisor_zh_CN", "advisor_en"):
        out = tmp_path / f"{ts}.qm"
        tool = Path(sys.executable).with_name("pyside6-lrelease")
        subprocess.run([str(tool), str(TS.with_name(f"{ts}.ts")), "-qm", str(out)], check=True,
                       capture_output=True)
        assert out.read_bytes() == TS.with_name(f"{ts}.qm").read_bytes(), f"{ts}.qm is stale"


@pytest.mark.gui
def test_bundled_font_is_the_app_font(window):
    families = fonts.ui_families()
    assert families and families[0] == "WenQuanYi Micro Hei"
    assert QApplication.font().families()[0] == families[0]


@pytest.mark.gui
def test_no_missing_glyphs(window, services):
    """Every character the window can show is in a bundled font (so no boxes on a bare PC)."""
    from advisor.gui.app import register_fallback_fonts

    register_fallback_fonts(window.settings)
    metrics = [QFontMetrics(QFont(f)) for f in fonts.ui_families()]
    text = "".join(_messages().values()) + "".join(s[0] for s in STATUS_STYLE.values()) + "✘▶→·—①②③④⑤⑥⑦"
    for fact in services.pack.facts.values():
        text += fact.question.zh + (fact.help.zh if fact.help else "")
        for label in (fact.labels or {}).values():
            text += label.zh
    for rule in services.pack.rules:
        text += rule.title.zh
    missing = sorted({ch for ch in text if ch.strip() and not any(m.inFontUcs4(ord(ch)) for m in metrics)})
    assert not missing, missing

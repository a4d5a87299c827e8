"""All-or-nothing output (C16, C17, C14): a failure half-way leaves no partial file at the target."""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import time

import pytest
from pypdf import PdfReader

from advisor.letters import OutputError, build_letter
from advisor.letters import atomic as atomic_mod
from advisor.letters.builder import CheckItem
from tests.conftest import ROOT
from tests.letters.conftest import option, result_with, simple_case


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


def _build(target):
    return build_letter(simple_case(), result_with([option("甲", "A")]), target)


def test_failure_half_way_through_layout_leaves_nothing(tmp_path, monkeypatch):
    def boom(self):
        raise RuntimeError("half-way")

    monkeypatch.setattr(CheckItem, "draw", boom)  # fails while pages are being drawn
    target = tmp_path / "letter.pdf"
    with pytest.raises(RuntimeError):
        _build(target)
    assert not target.exists() and _leftovers(tmp_path) == []


def test_failure_leaves_the_previous_letter_intact(tmp_path, monkeypatch):
    target = tmp_path / "letter.pdf"
    _build(target)
    before = target.read_bytes()

    def boom(self):
        raise RuntimeError("half-way")

    monkeypatch.setattr(CheckItem, "draw", boom)
    with pytest.raises(RuntimeError):
        build_letter(simple_case("李四"), result_with([option("乙", "B")]), target)
    assert target.read_bytes() == before and _leftovers(tmp_path) == []


def test_failure_while_writing_removes_the_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "letter.pdf"

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as err:
        _build(target)
    assert "磁盘空间不足" in err.value.message("zh")
    assert not target.exists() and _leftovers(tmp_path) == []


def test_locked_target_is_retried_then_reported(tmp_path, monkeypatch):
    target = tmp_path / "letter.pdf"
    real = os.replace
    calls = {"n": 0}

    def flaky(src, dst):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise PermissionError(errno.EACCES, "locked")
        return real(src, dst)

    monkeypatch.setattr(atomic_mod, "REPLACE_WAIT_S", 0)
    monkeypatch.setattr(os, "replace", flaky)
    _build(target)
    assert calls["n"] == 3 and PdfReader(io.BytesIO(target.read_bytes())).pages

    def locked(src, dst):
        raise PermissionError(errno.EACCES, "locked")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError) as err:
        _build(target)
    assert "其他程序中打开" in err.value.message("zh") and "open in another program" in err.value.message("en")
    assert _leftovers(tmp_path) == []


def test_output_is_a_complete_pdf(tmp_path):
    target = tmp_path / "letter.pdf"
    report = _build(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert report.path == target and len(PdfReader(io.BytesIO(data)).pages) == report.pages


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(OutputError) as err:
        _build(tmp_path / "nope" / "letter.pdf")
    assert "输出目录不存在" in err.value.message("zh")


def test_stale_temps_from_a_killed_writer_are_removed(tmp_path):
    target = tmp_path / "letter.pdf"
    stale = tmp_path / ".letter.pdf.abc123.partial"
    stale.write_bytes(b"%PDF-half")
    old = time.time() - 2 * atomic_mod.STALE_AFTER_S
    os.utime(stale, (old, old))
    fresh = tmp_path / ".letter.pdf.def456.partial"  # maybe another writer at work: left alone
    fresh.write_bytes(b"%PDF-half")
    _build(target)
    assert not stale.exists() and fresh.exists()


def test_sigkill_during_a_build_never_leaves_a_partial_target(tmp_path):
    """A writer killed at a random moment: the target is absent or a complete PDF."""
    script = (
        "import sys\n"
        "from advisor.letters import build_letter\n"
        "from tests.letters.conftest import option, result_with, simple_case\n"
        "opts = [option(f'项目{i}', f'Item {i}') for i in range(40)]\n"
        "for i in range(1000):\n"
        "    build_letter(simple_case(), result_with(opts), sys.argv[1])\n"
    )
    target = tmp_path / "letter.pdf"
    for delay in (0.4, 0.9, 1.5):
        proc = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if target.exists():
            data = target.read_bytes()
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
            PdfReader(io.BytesIO(data))

"""``advisor report``: writes the PDF and the CSV for an administrator; exit 2 on bad input or a refusal."""

from __future__ import annotations

import pytest

from advisor.cli import main
from tests.accounts.conftest import PASSWORDS
from tests.report.synth import CHILD_MARK, NAME_MARK, NOTE_MARK


@pytest.fixture
def as_user(monkeypatch):
    def login(name: str) -> None:
        monkeypatch.setenv("ADVISOR_USER", name)
        monkeypatch.setenv("ADVISOR_PASSWORD", PASSWORDS[name])
    return login


def test_an_administrator_gets_the_pdf_and_the_csv(centre, as_user, tmp_path, capsys):
    as_user("admin")
    out = tmp_path / "out" / "report.pdf"
    out.parent.mkdir()
    code = main(["report", "--db", str(centre.path), "--from", "2024-01-01", "--to", "2026-11-27",
                 "-o", str(out), "--csv", "--lang", "en"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert out.read_bytes().startswith(b"%PDF")
    table = out.with_suffix(".csv").read_text("utf-8-sig")
    assert table.startswith("section,scope,item")
    assert "families served:" in printed.out and "written:" in printed.out
    for marker in (NAME_MARK, CHILD_MARK, NOTE_MARK):
        assert marker not in printed.out + printed.err + table


def test_csv_only_and_a_city(centre, as_user, tmp_path):
    as_user("audit")
    target = tmp_path / "beijing.csv"
    assert main(["report", "--db", str(centre.path), "--city", "beijing", "--csv", str(target)]) == 0
    rows = target.read_text("utf-8-sig").splitlines()
    assert any(r.startswith("served,beijing,") for r in rows)
    assert not any(r.startswith("served,shanghai,") for r in rows)


@pytest.mark.parametrize("argv", [
    ["--from", "2026-13-01", "-o", "{tmp}/r.pdf"],
    ["--from", "2026-05-01", "--to", "2026-01-01", "-o", "{tmp}/r.pdf"],
    ["--city", "paris", "-o", "{tmp}/r.pdf"],
    [],  # nowhere to write
    ["--csv"],  # --csv without a file and without -o
    ["-o", "{tmp}/missing/folder/r.pdf"],
    ["-o", "{tmp}"],  # a folder
    ["--processes", "0", "-o", "{tmp}/r.pdf"],
], ids=["bad-date", "to-before-from", "unknown-city", "no-output", "csv-no-file", "no-folder", "folder",
        "processes"])
def test_bad_input_exits_2(centre, as_user, tmp_path, capsys, argv):
    as_user("admin")
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(["report", "--db", str(centre.path), *args]) == 2
    err = capsys.readouterr().err
    assert err and "Traceback" not in err


def test_a_case_worker_is_refused(centre, as_user, tmp_path, capsys):
    as_user("li.na")
    assert main(["report", "--db", str(centre.path), "-o", str(tmp_path / "r.pdf")]) == 2
    assert "中心统计报告" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()


def test_a_missing_store_exits_2(as_user, tmp_path):
    as_user("admin")
    assert main(["report", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "r.pdf")]) == 2

"""The installable bundle: build it with PyInstaller (build_spec/build.sh) and run it.

Takes 1-2 minutes, so it runs only when asked: ``make bundle-test`` (CI: ``.ci/run``) sets
``ADVISOR_BUNDLE_TEST=1``. ``ADVISOR_BUNDLE_REUSE=1`` skips the build when ``dist/advisor`` exists.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dist" / "advisor" / ("advisor.exe" if os.name == "nt" else "advisor")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("ADVISOR_BUNDLE_TEST") != "1",
                       reason="builds the PyInstaller bundle: run with make bundle-test (ADVISOR_BUNDLE_TEST=1)"),
]


@pytest.fixture(scope="module")
def bundle() -> Path:
    if not (os.environ.get("ADVISOR_BUNDLE_REUSE") == "1" and APP.exists()):
        t0 = time.perf_counter()
        proc = subprocess.run(["bash", str(ROOT / "build_spec" / "build.sh")], cwd=ROOT, capture_output=True,
                              text=True, timeout=1800)
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
        assert "self-test ok" in proc.stdout
        print(f"bundle built and self-tested in {time.perf_counter() - t0:.0f} s")
    assert APP.exists()
    return APP


def _run(app: Path, *args: str, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", ADVISOR_HOME=str(home))
    return subprocess.run([str(app), *args], capture_output=True, text=True, timeout=600, env=env, cwd=home)


def test_self_test(bundle, tmp_path):
    proc = _run(bundle, "--self-test", home=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "(bundle," in proc.stdout and "ok   letter" in proc.stdout and "ok   window" in proc.stdout
    assert "self-test ok" in proc.stdout


def test_commands_from_the_bundle(bundle, tmp_path):
    proc = _run(bundle, "rules", "validate", home=tmp_path)
    assert proc.returncode == 0 and "OK" in proc.stdout, proc.stdout + proc.stderr
    case = bundle.parent / "_internal" / "resources" / "examples" / "beijing-courier-family.json"
    proc = _run(bundle, "evaluate", str(case), "--lang", "en", home=tmp_path)
    assert proc.returncode == 0 and "Beijing" in proc.stdout, proc.stdout + proc.stderr
    out = tmp_path / "letter.pdf"
    proc = _run(bundle, "letter", str(case), "-o", str(out), home=tmp_path)
    assert proc.returncode == 0 and out.read_bytes().startswith(b"%PDF-"), proc.stdout + proc.stderr
    # a signed pack made and checked by the bundle itself
    keys = tmp_path / "keys"
    assert _run(bundle, "rules", "keys", "generate", "--out", str(keys), "--name", "p", "--no-passphrase",
                home=tmp_path).returncode == 0
    assert _run(bundle, "rules", "keys", "trust", str(keys / "p.pub"), "--yes", home=tmp_path).returncode == 0
    pack_file = tmp_path / "p.rulepack"
    assert _run(bundle, "rules", "export", "-o", str(pack_file), "--key", str(keys / "p.key"),
                home=tmp_path).returncode == 0
    proc = _run(bundle, "rules", "import", str(pack_file), "--dry-run", "--lang", "en", home=tmp_path)
    assert proc.returncode == 0 and "signature valid" in proc.stdout, proc.stdout + proc.stderr

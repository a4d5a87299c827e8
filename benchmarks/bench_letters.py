"""Letter build speed: median per letter (warm) for the example cases, 2–3-page letters, a batch of 100.

    python benchmarks/bench_letters.py [--repeat N]

Prints figures only (no thresholds: timing bounds do not belong in unit tests). The target in the
letter issue is a median of at most 60 ms per 2–3-page letter on the project machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.domain.validation import load_case_file  # noqa: E402
from advisor.letters import build_letter, render_letter_bytes  # noqa: E402
from advisor.letters.letter_model import entry_key  # noqa: E402
from advisor.rules.engine import evaluate  # noqa: E402
from advisor.rules.loader import load_pack  # noqa: E402


def _cases() -> list[Path]:
    shared = ROOT.parent / "shared" / "examples" / "cases"
    folder = shared if shared.is_dir() else ROOT / "tests" / "data" / "cases"
    return sorted(folder.glob("*.json"))


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ") or pdf.count(b"/Type /Page")


def _short_include(case, result, lang: str) -> tuple[set[tuple[str, str]], int]:
    """The most options (in result order) that still make a letter of at most 3 pages."""
    keys = [entry_key(e) for e in result["options"] + result["points"]]
    best: tuple[set[tuple[str, str]], int] = (set(), 0)
    for k in range(1, len(keys) + 1):
        include = set(keys[:k])
        pages = _pages(render_letter_bytes(case, result, lang=lang, include=include))
        if pages > 3:
            break
        best = (include, pages)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="builds per measurement (median taken)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    pack = load_pack(ROOT / "resources" / "rules")
    examples = []
    for path in _cases():
        case = load_case_file(path)
        examples.append((path.stem, case, evaluate(case, pack)))
    t1 = time.perf_counter()
    render_letter_bytes(examples[0][1], examples[0][2])  # fonts registered, templates compiled
    cold = (time.perf_counter() - t1) * 1000
    print(f"pack + {len(examples)} evaluations: {(t1 - t0) * 1000:.0f} ms; first letter (cold): {cold:.0f} ms")

    print(f"\nFull letters, warm, median of {args.repeat}:")
    print(f"{'case':28} {'lang':4} {'pages':>5} {'ms/letter':>10} {'ms/page':>8}")
    full, short = [], []
    for name, case, result in examples:
        for lang in ("zh", "en"):
            pages = _pages(render_letter_bytes(case, result, lang=lang))
            ms = _median_ms(lambda c=case, r=result, g=lang: render_letter_bytes(c, r, lang=g), args.repeat)
            full.append(ms)
            print(f"{name:28} {lang:4} {pages:5d} {ms:10.1f} {ms / pages:8.1f}")

    print(f"\n2–3-page letters (the first options of each case, as a case worker's selection), median of "
          f"{args.repeat}:")
    for name, case, result in examples:
        for lang in ("zh", "en"):
            include, pages = _short_include(case, result, lang)
            if not include:
                continue
            ms = _median_ms(lambda c=case, r=result, g=lang, i=include: render_letter_bytes(c, r, lang=g, include=i),
                            args.repeat)
            short.append(ms)
            print(f"{name:28} {lang:4} {pages:5d} {ms:10.1f}   ({len(include)} options)")

    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(c, r, g) for _, c, r in examples for g in ("zh", "en")]
        t = time.perf_counter()
        for i in range(100):
            case, result, lang = jobs[i % len(jobs)]
            build_letter(case, result, Path(tmp) / f"letter-{i:03d}.pdf", lang=lang)
        batch = time.perf_counter() - t
    print(f"\nBatch of 100 full letters written to disk (atomic): {batch:.2f} s, {batch * 10:.1f} ms per letter")
    print(f"Median per full letter: {statistics.median(full):.1f} ms; per 2–3-page letter: "
          f"{statistics.median(short):.1f} ms (target ≤ 60 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

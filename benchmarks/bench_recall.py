"""Recall-list speed: stored cases re-evaluated per second after a rule-pack change (target ≥ 1,000/s).

Run: ``python benchmarks/bench_recall.py [N]`` (default 2,000 cases; ``BENCH_CASES`` also works).
The cases are the example households with their dates moved (``tests/rulepacks/synth.py``),
bulk-loaded into an encrypted case store. Each figure is one whole ``compute_recall`` run —
reading, decrypting and validating every stored case, and evaluating it with the old **and** the
new pack (both count) — so cases/s = cases in the store / wall time:

- *targeted* (what the app does): only the rules and schemes the change can affect, only their
  deciding figures (``advisor.rules.impact`` / ``advisor.rules.outcomes``);
- *full*: every rule and scheme, deciding figures only;
- *engine*: ``evaluate()`` twice per case with the full packs (the reference the tests compare
  with), on the first 300 cases, for scale.

Prints figures only; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.cases import CaseStore  # noqa: E402
from advisor.cases.crypto import FieldCipher  # noqa: E402
from advisor.cases.recall import compute_recall  # noqa: E402
from advisor.domain.validation import parse_case  # noqa: E402
from advisor.rules.engine import evaluate  # noqa: E402
from advisor.rules.loader import load_pack  # noqa: E402
from tests.rulepacks.synth import THRESHOLD_EDIT, bulk_load, edit_pack, generate  # noqa: E402

RULES = ROOT / "resources" / "rules"
CHANGES = {
    "Beijing points: insurance months 84 → 96 from 2029 (param)": [THRESHOLD_EDIT],
    "Beijing points: 2026 cut-off 119.92 → 121.5 (scheme)": [
        ("beijing/points.yaml", "{year: 2026, value: 119.92,", "{year: 2026, value: 121.5,")],
    "national pension: 240 → 300 months from 2039 (param, every city)": [
        ("national/social_security.yaml",
         '      - {from: "2025-01-01", value: 240, source: {ref: nat_pension_min_2030}}',
         '      - {from: "2025-01-01", value: 300, source: {ref: nat_pension_min_2030}}')],
}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_CASES", "2000"))
    old = load_pack(RULES)
    cases = generate(n, seed=2026)
    with tempfile.TemporaryDirectory() as tmp:
        store = CaseStore.open(Path(tmp) / "cases.db", cipher=FieldCipher(os.urandom(32)))
        t0 = time.perf_counter()
        bulk_load(store, cases)
        print(f"recall benchmark: {n:,} stored cases (bulk load {time.perf_counter() - t0:.1f} s); "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        for label, edits in CHANGES.items():
            new = load_pack(edit_pack(RULES, Path(tmp) / "pack", edits))
            print(f"  {label}")
            for mode in ("targeted", "full"):
                rates, cpu = [], []
                for _ in range(3 if mode == "targeted" else 1):
                    c0 = time.process_time()
                    run = compute_recall(store, "bench", old, new, full=mode == "full")
                    cpu.append(time.process_time() - c0)
                    rates.append(run.checked / run.seconds)
                print(f"    {mode:9} {statistics.median(rates):8,.0f} cases/s  ({run.checked} cases, "
                      f"{run.changed} families on the list, {statistics.median(cpu):.2f} s CPU)")
            sample = [parse_case(d) for d in cases[:300]]
            t0 = time.perf_counter()
            for case in sample:
                on = case.as_of.start() if case.as_of else date(2026, 1, 5)
                evaluate(case, old, on)
                evaluate(case, new, on)
            print(f"    {'engine':9} {len(sample) / (time.perf_counter() - t0):8,.0f} cases/s  "
                  f"(evaluate() twice per case, first {len(sample)} cases, decryption not included)")
        store.close()


if __name__ == "__main__":
    main()

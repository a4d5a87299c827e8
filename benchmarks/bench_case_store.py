"""Case-store timings: search over 100,000 synthetic cases (target ≤ 20 ms median), save latency.

Run: ``python benchmarks/bench_case_store.py [N]`` (default 100000; ``BENCH_CASES`` also works).
The 100,000 cases are bulk-loaded in one transaction with the store's own row format (name key,
AES-GCM fields, blind indexes, a version and a consent per case) — saving them one by one with
synchronous=FULL would take a quarter of an hour. Save latency is then measured through the real
``save_case`` / ``save_draft`` on the full database. Prints figures only; asserts nothing.
"""

from __future__ import annotations

import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from advisor import db
from advisor.cases import CaseStore, Consent
from advisor.cases.base import new_uid, ts
from advisor.cases.crypto import TEST_KDF
from advisor.cases.models import CaseRecord, CaseVersion, ConsentRecord
from advisor.cases.names import name_key
from advisor.cases.store import canonical_json
from advisor.domain.idnumber import check_char
from advisor.domain.validation import parse_case

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥建国志强文博宇轩浩然子涵欣怡梓萱思远俊杰"
CITIES = {"beijing": ["朝阳区", "海淀区", "丰台区", "通州区"], "shanghai": ["浦东新区", "闵行区", "宝山区"],
          "guangzhou": ["天河区", "白云区", "番禺区"], "shenzhen": ["福田区", "南山区", "宝安区", "龙岗区"]}
REGIONS = ["110105", "310115", "440106", "440305", "410102", "510104", "430102", "360102"]
NOTICE = "2026-1"


def synthetic(rng: random.Random, i: int) -> dict:
    """One plausible case file (60% with an ID number)."""
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    city = rng.choice(list(CITIES))
    born = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 365 * 30))
    applicant = {"name": name, "birth_date": born.isoformat()}
    if rng.random() < 0.6:
        body = rng.choice(REGIONS) + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
        applicant["id_number"] = body + check_char(body)
    return {"format": "advisor-case/1", "city": city, "district": rng.choice(CITIES[city]),
            "applicant": applicant, "needs": ["school", "health"], "notes": f"第{i}次登记；家庭情况说明" * 3}


def bulk_load(store: CaseStore, n: int, rng: random.Random, start: datetime) -> None:
    """Insert n cases in one transaction, in exactly the rows ``save_case`` writes (Core, executemany)."""
    cipher = store._cipher
    assert cipher is not None
    records, versions, consents = [], [], []
    for i in range(n):
        data = synthetic(rng, i)
        stamp = ts(start + timedelta(minutes=i * 15))
        uid = new_uid()
        number = data["applicant"].get("id_number")
        records.append({
            "id": i + 1, "uid": uid, "display_name": data["applicant"]["name"],
            "name_key": name_key(data["applicant"]["name"]), "city": data["city"], "district": data["district"],
            "needs": "school,health", "version": 1, "created_at": stamp, "updated_at": stamp, "created_by": "bench",
            "worker": f"w{i % 12}", "retain_until": "2031-01-01",
            "id_number_enc": cipher.encrypt_text(number, table="case_record", column="id_number_enc", row=uid)
            if number else None,
            "id_bidx": cipher.blind_index("id", number) if number else None,
            "id_tail_bidx": cipher.blind_index("id_tail", number[-4:]) if number else None})
        versions.append({"case_id": i + 1, "version": 1, "saved_at": stamp, "worker": "bench",
                         "case_enc": cipher.encrypt_json(data, table="case_version", column="case_enc", row=f"{uid}:1"),
                         "case_sha256": hashlib.sha256(canonical_json(data)).hexdigest()})
        consents.append({"uid": new_uid(), "case_id": i + 1, "scope": "general", "subject": "applicant",
                         "notice_version": NOTICE, "lang": "zh", "obtained_at": stamp, "worker": "bench"})
    with store._write_engine.begin() as conn:
        conn.execute(CaseRecord.__table__.insert(), records)
        conn.execute(CaseVersion.__table__.insert(), versions)
        conn.execute(ConsentRecord.__table__.insert(), consents)


def timed(fn, runs: list) -> tuple[float, float, int]:
    """(median ms, p95 ms, mean hits) over calls of fn(arg)."""
    times, hits = [], []
    for arg in runs:
        t0 = time.perf_counter()
        out = fn(arg)
        times.append((time.perf_counter() - t0) * 1000)
        hits.append(len(out))
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], round(statistics.mean(hits))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_CASES", "100000"))
    rng = random.Random(20261127)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.db"
        store = CaseStore.open(path, passphrase="benchmark passphrase", kdf=TEST_KDF)
        start = datetime(2023, 1, 1, tzinfo=UTC)
        t0 = time.perf_counter()
        bulk_load(store, n, rng, start)
        load_s = time.perf_counter() - t0
        store.close()
        size_mb = path.stat().st_size / 1e6
        t0 = time.perf_counter()
        store = CaseStore.open(path, passphrase="benchmark passphrase")
        open_ms = (time.perf_counter() - t0) * 1000
        print(f"case store benchmark: {n:,} cases, {size_mb:.0f} MB, bulk load {load_s:.1f} s, "
              f"open (quick_check + migrate check + unlock) {open_ms:.0f} ms")
        with Session(store._read_engine) as s:
            names = [r[0] for r in s.exec(CaseRecord.__table__.select().with_only_columns(CaseRecord.display_name)
                                          .limit(2000))]
        tails = [f"{rng.randrange(10000):04d}" for _ in range(200)]
        span_months = max(1, n * 15 // 60 // 24 // 30)
        months = [start.date() + timedelta(days=30 * rng.randrange(0, span_months)) for _ in range(200)]
        queries = {
            "name, full (e.g. 张伟)": (lambda q: store.search(name=q), rng.sample(names, 200)),
            "name, given part only": (lambda q: store.search(name=q[1:]), rng.sample(names, 200)),
            "name, surname only (many hits)": (lambda q: store.search(name=q[0]), rng.sample(names, 200)),
            "name, not present": (lambda q: store.search(name=q + "无"), rng.sample(names, 200)),
            "ID number, last 4": (lambda q: store.search(id_number=q), tails),
            "city + one month": (lambda d: store.search(city="beijing", date_from=d, date_to=d + timedelta(days=30)),
                                 months),
            "recent cases": (lambda _: store.recent(20), range(200)),
        }
        medians = []
        for label, (fn, args) in queries.items():
            median, p95, hits = timed(fn, list(args))
            medians.append(median)
            print(f"  search {label:<34} median {median:6.2f} ms   p95 {p95:6.2f} ms   ~{hits} hits")
        print(f"  search, median of the medians: {statistics.median(medians):.2f} ms (target ≤ 20 ms)")
        consent = [Consent("general", store.settings.notice_version)]
        new_times, upd_times, draft_times = [], [], []
        draft = None
        for i in range(100):
            case = parse_case(synthetic(rng, n + i))
            t0 = time.perf_counter()
            cid = store.save_case(case, "bench", consents=consent + (
                [Consent("id_number", store.settings.notice_version)] if case.applicant.id_number else []))
            new_times.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            store.save_case(case, "bench", cid)
            upd_times.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            draft = store.save_draft("bench", {"i": i, "answers": "半" * 500}, draft_id=draft)
            draft_times.append((time.perf_counter() - t0) * 1000)
        for label, values in (("save new case", new_times), ("save new version", upd_times),
                              ("autosave draft", draft_times)):
            values.sort()
            print(f"  {label:<18} median {statistics.median(values):6.2f} ms   p95 {values[94]:6.2f} ms "
                  "(synchronous=FULL, includes consent + audit rows)")
        t0 = time.perf_counter()
        made = store.backup("bench")
        print(f"  verified backup (VACUUM INTO + integrity_check + rename): {time.perf_counter() - t0:.1f} s, "
              f"{made.stat().st_size / 1e6:.0f} MB")
        t0 = time.perf_counter()
        problems = db.check_file(path)
        elapsed = (time.perf_counter() - t0) * 1000
        print(f"  start-up quick_check alone: {elapsed:.0f} ms ({'ok' if not problems else problems})")
        store.close()


if __name__ == "__main__":
    main()

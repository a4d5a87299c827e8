"""Signed pack files: round trip, and every hostile file refused with a clear message, nothing written
outside the staging folder (reliability.md C26–C29)."""

from __future__ import annotations

import random
import struct
import zipfile
from pathlib import Path

import pytest

from advisor.rules.loader import content_hash, pack_files
from advisor.rules.packfile import MAX_ARCHIVE_BYTES, PackFileError, check_member_name, open_pack_file
from advisor.rules.signing import public_of
from tests.rulepacks.conftest import RULES, build_archive, folder_files, symlink_info, tree

PWNED = "pwned_marker_file.txt"


def refuse(path: Path, keys, tmp_path: Path, code: str | None = None) -> PackFileError:
    """Open the file expecting a refusal; the staging area must be left empty."""
    staging = tmp_path / "staging"
    staging.mkdir(exist_ok=True)
    with pytest.raises(PackFileError) as info:
        open_pack_file(path, keys, staging_parent=staging)
    assert list(staging.iterdir()) == [], "the staging folder must be removed"
    if code is not None:
        assert info.value.code == code, info.value.report("en")
    report = info.value.report("zh")
    assert report.startswith("规则包文件被拒绝，未作任何更改") and "Traceback" not in report
    assert info.value.report("en").startswith("the rule-pack file was refused; nothing was changed")
    return info.value


# ----------------------------------------------------------------------------- round trip
def test_round_trip(signed_file, publisher_pub, new_pack, updated_dir, tmp_path):
    with open_pack_file(signed_file, [publisher_pub], staging_parent=tmp_path) as staged:
        assert staged.pack.sha256 == new_pack.sha256 == content_hash(updated_dir, pack_files(updated_dir))
        assert staged.signer.key_id == publisher_pub.key_id
        assert staged.manifest.version == "2026.12" and staged.manifest.date == "2026-12-15"
        assert folder_files(staged.root) == folder_files(updated_dir)  # YAML and scenario case files, byte for byte
        assert all(p.stat().st_mode & 0o077 == 0 for p in staged.root.rglob("*") if p.is_file())
    assert list(tmp_path.iterdir()) == []  # staging removed on exit


def test_export_is_reproducible(updated_dir, publisher, tmp_path):
    from datetime import UTC, datetime

    from advisor.rules.packfile import write_pack_file

    when = datetime(2026, 12, 15, tzinfo=UTC)
    a, b = tmp_path / "a.rulepack", tmp_path / "b.rulepack"
    write_pack_file(updated_dir, a, publisher, now=when)
    write_pack_file(updated_dir, b, publisher, now=when)
    assert a.read_bytes() == b.read_bytes()  # Ed25519 is deterministic; fixed zip times


# ----------------------------------------------------------------------------- signatures
def test_every_flipped_byte_is_refused(signed_file, publisher_pub, tmp_path):
    data = signed_file.read_bytes()
    rng = random.Random(5)
    # the manifest and signature at the start, file data in the middle, the central directory at the end
    positions = sorted({40, 200, 600, len(data) // 3, len(data) // 2, len(data) - 300, len(data) - 30}
                       | {rng.randrange(len(data)) for _ in range(25)})
    for pos in positions:
        bad = bytearray(data)
        bad[pos] ^= 0x01
        path = tmp_path / f"tampered-{pos}.rulepack"
        path.write_bytes(bytes(bad))
        try:
            with open_pack_file(path, [publisher_pub], staging_parent=tmp_path / "staging") as staged:
                # a flip in an unused zip field (e.g. a timestamp) may leave the signed content intact:
                # then the content must be exactly what was signed
                assert staged.pack.sha256 == open_pack_file(signed_file, [publisher_pub]).pack.sha256
        except PackFileError as exc:
            assert exc.code in ("refused", "signature", "invalid"), (pos, exc.code)
        assert not list((tmp_path / "staging").glob("*"))


def test_tampered_content_byte_refused(updated_dir, publisher, publisher_pub, tmp_path):
    files = folder_files(updated_dir)
    changed = dict(files)
    changed["beijing/points.yaml"] = files["beijing/points.yaml"].replace(b"value: 96", b"value: 90")
    path = build_archive(tmp_path / "p.rulepack", publisher, changed, manifest_files=files)
    err = refuse(path, [publisher_pub], tmp_path, "signature")
    assert "changed" in err.report("en")


def test_wrong_key_refused(signed_file, stranger, publisher_pub, tmp_path):
    # a manifest re-signed by someone else, claiming the publisher's key id
    with zipfile.ZipFile(signed_file) as z:
        members = {n: z.read(n) for n in z.namelist()}
    import base64
    import json

    from advisor.rules.packfile import SIGNING_CONTEXT

    sig = json.loads(members["signature.json"])
    sig["signature"] = base64.b64encode(stranger.sign(SIGNING_CONTEXT + members["manifest.json"])).decode()
    members["signature.json"] = json.dumps(sig).encode()
    path = tmp_path / "forged.rulepack"
    with zipfile.ZipFile(path, "w") as z:
        for n, b in members.items():
            z.writestr(n, b)
    err = refuse(path, [publisher_pub], tmp_path, "signature")
    assert "bad signature" in err.report("en")
    assert "签名无效" in err.report("zh")


def test_untrusted_key_refused(updated_dir, stranger, publisher_pub, tmp_path):
    from advisor.rules.packfile import write_pack_file

    path = tmp_path / "stranger.rulepack"
    write_pack_file(updated_dir, path, stranger)
    err = refuse(path, [publisher_pub], tmp_path, "untrusted")
    assert public_of(stranger).fingerprint in err.report("en")
    assert "advisor rules keys trust" in err.report("zh")
    refuse(path, [], tmp_path, "untrusted")  # nothing trusted at all


def test_not_a_pack_file(tmp_path, publisher_pub):
    (tmp_path / "notes.rulepack").write_text("hello", encoding="utf-8")
    refuse(tmp_path / "notes.rulepack", [publisher_pub], tmp_path, "refused")
    refuse(tmp_path / "missing.rulepack", [publisher_pub], tmp_path, "unreadable")
    big = tmp_path / "big.rulepack"
    with big.open("wb") as f:
        f.truncate(MAX_ARCHIVE_BYTES + 1)
    assert "too large" in refuse(big, [publisher_pub], tmp_path).report("en")


# ----------------------------------------------------------------------------- hostile archives
@pytest.mark.parametrize("name, words", [
    ("../evil.txt", ".."),
    ("rules/../../evil.yaml", ".."),
    ("/abs/x.yaml", "absolute"),
    ("C:\\x.yaml", "backslash"),
    ("C:/x.yaml", "absolute"),
    ("rules/a\\..\\..\\evil.yaml", "backslash"),
    ("rules/CON.yaml", "device"),
    ("rules/x\x01.yaml", "control"),
    ("rules/run.py", "only YAML"),
    ("rules/名字.yaml", "letters, digits"),
    ("evil.yaml", "unexpected"),
    ("rules/a//b.yaml", "empty part"),
])
def test_hostile_member_names(name, words, tmp_path, publisher, publisher_pub):
    before = tree(tmp_path)
    path = build_archive(tmp_path / "hostile.rulepack", publisher, folder_files(RULES), extra=[(name, b"x: 1\n")])
    before["hostile.rulepack"] = tree(tmp_path)["hostile.rulepack"]
    err = refuse(path, [publisher_pub], tmp_path, "refused")
    assert words in err.report("en"), err.report("en")
    after = tree(tmp_path)
    after.pop("staging", None)
    assert after == before  # nothing written anywhere under tmp, e.g. no evil.txt
    assert not Path("/abs").exists()


def test_symlink_member(tmp_path, publisher, publisher_pub):
    path = build_archive(tmp_path / "link.rulepack", publisher, folder_files(RULES),
                         extra=[(symlink_info("rules/link.yaml"), b"/etc/passwd")])
    assert "symbolic link" in refuse(path, [publisher_pub], tmp_path, "refused").report("en")


def test_duplicate_names(tmp_path, publisher, publisher_pub):
    files = folder_files(RULES)
    path = build_archive(tmp_path / "dup.rulepack", publisher, files,
                         extra=[("rules/PACK.yaml", files["pack.yaml"])])
    assert "duplicate" in refuse(path, [publisher_pub], tmp_path).report("en")


def test_too_many_members(tmp_path, publisher, publisher_pub):
    files = {f"extra/f{i}.yaml": b"a: 1\n" for i in range(500)}
    path = build_archive(tmp_path / "many.rulepack", publisher, files)
    assert "too many members" in refuse(path, [publisher_pub], tmp_path).report("en")


def test_50mb_member_refused_before_reading(tmp_path, publisher, publisher_pub):
    files = folder_files(RULES)
    big = b"# " + b"a" * (50 * 1024 * 1024) + b"\n"
    path = build_archive(tmp_path / "big.rulepack", publisher, {**files, "huge.yaml": big})
    assert path.stat().st_size < 1_000_000  # it compresses well: the size check must use the declared size
    err = refuse(path, [publisher_pub], tmp_path, "refused")
    assert "member too large" in err.report("en") and "rules/huge.yaml" in err.report("en")


def test_zip_bomb_with_lying_sizes(tmp_path, publisher, publisher_pub):
    """A member that declares 100 bytes but inflates to 20 MB: cut off at the cap, refused."""
    files = folder_files(RULES)
    payload = b"a" * (20 * 1024 * 1024)
    small = b"x: 1\n" + b" " * 95
    path = build_archive(tmp_path / "bomb.rulepack", publisher, {**files, "bomb.yaml": small},
                         manifest_files={**files, "bomb.yaml": small})  # signed as a 100-byte file
    with zipfile.ZipFile(path) as z:
        members = [(i, z.read(i.filename)) for i in z.infolist()]
    bomb = tmp_path / "bomb2.rulepack"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            z.writestr(info.filename, payload if info.filename == "rules/bomb.yaml" else data)
    raw = bytearray(bomb.read_bytes())
    # patch the declared uncompressed size to 100 bytes: local header (offset 22) and central directory (24)
    with zipfile.ZipFile(bomb) as z:
        info = z.getinfo("rules/bomb.yaml")
        local, size = info.header_offset, info.file_size
    assert struct.unpack_from("<I", raw, local + 22)[0] == size
    struct.pack_into("<I", raw, local + 22, 100)
    pos = raw.find(b"PK\x01\x02")
    while raw[pos + 46:pos + 46 + struct.unpack_from("<H", raw, pos + 28)[0]] != b"rules/bomb.yaml":
        pos = raw.find(b"PK\x01\x02", pos + 4)
        assert pos >= 0
    struct.pack_into("<I", raw, pos + 24, 100)
    bomb.write_bytes(bytes(raw))
    err = refuse(bomb, [publisher_pub], tmp_path)
    text = err.report("en")
    assert "rules/bomb.yaml" in text or "damaged" in text, text
    assert "zip bomb" in text or "Bad CRC" in text or "differs" in text, text


def test_unlisted_member_refused(tmp_path, publisher, publisher_pub):
    files = folder_files(RULES)
    path = build_archive(tmp_path / "extra.rulepack", publisher, {**files, "sneaky.yaml": b"a: 1\n"},
                         manifest_files=files)
    assert "does not match" in refuse(path, [publisher_pub], tmp_path).report("en")


# ----------------------------------------------------------------------------- hostile YAML, validly signed
def _signed_with_yaml(tmp_path, publisher, name: str, text: bytes) -> Path:
    from advisor.rules.loader import content_hash, pack_files

    root = tmp_path / "src"
    files = folder_files(RULES)
    files[name] = text
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return build_archive(tmp_path / "yaml.rulepack", publisher, files,
                         content_sha256=content_hash(root, pack_files(root)), version="2026.11", date="2026-11-27")


def test_python_object_tag_refused(tmp_path, publisher, publisher_pub, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = f'sources: !!python/object/apply:os.system ["touch {PWNED}"]\n'.encode()
    err = refuse(_signed_with_yaml(tmp_path, publisher, "beijing/evil.yaml", text), [publisher_pub], tmp_path,
                 "invalid")
    assert "beijing/evil.yaml:1" in err.report("en") and "tag" in err.report("en")
    assert not list(tmp_path.rglob(PWNED)) and not Path(PWNED).exists()


def test_alias_bomb_refused(tmp_path, publisher, publisher_pub):
    bomb = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + b"".join(
        f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n".encode() for p, c in zip("abcdefgh", "bcdefghi"))
    err = refuse(_signed_with_yaml(tmp_path, publisher, "beijing/bomb.yaml", bomb), [publisher_pub], tmp_path,
                 "invalid")
    assert "aliases" in err.report("en")


def test_bad_date_refused_with_line(tmp_path, publisher, publisher_pub):
    text = (RULES / "beijing" / "points.yaml").read_bytes().replace(b'effective_from: "2017-01-01"',
                                                                    b'effective_from: "2024-02-30"', 1)
    err = refuse(_signed_with_yaml(tmp_path, publisher, "beijing/points.yaml", text), [publisher_pub], tmp_path,
                 "invalid")
    assert "beijing/points.yaml:" in err.report("en") and "2024-02-30" in err.report("en")


def test_member_name_rules():
    assert check_member_name("rules/beijing/points.yaml") is None
    assert check_member_name("rules/tests/beijing/cases/a-b_c.json") is None
    assert check_member_name("rules/beijing/a.json") is not None  # JSON only for scenario cases
    assert check_member_name("rules/beijing/x.yaml.") is not None
    assert check_member_name("rules/nul.txt.yaml") is not None
    assert check_member_name("rules/a:b.yaml") is not None

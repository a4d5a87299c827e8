"""Fixtures for signed rule-pack files, updates and recall lists: publisher keys, an updated pack
(Beijing's insurance months for points settlement 84 → 96 from 2029), signed files, and a helper
that builds arbitrary (hostile) archives signed by a trusted key."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from advisor.rules.loader import load_pack
from advisor.rules.packfile import SIGNING_CONTEXT, write_pack_file
from advisor.rules.signing import public_of
from tests.rulepacks.synth import THRESHOLD_EDIT, edit_pack

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "resources" / "rules"


@pytest.fixture(scope="session")
def publisher():
    """The publisher's private key (trusted in the tests that say so)."""
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="session")
def publisher_pub(publisher):
    return public_of(publisher, "test-publisher")


@pytest.fixture(scope="session")
def stranger():
    """Someone else's key (never trusted)."""
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="session")
def updated_dir(tmp_path_factory) -> Path:
    """The bundled pack with the threshold change, as version 2026.12 (2026-12-15)."""
    return edit_pack(RULES, tmp_path_factory.mktemp("packs") / "updated", [THRESHOLD_EDIT])


@pytest.fixture(scope="session")
def old_pack():
    return load_pack(RULES)


@pytest.fixture(scope="session")
def new_pack(updated_dir):
    return load_pack(updated_dir)


@pytest.fixture(scope="session")
def signed_file(tmp_path_factory, updated_dir, publisher) -> Path:
    """The updated pack, signed by the publisher."""
    out = tmp_path_factory.mktemp("files") / "cn-migrant-2026.12.rulepack"
    write_pack_file(updated_dir, out, publisher, signer_name="test-publisher")
    return out


def canonical(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def build_archive(out: Path, key, files: dict[str, bytes], *, extra: list[tuple[zipfile.ZipInfo | str, bytes]] = (),
                  manifest_files: dict[str, bytes] | None = None, content_sha256: str | None = None,
                  pack="cn-migrant", version="2026.12", date="2026-12-15") -> Path:
    """A pack file with these ``rules/`` files, a manifest listing ``manifest_files`` (default: the same
    files) signed by ``key``, and raw ``extra`` members added as given (hostile names, links…)."""
    listed = files if manifest_files is None else manifest_files
    pub = public_of(key, "test")
    manifest = {"format": "advisor-rulepack/1", "pack": pack, "version": version, "date": date,
                "title": {"zh": "测试", "en": "test"}, "content_sha256": content_sha256 or "0" * 64,
                "created_at": "2026-12-15T00:00:00+00:00", "signer": {"key_id": pub.key_id, "name": "test"},
                "files": [{"path": p, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()}
                          for p, b in sorted(listed.items())]}
    mbytes = canonical(manifest)
    sig = canonical({"alg": "ed25519", "key_id": pub.key_id,
                     "signature": base64.b64encode(key.sign(SIGNING_CONTEXT + mbytes)).decode()})
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", mbytes)
        z.writestr("signature.json", sig)
        for p, b in sorted(files.items()):
            z.writestr("rules/" + p, b)
        for info, data in extra:
            z.writestr(info, data)
    return out


def folder_files(root: Path) -> dict[str, bytes]:
    """Every file of a pack folder (YAML and scenario JSON), by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and (p.suffix in (".yaml", ".yml") or (p.suffix == ".json" and "tests" in p.parts))}


def symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def tree(root: Path) -> dict[str, str]:
    """Every path under root with its SHA-256 (directories as 'dir')."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        out[rel] = "dir" if p.is_dir() else ("link" if p.is_symlink() else hashlib.sha256(p.read_bytes()).hexdigest())
    return out


def db_fingerprint(path: Path) -> tuple[str, str]:
    """(SHA-256 of the file, SHA-256 of its logical dump)."""
    raw = hashlib.sha256(path.read_bytes()).hexdigest()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        dump = hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()
    return raw, dump

"""Publisher keys: generation, encrypted private keys, the trusted set (bundled + local − revoked)."""

from __future__ import annotations

import os

import pytest

from advisor.rules.signing import (
    KeyError_,
    generate_key,
    load_private_key,
    parse_public_key,
    private_key_is_encrypted,
    public_of,
    read_public_key,
    trust_key,
    trusted_keys,
    untrust_key,
)


def test_generate_encrypted_key(tmp_path):
    key_path, pub_path, public = generate_key(tmp_path, "publisher-2026", "a long passphrase")
    assert private_key_is_encrypted(key_path)
    assert os.stat(key_path).st_mode & 0o077 == 0
    assert b"PRIVATE KEY" in key_path.read_bytes() and b"a long passphrase" not in key_path.read_bytes()
    key = load_private_key(key_path, "a long passphrase")
    assert public_of(key).raw == public.raw == read_public_key(pub_path).raw
    assert len(public.fingerprint) == 19 and public.key_id == public.fingerprint.replace(" ", "")
    with pytest.raises(KeyError_, match="wrong passphrase"):
        load_private_key(key_path, "not the passphrase")
    with pytest.raises(KeyError_, match="passphrase is needed"):
        load_private_key(key_path, None)
    with pytest.raises(KeyError_, match="exists"):
        generate_key(tmp_path, "publisher-2026", None)  # never overwrites


@pytest.mark.parametrize("text", ["", "ssh-ed25519 AAAA", "advisor-rulepack-key/1 ed25519 !!!",
                                  "advisor-rulepack-key/1 ed25519 AAAA name",
                                  "advisor-rulepack-key/1 rsa AAAA name"])
def test_malformed_public_keys(text):
    with pytest.raises(KeyError_):
        parse_public_key(text)


def test_trusted_set(tmp_path, publisher, stranger):
    bundled, local = tmp_path / "bundled", tmp_path / "local"
    bundled.mkdir()
    official = public_of(publisher, "official")
    (bundled / "official.pub").write_text(official.line(), encoding="utf-8")
    (bundled / "broken.pub").write_text("garbage", encoding="utf-8")  # skipped, never trusted
    assert [k.key_id for k in trusted_keys(bundled, local)] == [official.key_id]
    other = public_of(stranger, "regional office")
    trust_key(other, local)
    keys = trusted_keys(bundled, local)
    assert {(k.key_id, k.origin) for k in keys} == {(official.key_id, "bundled"), (other.key_id, "local")}
    assert untrust_key(other.key_id, bundled, local) == "removed"
    assert untrust_key(official.fingerprint, bundled, local) == "revoked"  # spaces allowed
    assert trusted_keys(bundled, local) == []
    trust_key(official, local)  # trusting again lifts the revocation
    assert [k.key_id for k in trusted_keys(bundled, local)] == [official.key_id]
    with pytest.raises(KeyError_):
        untrust_key("0123456789abcdef", bundled, local)

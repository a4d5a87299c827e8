"""Ed25519 keys for signed rule-pack files: who may publish rule changes to this installation.

Key files (text, one line, so they can be read out over the phone and compared):

- public key ``NAME.pub``: ``advisor-rulepack-key/1 ed25519 <base64 of the 32-byte key> <name>``
- private key ``NAME.key``: PKCS#8 PEM, encrypted with a passphrase unless ``--no-passphrase``;
  it stays with the publisher (the central team), never on a centre's computer.

A key is known by its **key id** (the first 16 hex digits of SHA-256 over the raw public key) and
shown as a **fingerprint** in groups of four (``3f2a 91c0 …``) for checking by phone.

Trusted keys = the publisher keys bundled in ``resources/keys/*.pub`` (the official publisher;
shipped with the app) + keys an administrator added with ``advisor rules keys trust FILE``
(stored in ``data_dir()/trusted_keys/<key id>.pub``), minus key ids listed in
``data_dir()/trusted_keys/revoked.txt`` (``advisor rules keys untrust`` on a bundled key adds it
there, e.g. after the publisher reports a stolen key). Nothing is trusted implicitly: with no
trusted key every pack file is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PUB_MAGIC = "advisor-rulepack-key/1"
MAX_KEY_FILE = 4096
_NAME_RE = re.compile(r"^[^\x00-\x1f\x7f]{1,80}$")
_KEY_ID_RE = re.compile(r"^[0-9a-f]{16}$")


class KeyError_(Exception):  # noqa: N801 - "KeyError" is a builtin
    """A key file that cannot be used; the message is in Chinese and English."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, lang: str = "zh") -> str:
        """The message in one language (both for ``zh+en``)."""
        return self.en if lang == "en" else self.zh if lang == "zh" else f"{self.zh} / {self.en}"


@dataclass(frozen=True)
class PublicKey:
    """A publisher's public key and where it came from."""

    raw: bytes
    name: str
    origin: str = ""  # bundled | local | file

    @property
    def key_id(self) -> str:
        """First 16 hex digits of SHA-256 over the raw key."""
        return key_id_of(self.raw)

    @property
    def fingerprint(self) -> str:
        """The key id in groups of four (to compare by phone)."""
        return fingerprint_of(self.raw)

    def verify(self, signature: bytes, data: bytes) -> bool:
        """True when ``signature`` is this key's Ed25519 signature over ``data``."""
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True

    def line(self) -> str:
        """The ``.pub`` file content."""
        return f"{PUB_MAGIC} ed25519 {base64.b64encode(self.raw).decode()} {self.name}\n"


def key_id_of(raw: bytes) -> str:
    """The key id of a raw public key."""
    return hashlib.sha256(raw).hexdigest()[:16]


def fingerprint_of(raw: bytes) -> str:
    """``3f2a 91c0 5d7e 0b44``."""
    kid = key_id_of(raw)
    return " ".join(kid[i:i + 4] for i in range(0, 16, 4))


def parse_public_key(text: str, origin: str = "file") -> PublicKey:
    """A public key from its one-line file form; KeyError_ when it is not one."""
    parts = text.strip().split(" ", 3)
    if len(parts) < 3 or parts[0] != PUB_MAGIC or parts[1] != "ed25519":
        raise KeyError_("不是规则包公钥文件（应以 advisor-rulepack-key/1 ed25519 开头）",
                        "not a rule-pack public key file (it should start with advisor-rulepack-key/1 ed25519)")
    try:
        raw = base64.b64decode(parts[2], validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise KeyError_("公钥数据损坏（应为 32 字节）", "the public key is damaged (it should be 32 bytes)")
    name = parts[3].strip() if len(parts) > 3 else ""
    if name and not _NAME_RE.match(name):
        raise KeyError_("公钥名称含有控制字符或过长", "the key name has control characters or is too long")
    return PublicKey(raw, name or key_id_of(raw), origin)


def read_public_key(path: str | Path, origin: str = "file") -> PublicKey:
    """Read a ``.pub`` file (size-capped)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_KEY_FILE:
            raise KeyError_("公钥文件过大", "the public key file is too large")
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyError_(f"无法读取公钥文件 {path.name}", f"cannot read the public key file {path.name}: "
                                                          f"{exc.__class__.__name__}") from None
    return parse_public_key(text, origin)


# ----------------------------------------------------------------------------- private keys
def generate_key(out_dir: str | Path, name: str, passphrase: str | None) -> tuple[Path, Path, PublicKey]:
    """Write ``<name>.key`` (0600, encrypted when a passphrase is given) and ``<name>.pub``; never overwrites."""
    if not _NAME_RE.match(name) or "/" in name or "\\" in name or name.startswith("."):
        raise KeyError_("密钥名称无效（1-80 个字符，不含 / \\ 或控制字符）",
                        "invalid key name (1-80 characters, no / \\ or control characters)")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    key_path, pub_path = out / f"{name}.key", out / f"{name}.pub"
    for p in (key_path, pub_path):
        if p.exists():
            raise KeyError_(f"文件已存在，未覆盖：{p}", f"file exists, not overwritten: {p}")
    private = Ed25519PrivateKey.generate()
    enc: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode()) if passphrase else serialization.NoEncryption())
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    public = PublicKey(private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
                       name, "file")
    pub_path.write_text(public.line(), encoding="utf-8")
    return key_path, pub_path, public


def load_private_key(path: str | Path, passphrase: str | None) -> Ed25519PrivateKey:
    """A publisher's private key (PKCS#8 PEM); KeyError_ with a plain message otherwise."""
    path = Path(path)
    try:
        data = path.read_bytes()[:MAX_KEY_FILE * 4]
    except OSError as exc:
        raise KeyError_(f"无法读取私钥文件 {path}", f"cannot read the private key file {path}: "
                                                    f"{exc.__class__.__name__}") from None
    try:
        key = serialization.load_pem_private_key(data, passphrase.encode() if passphrase else None)
    except TypeError:
        raise KeyError_("私钥有密码保护：请提供密码", "the private key is protected: a passphrase is needed") from None
    except ValueError:
        raise KeyError_("私钥无法打开（密码错误或文件损坏）",
                        "the private key cannot be opened (wrong passphrase or damaged file)") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyError_("不是 Ed25519 私钥", "not an Ed25519 private key")
    return key


def private_key_is_encrypted(path: str | Path) -> bool:
    """Whether the PEM file needs a passphrase."""
    try:
        return b"ENCRYPTED" in Path(path).read_bytes()[:200]
    except OSError:
        return False


def public_of(private: Ed25519PrivateKey, name: str = "") -> PublicKey:
    """The public half of a private key."""
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return PublicKey(raw, name or key_id_of(raw), "file")


# ----------------------------------------------------------------------------- trust
def bundled_keys_dir() -> Path:
    """Publisher keys shipped with the app."""
    from advisor.paths import resources_dir

    return resources_dir() / "keys"


def local_keys_dir() -> Path:
    """Keys this installation's administrator chose to trust."""
    from advisor.paths import data_dir

    return data_dir() / "trusted_keys"


def _revoked(local: Path) -> set[str]:
    path = local / "revoked.txt"
    try:
        return {ln.strip() for ln in path.read_text("utf-8").splitlines() if _KEY_ID_RE.match(ln.strip())}
    except OSError:
        return set()


def trusted_keys(bundled: Path | None = None, local: Path | None = None) -> list[PublicKey]:
    """Every trusted key (bundled first, then local), without revoked ones and without duplicates.

    An unreadable key file is skipped (it cannot make anything trusted)."""
    bundled = bundled if bundled is not None else bundled_keys_dir()
    local = local if local is not None else local_keys_dir()
    revoked = _revoked(local)
    out: dict[str, PublicKey] = {}
    for folder, origin in ((bundled, "bundled"), (local, "local")):
        if not folder.is_dir():
            continue
        for f in sorted(folder.glob("*.pub")):
            if f.is_symlink() or not f.is_file():
                continue
            try:
                key = read_public_key(f, origin)
            except KeyError_:
                continue
            if key.key_id not in revoked and key.key_id not in out:
                out[key.key_id] = key
    return list(out.values())


def revoked_key_ids(local: Path | None = None) -> set[str]:
    """Key ids switched off locally."""
    return _revoked(local if local is not None else local_keys_dir())


def trust_key(key: PublicKey, local: Path | None = None) -> Path:
    """Add a key to this installation's trusted keys (and lift a local revocation of it)."""
    local = local if local is not None else local_keys_dir()
    local.mkdir(parents=True, exist_ok=True)
    path = local / f"{key.key_id}.pub"
    tmp = local / f".{key.key_id}.pub.tmp"
    tmp.write_text(PublicKey(key.raw, key.name).line(), encoding="utf-8")
    os.replace(tmp, path)
    revoked = _revoked(local) - {key.key_id}
    _write_revoked(local, revoked)
    return path


def untrust_key(key_id: str, bundled: Path | None = None, local: Path | None = None) -> str:
    """Stop trusting a key: a local one is removed, a bundled one is listed in ``revoked.txt``.

    Returns ``removed``, ``revoked`` or raises KeyError_ when no trusted key has that id."""
    local = local if local is not None else local_keys_dir()
    key_id = key_id.replace(" ", "").lower()
    found = [k for k in trusted_keys(bundled, local) if k.key_id == key_id]
    if not found:
        raise KeyError_(f"没有编号为 {key_id} 的受信任公钥", f"no trusted key with id {key_id}")
    path = local / f"{key_id}.pub"
    if path.exists():
        path.unlink()
    if any(k.origin == "bundled" for k in found) or key_id in {k.key_id for k in trusted_keys(bundled, local)}:
        _write_revoked(local, _revoked(local) | {key_id})
        return "revoked"
    return "removed"


def _write_revoked(local: Path, ids: set[str]) -> None:
    path = local / "revoked.txt"
    if not ids and not path.exists():
        return
    local.mkdir(parents=True, exist_ok=True)
    tmp = local / ".revoked.txt.tmp"
    tmp.write_text("".join(f"{i}\n" for i in sorted(ids)), encoding="utf-8")
    os.replace(tmp, path)

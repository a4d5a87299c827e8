"""Field encryption: AES-256-GCM per field, bound to table|column|row; keys wrapped by a passphrase.

Envelope keys (reliability.md §4.4): one random 256-bit data key (DEK) per centre. A *key slot*
stores the DEK wrapped (AES-GCM) under a key-encryption key derived from a passphrase with Argon2id.
Each user account has a slot ``user:<uid>`` (same DEK, wrapped under a key derived from that user's
password) and the ``recovery`` slot wraps it under the printed recovery key (``advisor.cases.accounts``);
the ``centre`` slot of stores made before accounts is removed by the first-run setup. ``FieldCipher``
is built from the DEK and injected into the store — nothing here is global, so locking the app is
dropping (and wiping) the cipher object.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from advisor.cases.errors import DecryptionFailed, StoreLocked, WrongPassphrase

FORMAT_V1 = b"\x01"
NONCE_BYTES = 12
AAD_PREFIX = "advisor-field/1"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters (OWASP: m ≥ 19456 KiB, t ≥ 2). Stored beside each key slot."""

    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 2

    def as_dict(self) -> dict[str, int]:
        """JSON form for the key slot row."""
        return {"m": self.memory_kib, "t": self.iterations, "p": self.lanes}

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> KdfParams:
        """Back from the key slot row."""
        return cls(memory_kib=int(data["m"]), iterations=int(data["t"]), lanes=int(data["p"]))


# Fast parameters for tests and benchmarks only (never the default).
TEST_KDF = KdfParams(memory_kib=8192, iterations=1, lanes=1)


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """A 256-bit key-encryption key from a passphrase (Argon2id)."""
    return hash_secret_raw(passphrase.encode("utf-8"), salt, time_cost=params.iterations,
                           memory_cost=params.memory_kib, parallelism=params.lanes, hash_len=32, type=Type.ID)


def new_data_key() -> bytes:
    """A fresh random 256-bit data key."""
    return AESGCM.generate_key(bit_length=256)


def wrap_key(dek: bytes, kek: bytes, slot: str) -> bytes:
    """The DEK encrypted under the KEK, bound to the slot's name."""
    nonce = os.urandom(NONCE_BYTES)
    return FORMAT_V1 + nonce + AESGCM(kek).encrypt(nonce, dek, f"key_slot|{slot}".encode())


def unwrap_key(blob: bytes, kek: bytes, slot: str) -> bytes:
    """The DEK back; WrongPassphrase when the KEK does not open it."""
    if blob[:1] != FORMAT_V1:
        raise WrongPassphrase()
    try:
        return AESGCM(kek).decrypt(blob[1:1 + NONCE_BYTES], blob[1 + NONCE_BYTES:], f"key_slot|{slot}".encode())
    except InvalidTag:
        raise WrongPassphrase() from None


def _subkey(dek: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(dek)


class FieldCipher:
    """Encrypts single fields with AES-GCM (AAD = table|column|row) and computes blind indexes."""

    def __init__(self, dek: bytes | bytearray):
        if len(dek) != 32:
            raise ValueError("the data key must be 32 bytes")
        self._aead: AESGCM | None = AESGCM(_subkey(bytes(dek), b"advisor field encryption v1"))
        self._index_key = bytearray(_subkey(bytes(dek), b"advisor blind index v1"))
        self.key_id = hashlib.sha256(_subkey(bytes(dek), b"advisor key id v1")).hexdigest()[:16]

    def wipe(self) -> None:
        """Forget the keys: the blind-index key is overwritten, the AES-GCM object dropped (lock, log-out).

        Python cannot overwrite the immutable ``bytes`` the key derivation produced nor the key inside
        the AESGCM object; they are released here and their memory is reused later, not zeroed.
        """
        self._index_key[:] = bytes(len(self._index_key))
        self._aead = None

    @property
    def wiped(self) -> bool:
        """True once ``wipe`` ran (the cipher can no longer encrypt or decrypt)."""
        return self._aead is None

    def _need_aead(self) -> AESGCM:
        if self._aead is None:
            raise StoreLocked()
        return self._aead

    @staticmethod
    def _aad(table: str, column: str, row: str) -> bytes:
        return f"{AAD_PREFIX}|{table}|{column}|{row}".encode()

    def encrypt(self, plaintext: bytes, *, table: str, column: str, row: str) -> bytes:
        """``0x01 ‖ nonce ‖ ciphertext+tag``, bound to where it is stored."""
        nonce = os.urandom(NONCE_BYTES)
        return FORMAT_V1 + nonce + self._need_aead().encrypt(nonce, plaintext, self._aad(table, column, row))

    def decrypt(self, blob: bytes, *, table: str, column: str, row: str) -> bytes:
        """The plaintext, or DecryptionFailed (tampered, swapped between rows, wrong key)."""
        if not blob or blob[:1] != FORMAT_V1 or len(blob) < 1 + NONCE_BYTES + 16:
            raise DecryptionFailed(f"{table}.{column}")
        try:
            return self._need_aead().decrypt(blob[1:1 + NONCE_BYTES], bytes(blob[1 + NONCE_BYTES:]),
                                             self._aad(table, column, row))
        except InvalidTag:
            raise DecryptionFailed(f"{table}.{column}") from None

    def encrypt_text(self, text: str | None, *, table: str, column: str, row: str) -> bytes | None:
        """Encrypt a text (None stays None)."""
        if text is None:
            return None
        return self.encrypt(text.encode("utf-8"), table=table, column=column, row=row)

    def decrypt_text(self, blob: bytes | None, *, table: str, column: str, row: str) -> str | None:
        """Decrypt a text (None stays None)."""
        if blob is None:
            return None
        return self.decrypt(blob, table=table, column=column, row=row).decode("utf-8")

    def encrypt_json(self, data: Any, *, table: str, column: str, row: str) -> bytes:
        """Encrypt a JSON-able value (compact UTF-8)."""
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
        return self.encrypt(raw, table=table, column=column, row=row)

    def decrypt_json(self, blob: bytes, *, table: str, column: str, row: str) -> Any:
        """Decrypt a JSON value."""
        return json.loads(self.decrypt(blob, table=table, column=column, row=row))

    def blind_index(self, purpose: str, value: str) -> str:
        """HMAC-SHA256 of a normalised value (hex, 128 bits): equality search without the plaintext."""
        self._need_aead()
        return hmac.new(self._index_key, f"{purpose}|{value}".encode(), hashlib.sha256).hexdigest()[:32]

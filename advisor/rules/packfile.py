"""Signed rule-pack files: one file that carries a whole pack folder from the publisher to a centre.

Format ``advisor-rulepack/1`` — a ZIP archive (readable with any unzip tool; Windows opens it too)::

    manifest.json     canonical JSON (sorted keys, no spaces, UTF-8): format, pack, version, date,
                      title, content_sha256 (the pack's content hash = its id in the rules store),
                      created_at, signer {key_id, name}, files [{path, size, sha256}, …]
    signature.json    {"alg": "ed25519", "key_id": "…", "signature": "<base64>"}
    rules/<path>      every YAML file of the pack folder, byte for byte, and the JSON case files
                      its scenario tests read (``rules/tests/…/*.json``)

**What is signed**: ``b"advisor-rulepack/1\\n" + <the bytes of manifest.json>`` (Ed25519). The
manifest names every file with its size and SHA-256, so the signature covers every byte of the pack.

**Reading** (:func:`open_pack_file`) goes from cheap and inert to expensive, and nothing is parsed
before the signature holds:

1. the file: a regular file, at most ``MAX_ARCHIVE_BYTES``; a ZIP central directory that reads;
2. every member name and type, before anything is read: ASCII path components only
   (``[A-Za-z0-9][A-Za-z0-9_.-]*``), no ``..``, no absolute paths, drive letters, backslashes or
   colons, no Windows device names, no duplicates (also ignoring case), no symlinks or other special
   files, no encryption, only stored/deflated members, declared sizes within the caps
   (per file, per pack, member count), only ``manifest.json``, ``signature.json``,
   ``rules/….yaml`` and scenario case files ``rules/tests/….json``;
3. ``signature.json`` and the raw bytes of ``manifest.json`` (both size-capped); the signature is
   checked against the trusted keys (:mod:`advisor.rules.signing`) — unknown key, untrusted key or
   bad signature → refused;
4. only then is the manifest parsed (strict JSON, duplicate keys refused, schema-checked); its file
   list must equal the archive's ``rules/`` members exactly;
5. each member is streamed into a fresh private staging folder with a hard byte cap (a member that
   inflates beyond its declared size — a zip bomb — is cut off and refused), written with
   ``O_EXCL|O_NOFOLLOW`` under a path built from the checked components (and verified to resolve
   inside the folder), and its SHA-256 compared with the signed manifest;
6. the staged folder's content hash must equal the manifest's; then the strict loader reads it
   (``load_pack``: YAML aliases/anchors, tags, depth, sizes, schema, cross-references).

Any failure raises :class:`PackFileError` (every problem in Chinese and English) and removes the
staging folder; nothing else on disk is touched.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.rules.loader import MAX_FILES, MAX_PACK_BYTES, PackError, content_hash, load_pack, pack_files
from advisor.rules.pack import Pack
from advisor.rules.signing import PublicKey, key_id_of, public_of
from advisor.rules.yaml_loader import MAX_FILE_BYTES

FORMAT = "advisor-rulepack/1"
SIGNING_CONTEXT = b"advisor-rulepack/1\n"
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "signature.json"
RULES_PREFIX = "rules/"
TESTS_PREFIX = "rules/tests/"
SUFFIX = ".rulepack"
MAX_ARCHIVE_BYTES = 24_000_000
MAX_MANIFEST_BYTES = 256_000
MAX_SIGNATURE_BYTES = 4_096
MAX_MEMBERS = MAX_FILES + 2
MAX_PATH_CHARS = 200
MAX_DEPTH = 8
_COMPONENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$")
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Problem:
    """One reason a pack file is refused (``member``: the archive member concerned, or "")."""

    member: str
    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        """The problem in one language."""
        msg = self.en if lang == "en" else self.zh
        return f"{self.member}: {msg}" if self.member else msg


class PackFileError(Exception):
    """A pack file that was refused. ``code``: ``unreadable`` (bad input: no such file…),
    ``refused`` (hostile or broken archive), ``signature``, ``untrusted``, ``invalid`` (the pack inside
    fails validation). Nothing was changed."""

    def __init__(self, problems: list[Problem], code: str = "refused"):
        self.problems = problems
        self.code = code
        super().__init__(self.report("en"))

    def report(self, lang: str = "zh") -> str:
        """Every problem, one per line, under a heading that says nothing was changed."""
        head = ("规则包文件被拒绝，未作任何更改：" if lang == "zh"
                else "the rule-pack file was refused; nothing was changed:")
        return "\n".join([head] + [f"  {p.text(lang)}" for p in self.problems])


def _refuse(member: str, zh: str, en: str, code: str = "refused") -> PackFileError:
    return PackFileError([Problem(member, zh, en)], code)


class _Signer(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    name: str = Field(max_length=80)


class _FileEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    path: str = Field(max_length=MAX_PATH_CHARS)
    size: int = Field(ge=0, le=MAX_FILE_BYTES)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class PackFileManifest(BaseModel):
    """The signed manifest."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    format: str = Field(pattern=r"^advisor-rulepack/1$")
    pack: str = Field(max_length=80)
    version: str = Field(max_length=20)
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    title: dict[str, str]
    content_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    created_at: str = Field(max_length=40)
    signer: _Signer
    files: list[_FileEntry] = Field(min_length=1, max_length=MAX_FILES)


class _Signature(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    alg: str = Field(pattern=r"^ed25519$")
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    signature: str = Field(max_length=200)


@dataclass
class StagedPack:
    """A pack file that passed every check: its staged folder, the loaded pack and who signed it.

    Use it as a context manager (or call :meth:`cleanup`) so the staging folder is removed."""

    path: Path
    staging: Path
    root: Path
    pack: Pack
    manifest: PackFileManifest
    signer: PublicKey
    file_bytes: int
    warnings: list[str] = field(default_factory=list)

    def cleanup(self) -> None:
        """Remove the staging folder."""
        shutil.rmtree(self.staging, ignore_errors=True)

    def __enter__(self) -> StagedPack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()


# ----------------------------------------------------------------------------- writing
def _canonical(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_pack_file(root: str | Path, out: str | Path, private_key: Any, *, signer_name: str = "",
                    now: datetime | None = None) -> PackFileManifest:
    """Validate the pack folder, then write a signed pack file (temp file + ``os.replace``).

    Raises PackError when the folder is not a valid pack."""
    root = Path(root)
    pack = load_pack(root)
    files = pack_files(root)
    tests = root / "tests"
    case_files = sorted(tests.rglob("*.json")) if tests.is_dir() else []
    entries, blobs = [], {}
    for f in sorted(files + case_files, key=lambda p: p.relative_to(root).as_posix()):
        if f.is_symlink() or not f.is_file():
            raise PackError([_as_pack_problem(f.relative_to(root).as_posix(),
                                              Problem("", "",
                                                      "links and special files cannot be exported"))], str(root))
        rel = f.relative_to(root).as_posix()
        problem = check_member_name(RULES_PREFIX + rel)
        if problem is not None:
            raise PackError([_as_pack_problem(rel, problem)], str(root))
        data = f.read_bytes()
        blobs[rel] = data
        entries.append({"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    public = public_of(private_key, signer_name)
    manifest = {
        "format": FORMAT, "pack": pack.manifest.pack, "version": pack.manifest.version, "date": pack.manifest.date,
        "title": {"zh": pack.manifest.title.zh, "en": pack.manifest.title.en},
        "content_sha256": content_hash(root, files),
        "created_at": (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"),
        "signer": {"key_id": public.key_id, "name": public.name[:80]},
        "files": entries,
    }
    manifest_bytes = _canonical(manifest)
    signature = private_key.sign(SIGNING_CONTEXT + manifest_bytes)
    sig_bytes = _canonical({"alg": "ed25519", "key_id": public.key_id,
                            "signature": base64.b64encode(signature).decode()})
    out = Path(out)
    tmp = out.with_name(f".{out.name}.partial")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in [(MANIFEST_NAME, manifest_bytes), (SIGNATURE_NAME, sig_bytes)] + \
                [(RULES_PREFIX + rel, blobs[rel]) for rel in sorted(blobs)]:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            z.writestr(info, data)
    os.replace(tmp, out)
    return PackFileManifest.model_validate(manifest, strict=True)


def _as_pack_problem(rel: str, problem: Problem) -> Any:
    from advisor.rules.loader import PackProblem

    return PackProblem(rel, 0, problem.en)


# ----------------------------------------------------------------------------- reading
def check_member_name(name: str) -> Problem | None:
    """Why an archive member name is not acceptable (None when it is)."""
    shown = name.encode("ascii", "backslashreplace").decode()[:120]
    if not name or len(name) > MAX_PATH_CHARS:
        return Problem(shown, "文件名为空或过长", "the name is empty or too long")
    if "\x00" in name or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name):
        return Problem(shown, "文件名含有控制字符", "the name contains control characters")
    if "\\" in name:
        return Problem(shown, "文件名含有反斜杠（Windows 路径），可能写到规则包目录之外",
                       "the name contains a backslash (a Windows path) and could escape the pack folder")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return Problem(shown, "绝对路径，会写到规则包目录之外",
                       "an absolute path would be written outside the pack folder")
    if ":" in name:
        return Problem(shown, "文件名含有冒号（驱动器号或数据流）",
                       "the name contains a colon (drive letter or data stream)")
    parts = name.split("/")
    if any(p in ("..", ".") for p in parts):
        return Problem(shown, "路径含有 ..，会写到规则包目录之外",
                       "the path contains .. and would escape the pack folder")
    if len(parts) > MAX_DEPTH:
        return Problem(shown, "目录层级过深", "too many folder levels")
    for p in parts:
        if not p:
            return Problem(shown, "路径中有空的部分（// 或以 / 结尾）",
                           "the path has an empty part (// or a trailing /)")
        if not _COMPONENT.match(p) or p.endswith("."):
            return Problem(shown, "文件名只能用英文字母、数字和 _ . -", "names may only use letters, digits and _ . -")
        if p.split(".")[0].lower() in _WINDOWS_DEVICES:
            return Problem(shown, "文件名是 Windows 设备名（CON、NUL 等）",
                           "the name is a Windows device name (CON, NUL…)")
    if name in (MANIFEST_NAME, SIGNATURE_NAME):
        return None
    if not name.startswith(RULES_PREFIX) or len(parts) < 2:
        return Problem(shown, "规则包文件中不应有此文件", "unexpected member (only manifest.json, signature.json "
                                                         "and rules/…)")
    if name.endswith((".yaml", ".yml")):
        return None
    if name.startswith(TESTS_PREFIX) and name.endswith(".json"):
        return None  # a scenario test's case file
    return Problem(shown, "规则包中只能有 YAML 文件（以及 tests/ 下场景测试用的 JSON 个案）",
                   "only YAML files may be in a rule pack (and JSON case files of scenario tests under tests/)")


def _check_infos(infos: list[zipfile.ZipInfo]) -> None:
    problems: list[Problem] = []
    if len(infos) > MAX_MEMBERS:
        raise _refuse("", f"包内文件过多（{len(infos)} 个，上限 {MAX_MEMBERS}）",
                      f"too many members ({len(infos)}; at most {MAX_MEMBERS})")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = getattr(info, "orig_filename", info.filename)  # before zipfile's own clean-up of the name
        problem = check_member_name(name)
        if problem is not None:
            problems.append(problem)
            continue
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            problems.append(Problem(name, "符号链接不允许出现在规则包中",
                                    "symbolic links are not allowed in a rule pack"))
            continue
        if kind not in (0, stat.S_IFREG) or info.is_dir():
            problems.append(Problem(name, "不是普通文件（目录、设备或链接）",
                                    "not a regular file (folder, device or link)"))
            continue
        if info.flag_bits & 0x1:
            problems.append(Problem(name, "加密的成员不允许", "encrypted members are not allowed"))
            continue
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problems.append(Problem(name, "不支持的压缩方式", "unsupported compression method"))
            continue
        folded = name.casefold()
        if folded in seen:
            problems.append(Problem(name, "文件名重复（不区分大小写）", "duplicate name (ignoring case)"))
            continue
        seen.add(folded)
        cap = _cap_for(name)
        if info.file_size > cap:
            problems.append(Problem(name, f"文件过大（声明 {info.file_size} 字节，上限 {cap}）",
                                    f"member too large ({info.file_size} bytes declared; at most {cap})"))
            continue
        total += info.file_size
    if total > MAX_PACK_BYTES:
        problems.append(Problem("", f"解压后总大小 {total} 字节，超过上限 {MAX_PACK_BYTES}",
                                f"{total} bytes uncompressed in total; at most {MAX_PACK_BYTES}"))
    for required in (MANIFEST_NAME, SIGNATURE_NAME):
        if required not in seen and not any(p.member == required for p in problems):
            problems.append(Problem(required, "缺少此文件：这不是已签名的规则包文件",
                                    "missing: this is not a signed rule-pack file"))
    if problems:
        raise PackFileError(problems, "refused")


def _cap_for(name: str) -> int:
    if name == MANIFEST_NAME:
        return MAX_MANIFEST_BYTES
    if name == SIGNATURE_NAME:
        return MAX_SIGNATURE_BYTES
    return MAX_FILE_BYTES


def _read_capped(z: zipfile.ZipFile, info: zipfile.ZipInfo, sink: Any = None) -> tuple[bytes, str]:
    """A member's bytes (or streamed into ``sink``) and their SHA-256; refuses anything beyond the caps."""
    cap = min(info.file_size, _cap_for(info.filename))
    h = hashlib.sha256()
    buf = io.BytesIO() if sink is None else None
    got = 0
    with z.open(info) as src:
        while True:
            chunk = src.read(65536)
            if not chunk:
                break
            got += len(chunk)
            if got > cap:
                raise _refuse(info.filename, "解压后超过声明的大小（压缩炸弹？）",
                              "inflates beyond its declared size (a zip bomb?)")
            h.update(chunk)
            (buf if buf is not None else sink).write(chunk)
    if got != info.file_size:
        raise _refuse(info.filename, "实际大小与声明不符", "actual size differs from the declared size")
    return (buf.getvalue() if buf is not None else b""), h.hexdigest()


def _strict_json(raw: bytes, member: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                raise ValueError(f"duplicate key {k!r}")
            out[k] = v
        return out

    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not allowed")

    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=pairs, parse_constant=no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _refuse(member, f"不是有效的 JSON：{exc}", f"not valid JSON: {exc}") from None


def _verify_signature(sig_raw: bytes, manifest_raw: bytes, keys: list[PublicKey]) -> PublicKey:
    sig_doc = _strict_json(sig_raw, SIGNATURE_NAME)
    try:
        sig = _Signature.model_validate(sig_doc, strict=True)
        signature = base64.b64decode(sig.signature, validate=True)
    except (ValidationError, binascii.Error, ValueError):
        raise _refuse(SIGNATURE_NAME, "签名文件格式不对", "the signature file is malformed", "signature") from None
    if len(signature) != 64:
        raise _refuse(SIGNATURE_NAME, "签名长度不对", "the signature has the wrong length", "signature")
    candidates = [k for k in keys if k.key_id == sig.key_id]
    if not candidates:
        fp = " ".join(sig.key_id[i:i + 4] for i in range(0, 16, 4))
        raise _refuse("", f"签名密钥 {fp} 不在本机受信任的公钥中。请向发布方核实该密钥指纹后，"
                          "由管理员用 advisor rules keys trust 添加。",
                      f"signed with key {fp}, which this installation does not trust. Check the fingerprint with "
                      "the publisher, then an administrator can add it with advisor rules keys trust.",
                      "untrusted")
    key = candidates[0]
    if key.key_id != key_id_of(key.raw) or not key.verify(signature, SIGNING_CONTEXT + manifest_raw):
        raise _refuse("", "签名无效：文件在签名后被修改过，或签名是伪造的。",
                      "bad signature: the file was changed after it was signed, or the signature is forged.",
                      "signature")
    return key


def _safe_target(staging: Path, rel_parts: list[str]) -> Path:
    target = staging.joinpath(*rel_parts)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    resolved = parent.resolve(strict=True)
    if not resolved.is_relative_to(staging.resolve(strict=True)) or any(
            p.is_symlink() for p in [target.parent, *target.parent.parents] if p.is_relative_to(staging)):
        raise _refuse("/".join(rel_parts), "路径会离开暂存目录", "the path would leave the staging folder")
    return target


def open_pack_file(path: str | Path, keys: list[PublicKey], *, staging_parent: str | Path | None = None,
                   load: bool = True) -> StagedPack:
    """Check a pack file completely (see the module docstring) and stage it; raise PackFileError.

    ``keys`` are the trusted public keys. The caller removes the staging folder (``cleanup`` or
    ``with``)."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        raise _refuse("", f"找不到文件：{path}", f"no such file: {path}", "unreadable") from None
    if not stat.S_ISREG(st.st_mode):
        raise _refuse("", f"不是普通文件：{path}", f"not a regular file: {path}", "unreadable")
    if st.st_size > MAX_ARCHIVE_BYTES:
        raise _refuse("", f"文件过大（{st.st_size} 字节，上限 {MAX_ARCHIVE_BYTES}）",
                      f"file too large ({st.st_size} bytes; at most {MAX_ARCHIVE_BYTES})")
    if not keys:
        raise _refuse("",
                      "本机没有任何受信任的发布方公钥，无法接受规则包文件。"
                      "请管理员先用 advisor rules keys trust 添加。",
                      "no publisher key is trusted on this installation, so no pack file can be accepted. "
                      "An administrator must add one first (advisor rules keys trust).", "untrusted")
    staging: Path | None = None
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            _check_infos(infos)
            by_name = {i.filename: i for i in infos}
            sig_raw, _ = _read_capped(z, by_name[SIGNATURE_NAME])
            manifest_raw, _ = _read_capped(z, by_name[MANIFEST_NAME])
            signer = _verify_signature(sig_raw, manifest_raw, keys)
            # --- from here on, everything read was signed by a trusted key
            try:
                manifest = PackFileManifest.model_validate(_strict_json(manifest_raw, MANIFEST_NAME), strict=True)
            except ValidationError as exc:
                raise _refuse(MANIFEST_NAME, f"清单内容不对：{exc.errors()[0]['msg']}",
                              f"manifest content is wrong: {exc.errors()[0]['msg']}") from None
            if manifest.signer.key_id != signer.key_id:
                raise _refuse(MANIFEST_NAME, "清单中的签名者与签名不一致", "the manifest names another signer",
                              "signature")
            listed = {RULES_PREFIX + e.path: e for e in manifest.files}
            members = {n for n in by_name if n.startswith(RULES_PREFIX)}
            if len(listed) != len(manifest.files) or listed.keys() != members:
                extra = sorted(members - listed.keys())[:5]
                missing = sorted(listed.keys() - members)[:5]
                raise _refuse(MANIFEST_NAME, f"文件清单与包内文件不一致（多出 {extra}，缺少 {missing}）",
                              f"the file list does not match the archive (extra {extra}, missing {missing})")
            parent = Path(staging_parent) if staging_parent else None
            if parent is not None:
                parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix="advisor-pack-", dir=parent))
            root = staging / "pack"
            root.mkdir(mode=0o700)
            total = 0
            for name, entry in sorted(listed.items()):
                info = by_name[name]
                if info.file_size != entry.size:
                    raise _refuse(name, "大小与签名清单不符", "size differs from the signed manifest")
                target = _safe_target(root, name[len(RULES_PREFIX):].split("/"))
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
                fd = os.open(target, flags, 0o600)
                with os.fdopen(fd, "wb") as sink:
                    _, digest = _read_capped(z, info, sink)
                if digest != entry.sha256:
                    raise _refuse(name, "内容与签名清单不符（文件被改动过）",
                                  "content differs from the signed manifest (the file was changed)", "signature")
                total += entry.size
    except PackFileError:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, KeyError,
            NotImplementedError, OverflowError, UnicodeError, RuntimeError) as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise _refuse("", f"文件已损坏（可能在复制时出错）或不是规则包文件，请向发布方重新索取"
                          f"（{exc.__class__.__name__}）",
                      f"the file is damaged (perhaps while copying) or is not a rule-pack file; ask the publisher "
                      f"for a new copy ({exc.__class__.__name__}: {str(exc)[:120]})") from None
    try:
        files = pack_files(root)
        if content_hash(root, files) != manifest.content_sha256:
            raise _refuse(MANIFEST_NAME, "规则包内容哈希与签名清单不符",
                          "the pack's content hash differs from the signed manifest",
                          "signature")
        staged = StagedPack(path, staging, root, None, manifest, signer, total)  # type: ignore[arg-type]
        if load:
            try:
                staged.pack = load_pack(root)
            except PackError as exc:
                raise PackFileError([Problem(str(p.file) + (f":{p.line}" if p.line else ""), p.message, p.message)
                                     for p in exc.problems], "invalid") from None
            m = staged.pack.manifest
            if (m.pack, m.version, m.date) != (manifest.pack, manifest.version, manifest.date):
                raise _refuse(MANIFEST_NAME, "清单中的规则包名称、版本或日期与 pack.yaml 不一致",
                              "pack name, version or date in the manifest differ from pack.yaml")
        return staged
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise

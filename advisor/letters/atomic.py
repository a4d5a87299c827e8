"""All-or-nothing file output: a temp file in the target folder, fsync, then ``os.replace``.

A failure at any point leaves the target as it was (absent, or the previous complete file) and
removes the temp file. Windows refuses to replace a file another program holds open: the replace is
retried a few times before giving up with a message that says so.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from pathlib import Path

REPLACE_TRIES = 5
REPLACE_WAIT_S = 0.2
STALE_AFTER_S = 3600
_SUFFIX = ".partial"


class OutputError(OSError):
    """The file could not be written; ``message(lang)`` says why in plain words."""

    def __init__(self, path: Path, zh: str, en: str, cause: BaseException | None = None):
        super().__init__(f"{en}: {path}")
        self.path = path
        self.zh = zh
        self.en = en
        self.__cause__ = cause

    def message(self, lang: str = "zh") -> str:
        """One sentence for a dialog or the command line."""
        return f"{self.zh}：{self.path}" if lang == "zh" else f"{self.en}: {self.path}"


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def remove_stale_temps(target: Path, older_than_s: float = STALE_AFTER_S) -> int:
    """Remove temp files a killed writer left beside ``target``; returns how many."""
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return 0
    prefix = _temp_prefix(target)
    for e in entries:
        if e.name.startswith(prefix) and e.name.endswith(_SUFFIX):
            try:
                if now - e.stat().st_mtime >= older_than_s:
                    os.unlink(e.path)
                    removed += 1
            except OSError:
                continue
    return removed


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` completely or not at all; return the target path."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(target, "输出目录不存在", "the output folder does not exist")
    if target.is_dir():
        raise OutputError(target, "目标是一个文件夹", "the target is a folder")
    remove_stale_temps(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=_SUFFIX, dir=folder)
    except OSError as exc:
        raise _as_output_error(target, exc) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _replace(tmp, target)
    except BaseException as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise _as_output_error(target, exc) from None
        raise
    _fsync_dir(folder)
    return target


def _replace(tmp: Path, target: Path) -> None:
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(tmp, target)
            return
        except PermissionError as exc:
            if attempt == REPLACE_TRIES - 1:
                raise OutputError(target, "文件可能已在其他程序中打开，请关闭或另存为",
                                  "the file may be open in another program: close it or save under another name",
                                  exc) from None
            time.sleep(REPLACE_WAIT_S)


def _as_output_error(target: Path, exc: OSError) -> OutputError:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return OutputError(target, "磁盘空间不足，未写入文件", "not enough disk space; nothing was written", exc)
    if isinstance(exc, PermissionError):
        return OutputError(target, "没有写入权限，未写入文件", "no permission to write there; nothing was written", exc)
    return OutputError(target, f"无法写入文件（{exc.strerror or exc}）",
                       f"cannot write the file ({exc.strerror or exc})", exc)

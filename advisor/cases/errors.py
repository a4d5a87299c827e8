"""Errors of the case store: each says what happened in Chinese and English, never with personal data."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A case-store failure with a bilingual, PI-free message."""

    code = "store"

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, lang: str = "zh") -> str:
        """The message in one language."""
        return self.en if lang == "en" else self.zh


class StoreLocked(StoreError):
    """The operation needs the centre key, and the store was opened without it."""

    code = "locked"

    def __init__(self) -> None:
        super().__init__("个案库已锁定：需要先输入中心密码",
                         "the case store is locked: enter the centre passphrase first")


class WrongPassphrase(StoreError):
    """The passphrase does not unwrap the data key."""

    code = "wrong_passphrase"

    def __init__(self) -> None:
        super().__init__("密码错误", "wrong passphrase")


class DecryptionFailed(StoreError):
    """A ciphertext failed authentication (tampered, swapped between rows, or another key)."""

    code = "decrypt"

    def __init__(self, where: str = "") -> None:
        super().__init__(f"数据校验失败{('：' + where) if where else ''}（数据可能被改动）",
                         f"data integrity check failed{(': ' + where) if where else ''} (data may have been altered)")


class CaseNotFound(StoreError):
    """No case with this id."""

    code = "not_found"

    def __init__(self, case_id: object) -> None:
        super().__init__(f"找不到个案 {case_id}", f"no case {case_id}")


class DraftNotFound(StoreError):
    """No draft with this id."""

    code = "draft_not_found"

    def __init__(self, draft_id: object) -> None:
        super().__init__(f"找不到草稿 {draft_id}", f"no draft {draft_id}")


class InvalidInput(StoreError):
    """Input the store refuses (bad worker id, search term, scope…)."""

    code = "invalid"


class ConsentRequired(StoreError):
    """Personal data cannot be saved until these consents are recorded."""

    code = "consent_required"

    def __init__(self, scopes: list[str]) -> None:
        self.scopes = scopes
        names = "、".join(SCOPE_NAMES_ZH.get(s, s) for s in scopes)
        super().__init__(f"保存前需要记录当事人同意：{names}",
                         f"consent must be recorded before saving: {', '.join(scopes)}")


class ConsentWithdrawn(StoreError):
    """Consent was withdrawn: only export and deletion remain possible."""

    code = "consent_withdrawn"

    def __init__(self, scopes: list[str]) -> None:
        self.scopes = scopes
        super().__init__("当事人已撤回同意：只能导出或删除该个案",
                         f"consent withdrawn ({', '.join(scopes)}): the case can only be exported or deleted")


class SaveFailed(StoreError):
    """A save was rolled back as a whole."""

    code = "save_failed"

    def __init__(self, reason_zh: str = "", reason_en: str = "") -> None:
        super().__init__("保存失败，未作任何更改" + (f"（{reason_zh}）" if reason_zh else ""),
                         "saving failed, nothing was changed" + (f" ({reason_en})" if reason_en else ""))


class StoreBusy(SaveFailed):
    """Another program kept the database locked longer than the busy timeout."""

    code = "busy"

    def __init__(self) -> None:
        super().__init__("数据库正被其他程序使用，请稍后重试", "the database is busy, please retry")


class DiskFull(SaveFailed):
    """The disk (or the database size limit) is full."""

    code = "disk_full"

    def __init__(self) -> None:
        super().__init__("磁盘空间不足", "the disk is full")


class CorruptDatabase(StoreError):
    """The start-up check failed; the damaged file was moved to quarantine."""

    code = "corrupt"

    def __init__(self, quarantined: Path | None, backup: Path | None, problems: list[str]) -> None:
        self.quarantined = quarantined
        self.backup = backup
        self.problems = problems
        offer_zh = f"可从最新的已验证备份恢复：{backup.name}" if backup else "没有可用的已验证备份"
        offer_en = f"the newest verified backup can be restored: {backup.name}" if backup else "no verified backup"
        where = f"{quarantined}" if quarantined else ""
        super().__init__(f"个案数据库已损坏，已移至隔离文件夹 {where}；{offer_zh}",
                         f"the case database is damaged and was moved to quarantine {where}; {offer_en}")


class BackupInvalid(StoreError):
    """A backup failed verification; nothing was changed."""

    code = "backup_invalid"

    def __init__(self, name: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"备份 {name} 未通过校验，未作任何更改：{'; '.join(problems[:3])}",
                         f"backup {name} failed verification, nothing was changed: {'; '.join(problems[:3])}")


SCOPE_NAMES_ZH = {
    "general": "个人信息处理同意",
    "id_number": "身份证号（敏感个人信息）单独同意",
    "health": "健康信息（敏感个人信息）单独同意",
    "criminal": "违法犯罪记录（敏感个人信息）单独同意",
    "guardian": "不满十四周岁未成年人的监护人同意",
}

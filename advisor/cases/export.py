"""A person's data, decrypted, for the right of access and copy (PIPL Art. 45; reliability.md C36).

The export has one section per table that holds rows about the case; each row carries every
column (encrypted ones decrypted and named without ``_enc``). ``tests/cases/test_privacy.py``
checks by reflection that every personal and sensitive column of the registry is present.
The readable PDF is rendered from the same dict by ``advisor.letters.export_pdf``.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from sqlmodel import select

from advisor.cases.models import (
    AuditEntry,
    CaseAssignment,
    CaseRecord,
    CaseVersion,
    ConsentRecord,
    Draft,
    LetterIssued,
)

if TYPE_CHECKING:
    from advisor.cases.store import CaseStore

EXPORT_FORMAT = "advisor-person-export/1"
SECTION_TITLES = {
    "case_record": ("个案", "Case"),
    "case_version": ("每次保存的个案内容", "Each saved version of the case"),
    "consent_record": ("同意记录", "Consent records"),
    "letter_issued": ("已出具的信函", "Letters issued"),
    "draft": ("未完成的面谈草稿", "Unfinished interview drafts"),
    "case_assignment": ("负责该个案的工作人员", "Workers the case is assigned to"),
    "audit_log": ("处理记录（谁在何时做了什么）", "Processing record (who did what, when)"),
}


def _row(model: Any, decrypted: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in model.__table__.columns:
        name = column.name
        if name in decrypted:
            out[name.removesuffix("_enc")] = decrypted[name]
        elif column.info.get("encrypted"):
            out[name.removesuffix("_enc")] = None
        else:
            out[name] = getattr(model, name)
    return out


def build_export(store: CaseStore, case_id: int) -> dict[str, Any]:
    """The export dict: ``{format, exported_at, case_id, sections: [{id, title, rows: [{column: value}]}]}``."""
    from advisor.cases.errors import CaseNotFound

    cipher = store._need_cipher()
    with store._read() as s:
        rec = s.get(CaseRecord, case_id)
        if rec is None:
            raise CaseNotFound(case_id)
        versions = list(s.exec(select(CaseVersion).where(CaseVersion.case_id == case_id).order_by(CaseVersion.version)))
        consents = list(s.exec(select(ConsentRecord).where(ConsentRecord.case_id == case_id)
                               .order_by(ConsentRecord.id)))
        letters = list(s.exec(select(LetterIssued).where(LetterIssued.case_id == case_id).order_by(LetterIssued.id)))
        drafts = list(s.exec(select(Draft).where(Draft.case_id == case_id).order_by(Draft.id)))
        assignments = list(s.exec(select(CaseAssignment).where(CaseAssignment.case_id == case_id)
                                  .order_by(CaseAssignment.id)))
        audit = list(s.exec(select(AuditEntry).where(AuditEntry.target == f"case:{case_id}").order_by(AuditEntry.id)))
    rows: dict[str, list[dict[str, Any]]] = {
        "case_record": [_row(rec, {"id_number_enc": cipher.decrypt_text(
            rec.id_number_enc, table="case_record", column="id_number_enc", row=rec.uid)})],
        "case_version": [_row(v, {"case_enc": cipher.decrypt_json(
            v.case_enc, table="case_version", column="case_enc", row=f"{rec.uid}:{v.version}")}) for v in versions],
        "consent_record": [_row(c, {"guardian_enc": cipher.decrypt_json(
            c.guardian_enc, table="consent_record", column="guardian_enc", row=c.uid)} if c.guardian_enc else {})
            for c in consents],
        "letter_issued": [_row(letter, {"pdf_enc": base64.b64encode(cipher.decrypt(
            letter.pdf_enc, table="letter_issued", column="pdf_enc", row=letter.uid)).decode()}
            if letter.pdf_enc else {}) for letter in letters],
        "draft": [_row(d, {"payload_enc": cipher.decrypt_json(
            d.payload_enc, table="draft", column="payload_enc", row=d.uid)}) for d in drafts],
        "case_assignment": [_row(a, {}) for a in assignments],
        "audit_log": [_row(a, {}) for a in audit],
    }
    return {
        "format": EXPORT_FORMAT,
        "exported_at": store._now(),
        "case_id": case_id,
        "title": {"zh": "个人信息副本", "en": "Copy of personal information"},
        "sections": [{"id": name, "title": {"zh": SECTION_TITLES[name][0], "en": SECTION_TITLES[name][1]},
                      "rows": section_rows} for name, section_rows in rows.items()],
    }


# Column labels for the readable copy (the JSON keeps the column names).
LABELS = {
    "id": ("编号", "No."), "uid": ("记录标识", "Record id"), "display_name": ("姓名", "Name"),
    "name_key": ("检索用姓名", "Name as searched"), "city": ("城市", "City"), "district": ("区", "District"),
    "needs": ("咨询事项", "Needs"), "id_number": ("身份证号", "ID number"), "version": ("版本", "Version"),
    "created_at": ("建立时间", "Created"), "updated_at": ("更新时间", "Updated"),
    "created_by": ("建立人", "Created by"), "worker": ("经办人", "Case worker"),
    "retain_until": ("保存期限", "Kept until"), "case_id": ("个案编号", "Case no."),
    "saved_at": ("保存时间", "Saved"), "case": ("个案内容", "Case file"), "case_sha256": ("内容校验值", "Content hash"),
    "scope": ("同意范围", "Scope"), "subject": ("对象", "For"), "notice_version": ("告知书版本", "Notice version"),
    "lang": ("语言", "Language"), "obtained_at": ("同意时间", "Given"), "guardian": ("监护人", "Guardian"),
    "withdrawn_at": ("撤回时间", "Withdrawn"), "withdrawn_by": ("撤回经办人", "Withdrawal recorded by"),
    "case_version": ("所依据的版本", "From version"), "issued_at": ("出具时间", "Issued"),
    "template": ("信函模板", "Template"), "rule_pack_version": ("规则包版本", "Rule-pack version"),
    "rule_pack_sha256": ("规则包校验值", "Rule-pack hash"), "as_of": ("评估日期", "As of"),
    "input_sha256": ("输入校验值", "Input hash"), "pdf_sha256": ("信函校验值", "Letter hash"),
    "pdf": ("信函副本", "Letter copy"), "step": ("面谈步骤", "Interview step"), "payload": ("已填写内容", "Answers"),
    "user_id": ("工作人员编号", "Worker no."), "assigned_at": ("分配时间", "Assigned"),
    "assigned_by": ("分配人", "Assigned by"),
    "at": ("时间", "When"), "action": ("操作", "Action"), "target": ("对象", "Record"), "detail": ("说明", "Detail"),
}
HIDDEN = {"id_bidx", "id_tail_bidx", "prev_hash", "row_hash"}


def readable(export: dict[str, Any], lang: str = "zh") -> dict[str, Any]:
    """The export as ``{section title: [{label: value}]}`` for the readable PDF (no index or chain hashes)."""
    i = 1 if lang == "en" else 0
    head = ("Copy of personal information" if lang == "en" else "个人信息副本")
    out: dict[str, Any] = {head: {LABELS["case_id"][i]: export["case_id"],
                                  ("Exported" if lang == "en" else "导出时间"): export["exported_at"]}}
    for section in export["sections"]:
        rows = []
        for row in section["rows"]:
            shown = {}
            for key, value in row.items():
                if key in HIDDEN:
                    continue
                if key == "pdf" and value is not None:
                    value = "(kept, encrypted)" if lang == "en" else "（已加密保存）"
                shown[LABELS.get(key, (key, key))[i]] = value
            rows.append(shown)
        out[section["title"][lang]] = rows
    return out

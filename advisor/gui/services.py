"""The one adapter between the window and the core (the Anki "operations" layer).

Widgets never import ``advisor.domain`` / ``advisor.rules`` / ``advisor.cases`` / ``advisor.letters``;
they call a :class:`Services` object. Importing this module pulls in the whole core (pydantic,
SQLAlchemy…), so the window imports it off the GUI thread while it starts (see ``worker.PackLoader``).

Errors reach the window as :class:`ServiceError` with the message in Chinese and English; features
whose core package is not installed raise :class:`NotAvailable` with a plain explanation.
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import importlib.util
import io
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from advisor.domain.case import CASE_FORMAT, CITY_IDS, DOMAINS, Case
from advisor.domain.dates import PartialDate, add_months, format_date, format_months
from advisor.domain.idnumber import IdNumberError, validate_id_number
from advisor.domain.validation import CaseError, FieldError, case_to_json_dict, load_case_file, parse_case
from advisor.gui.account_services import AccountServices
from advisor.rules import wording
from advisor.rules.engine import evaluate as _evaluate
from advisor.rules.pack import Pack
from advisor.rules.questions import PAGES, interview_facts, should_ask
from advisor.rules.whatif import ChangeError, apply_changes

__all__ = ["CITY_IDS", "DOMAINS", "PAGES", "Checked", "ConsentNeeded", "NotAvailable", "PackInfo", "ServiceError",
           "Services"]

_PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class ServiceError(Exception):
    """A failure shown to the case worker in plain words (never a traceback)."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, lang: str) -> str:
        """The message in one language."""
        return self.en if lang == "en" else self.zh


class NotAvailable(ServiceError):
    """A feature whose core package is not part of this build yet (or the case store is not open)."""


class ConsentNeeded(ServiceError):
    """Saving needs consents first: ``scopes`` from ``general``, ``id_number``, ``health``,
    ``criminal``, ``guardian``."""

    def __init__(self, zh: str, en: str, scopes: list[str]):
        super().__init__(zh, en)
        self.scopes = list(scopes)


@dataclass(frozen=True)
class PackInfo:
    """What the window shows about the active rule pack."""

    pack: str
    version: str
    date: str
    sha256: str
    title: dict[str, str]


@dataclass
class Checked:
    """Answers checked against the case format: the usable case and every problem found.

    ``case`` treats each invalid answer as unknown, so results stay live while a field is wrong;
    it is None only when the city is not chosen yet. Each error's ``path`` names the field to mark
    (an object-level problem such as "end before start" is pinned to the field that causes it).
    """

    case: Case | None
    errors: list[FieldError] = field(default_factory=list)


def _tokens(path: str) -> list[str | int]:
    return [m.group(1) if m.group(1) is not None else int(m.group(2)) for m in _PATH_TOKEN.finditer(path)]


def _join(tokens: list[str | int]) -> str:
    out = ""
    for t in tokens:
        out += f"[{t}]" if isinstance(t, int) else ("." if out else "") + t
    return out


def _node(data: Any, tokens: list[str | int]) -> Any:
    for t in tokens:
        if isinstance(t, int):
            if not isinstance(data, list) or t >= len(data):
                return None
            data = data[t]
        else:
            if not isinstance(data, dict):
                return None
            data = data.get(t)
    return data


def _still_fails(data: dict[str, Any], path: str, en: str) -> bool:
    try:
        parse_case(data)
    except CaseError as exc:
        return any(e.path == path and e.en == en for e in exc.errors)
    return False


def _forget(data: dict[str, Any], err: FieldError) -> str | None:
    """Treat the answer behind one error as unknown; return the path to show the error at."""
    tokens = _tokens(err.path)
    if not tokens:
        return None
    parent, key = _node(data, tokens[:-1]), tokens[-1]
    target = _node(data, tokens)
    if isinstance(target, dict):  # object-level rule (end before start, ID vs birth date…)
        for k in reversed(list(target)):
            if target[k] is None or isinstance(target[k], dict | list):
                continue
            trial = copy.deepcopy(data)
            _node(trial, tokens)[k] = None
            if not _still_fails(trial, err.path, err.en):
                target[k] = None
                return _join([*tokens, k])
    elif target is not None:
        if isinstance(parent, list):
            del parent[key]  # type: ignore[arg-type]
        else:
            parent[key] = None
        return err.path
    # A required part is missing, or nothing above helped: drop the enclosing list item or object.
    for i in range(len(tokens) - 1, -1, -1):
        if isinstance(tokens[i], int):
            owner = _node(data, tokens[:i])
            if isinstance(owner, list) and tokens[i] < len(owner):
                del owner[tokens[i]]
                return err.path
    if len(tokens) > 1 and isinstance(_node(data, tokens[:1]), dict) and tokens[0] not in ("format", "city"):
        data.pop(tokens[0], None)
        return err.path
    return None


class Services(AccountServices):
    """Everything the window asks of the core, in one place (accounts: :class:`AccountServices`)."""

    DOMAINS = DOMAINS
    CITIES = (*CITY_IDS, "other")

    def __init__(self, pack: Pack, *, worker: str = "caseworker"):
        self.pack = pack
        self.worker = worker
        self._store: Any = None
        self.session: Any = None  # the logged-in user's advisor.cases.UserSession: every case operation
        self.store_problem: ServiceError | None = None  # why the store could not be opened

    # ------------------------------------------------------------------ start-up
    @classmethod
    def start(cls, open_store: bool = True) -> Services:
        """Load the active rule pack (importing the bundled pack when new) and open the case store
        (still locked: the window asks the user to log in). Runs off the GUI thread."""
        from advisor.db import make_engine
        from advisor.paths import bundled_rules_dir, rules_db_path
        from advisor.rules.loader import PackError
        from advisor.rules.store import ensure_bundled

        try:
            services = cls(ensure_bundled(make_engine(rules_db_path()), bundled_rules_dir()))
        except PackError as exc:
            raise ServiceError("内置规则包无效，无法开始：\n" + exc.report(),
                               "The bundled rule pack is invalid:\n" + exc.report()) from None
        if open_store and services.store_installed():
            services.open_store()
        return services

    @classmethod
    def from_folder(cls, folder: str | Path) -> Services:
        """Load a pack straight from a folder (tests, admins trying a pack)."""
        from advisor.rules.loader import load_pack

        return cls(load_pack(folder))

    def pack_info(self) -> PackInfo:
        """Name, version, date and hash of the active pack."""
        m = self.pack.manifest
        return PackInfo(m.pack, m.version, m.date, self.pack.sha256, {"zh": m.title.zh, "en": m.title.en})

    # ------------------------------------------------------------------ interview
    def interview_facts(self, city: str, domains: tuple[str, ...], on: date) -> dict[str, list[Any]]:
        """The facts to ask, page by page (``PAGES`` order), for a city, the needs and a date."""
        return interview_facts(self.pack, city, domains or DOMAINS, on)

    def fact(self, fact_id: str) -> Any:
        """A fact of the catalogue (None if the pack has no such fact)."""
        return self.pack.facts.get(fact_id)

    def fact_order(self) -> dict[str, int]:
        """Each fact's position in the catalogue (questions keep that order on a page)."""
        return {fid: i for i, fid in enumerate(self.pack.facts)}

    def child_facts(self) -> list[Any]:
        """Every per-child fact of the catalogue, in catalogue order."""
        return [f for fid, f in self.pack.facts.items() if fid.startswith("child.") and not f.derived]

    def should_ask(self, fact: Any, case: Case | None) -> bool:
        """False when a follow-up question's trigger says it does not apply."""
        if case is None or fact.ask_if is None:
            return True
        return should_ask(fact, case, self.pack)

    def check(self, data: dict[str, Any]) -> Checked:
        """Validate answers (a case-file dict); invalid answers become unknown in the returned case."""
        work = copy.deepcopy(data)
        work["format"] = CASE_FORMAT
        no_city = not work.get("city")
        if no_city:
            work["city"] = "other"  # only so the other answers are checked too
        errors: list[FieldError] = []
        for _ in range(60):
            try:
                case = parse_case(work)
                break
            except CaseError as exc:
                err = exc.errors[0]
                shown = _forget(work, err)
                if shown is None:
                    return Checked(None, errors + [err])
                errors.append(FieldError(shown, err.zh, err.en))
        else:
            return Checked(None, errors)
        if no_city:
            return Checked(None, [FieldError("city", "请选择城市", "choose the city"), *errors])
        return Checked(case, errors)

    @staticmethod
    def check_date(text: str, *, full: bool = False) -> str:
        """``YYYY-MM`` or ``YYYY-MM-DD`` normalised, or ServiceError saying what is wrong."""
        try:
            value = PartialDate.parse(text)
        except ValueError as exc:
            reason = str(exc)
            if reason.startswith("month"):
                raise ServiceError("月份不存在（应为 1–12）", "that month does not exist (1-12)") from None
            if reason.startswith("day"):
                raise ServiceError(f"这个月没有这一天：{text}", f"that day does not exist: {text}") from None
            if reason.startswith("year"):
                raise ServiceError("年份超出范围（1900–2200）", "year out of range (1900-2200)") from None
            raise ServiceError("日期格式应为 年-月 或 年-月-日", "a date is year-month or year-month-day") from None
        if full and value.day is None:
            raise ServiceError("需要填写具体哪一天", "the day is needed too")
        return str(value)

    @staticmethod
    def check_id_number(text: str) -> str:
        """The normalised resident ID number, or ServiceError (length, characters, date, check digit)."""
        try:
            return validate_id_number(text)
        except IdNumberError as exc:
            raise ServiceError(exc.zh, exc.en) from None

    @staticmethod
    def shift_month(text: str, months: int) -> str:
        """A ``YYYY-MM`` date moved by some months (negative: earlier)."""
        d = add_months(PartialDate.parse(text).start(), months)
        return f"{d.year:04d}-{d.month:02d}"

    # ------------------------------------------------------------------ results
    def evaluate(self, case: Case, as_of: date | None = None) -> dict[str, Any]:
        """The result (``advisor-result/1``) for a case on a date (default: its own date, else today)."""
        on = as_of or (case.as_of.start() if case.as_of else date.today())
        return _evaluate(case, self.pack, on)

    def what_if(self, case: Case, changes: dict[str, Any], as_of: date | None = None,
                later_months: int = 0) -> tuple[dict[str, Any], dict[str, Any]]:
        """Results before and after hypothetical changes (the case itself is never modified)."""
        on = as_of or (case.as_of.start() if case.as_of else date.today())
        try:
            changed = apply_changes(case, changes) if changes else case
        except CaseError as exc:
            raise ServiceError(exc.message("zh"), exc.message("en")) from None
        except ChangeError as exc:
            raise ServiceError(f"无法做这项假设：{exc}", f"cannot apply this change: {exc}") from None
        return _evaluate(case, self.pack, on), _evaluate(changed, self.pack, add_months(on, later_months))

    # ------------------------------------------------------------------ words (shared with the CLI)
    STATUS_BADGES = wording.STATUS_BADGES

    @staticmethod
    def status_words(status: str, lang: str) -> str:
        """可办理 / 暂不符合 …"""
        return wording.pick(wording.STATUS_WORDS[status], lang)

    @staticmethod
    def status_line(option: dict[str, Any], lang: str) -> str:
        """``● 可办理`` / ``◐ 2028年1月1日起可办理`` (the same words as the text report)."""
        from advisor.rules.text_report import status_line

        return status_line(option, lang)

    @staticmethod
    def domain_name(domain: str, lang: str) -> str:
        """A result domain in words."""
        return wording.pick(wording.DOMAIN_NAMES.get(domain, (domain, domain)), lang)

    @staticmethod
    def tier_word(tier: str, lang: str) -> str:
        """官方原文 / 第三方 / 待核实."""
        return wording.pick(wording.TIER_WORDS.get(tier, (tier, tier)), lang)

    @staticmethod
    def city_name(city: str, lang: str) -> str:
        """A city id in words."""
        return wording.city_name(city, lang)

    @staticmethod
    def number(x: Any) -> str:
        """A number without a pointless ``.0``."""
        return wording.fmt_number(x)

    @staticmethod
    def date_text(iso: str | None, lang: str, precision: str = "day") -> str:
        """``2027年3月1日`` / ``1 March 2027`` from an ISO date (month-precision dates as months)."""
        if not iso:
            return ""
        p = PartialDate.parse(iso)
        return format_date(p.start(), lang, "month" if p.day is None or precision == "month" else "day")

    @staticmethod
    def months_text(months: int, lang: str) -> str:
        """``1年1个月`` / ``1 year 1 month``."""
        return format_months(months, lang)

    def answer_text(self, fact: Any, value: Any, lang: str) -> str:
        """An answer in plain words, as the read-back page shows it."""
        if fact.type == "date" and isinstance(value, str):
            try:
                value = PartialDate.parse(value)
            except ValueError:
                pass
        return wording.fmt_value(value, fact.unit, lang, fact.labels)

    # ------------------------------------------------------------------ case files (portable answers)
    @staticmethod
    def open_case_file(path: str | Path) -> Case:
        """Read and validate a case file; ServiceError lists every problem."""
        try:
            return load_case_file(path)
        except CaseError as exc:
            raise ServiceError(exc.message("zh"), exc.message("en")) from None

    @staticmethod
    def case_dict(case: Case) -> dict[str, Any]:
        """A case as its JSON-ready file dict."""
        return case_to_json_dict(case)

    @staticmethod
    def save_case_file(case: Case, path: str | Path) -> None:
        """Write a case file atomically (temp file, fsync, replace): the old file or the new, never half."""
        target = Path(path)
        data = (json.dumps(case_to_json_dict(case), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        try:
            fd, tmp = tempfile.mkstemp(prefix=".advisor-", suffix=".tmp", dir=target.parent)
        except OSError as exc:
            raise _io_error(exc) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            for attempt in range(4):
                try:
                    os.replace(tmp, target)
                    break
                except PermissionError:
                    if attempt == 3:
                        raise
                    time.sleep(0.2 * (attempt + 1))
            _fsync_dir(target.parent)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise _io_error(exc) from None

    # ------------------------------------------------------------------ case store (advisor.cases)
    def store_installed(self) -> bool:
        """True when this build has the case store package."""
        return _has_api("advisor.cases", "CaseStore")

    def open_store(self, path: str | Path | None = None) -> None:
        """Open (check, migrate) the case store, locked; a problem is kept in ``store_problem``."""
        from advisor.cases import CaseStore, StoreError

        try:
            self._store = CaseStore.open(path)
        except StoreError as exc:
            self._store = None
            self.store_problem = ServiceError(exc.message("zh"), exc.message("en"))
            return
        try:  # retention: expired cases and drafts go at start-up (the centre's policy, run by the system)
            self._store.purge_expired("system")
        except StoreError:
            pass  # purging again next start is harmless; the store itself is fine

    def attach_store(self, store: Any) -> None:
        """Use an already opened store (tests, tools)."""
        self._store = store

    def store_opened(self) -> bool:
        """True when the store file is open (it may still be locked)."""
        return self._store is not None

    def store_available(self) -> bool:
        """True when a user is logged in (not locked) whose role works with cases."""
        return self._store is not None and self.session is not None and self.session.active \
            and self.session.can("case.list")

    def close_store(self) -> None:
        """Log out and close the store (checkpoint the WAL); it stays closed for this session."""
        self.sign_out()
        if self._store is not None:
            self._store.close()
            self._store = None

    def consent(self, scope: str, lang: str, subject: str = "applicant", guardian_name: str | None = None,
                guardian_relation: str | None = None) -> Any:
        """A consent just obtained, for the current privacy-notice version."""
        from advisor.cases import Consent

        self._need_store()
        return Consent(scope, self._store.settings.notice_version, lang, subject, guardian_name, guardian_relation)

    def notice_version(self) -> str:
        """The privacy notice the family was told about."""
        self._need_store()
        return str(self._store.settings.notice_version)

    def _need_store(self) -> Any:
        """The logged-in user's session (every store operation goes through it and its permission checks)."""
        if not self.store_available():
            raise NotAvailable("个案库尚未启用：请用“打开”“保存”处理个案文件。",
                               "The case store is not available yet: use Open and Save with case files.")
        return self.session

    def list_cases(self, search: str = "", city: str | None = None, limit: int = 200) -> list[Any]:
        """Stored cases matching a name or the last digits of an ID number, optionally in one city."""
        text = search.strip()
        if text and re.fullmatch(r"[0-9Xx]{4,18}", text):
            return self._call(lambda s: s.search(id_number=text, city=city, limit=limit))
        return self._call(lambda s: s.search(name=text or None, city=city, limit=limit))

    def recent_cases(self, limit: int = 10) -> list[Any]:
        """The most recently saved cases (the logged-in user may see)."""
        return self._call(lambda s: s.recent(limit))

    def open_case(self, case_id: int) -> Case:
        """A stored case (audit-logged)."""
        return self._call(lambda s: s.get_case(case_id).case)

    def save_case(self, case: Case, case_id: int | None = None, draft_id: str | None = None,
                  consents: tuple[Any, ...] = ()) -> int:
        """Save a case (new, or a new version); returns its id."""
        return self._call(lambda s: s.save_case(case, case_id, consents=consents, draft_id=draft_id))

    def delete_case(self, case_id: int) -> None:
        """Delete a stored case for real (versions, drafts, letters)."""
        self._call(lambda s: s.delete_case(case_id))

    def save_draft(self, payload: Any, step: str = "", draft_id: str | None = None,
                   case_id: int | None = None) -> str:
        """Autosave an unfinished interview (encrypted); returns the draft id."""
        return self._call(lambda s: s.save_draft(payload, step=step, draft_id=draft_id, case_id=case_id))

    def list_drafts(self) -> list[Any]:
        """Unfinished interviews to offer for recovery."""
        return self._call(lambda s: s.list_drafts())

    def load_draft(self, draft_id: str) -> Any:
        """An unfinished interview's payload."""
        return self._call(lambda s: s.load_draft(draft_id).payload)

    def discard_draft(self, draft_id: str) -> None:
        """Delete a draft for real."""
        self._call(lambda s: s.discard_draft(draft_id))

    def _call(self, fn: Any) -> Any:
        store = self._need_store()
        from advisor.cases import ConsentRequired, StoreError

        try:
            return fn(store)
        except ConsentRequired as exc:
            raise ConsentNeeded(exc.message("zh"), exc.message("en"), exc.scopes) from None
        except StoreError as exc:
            raise ServiceError(exc.message("zh"), exc.message("en")) from None
        except CaseError as exc:
            raise ServiceError(exc.message("zh"), exc.message("en")) from None

    # ------------------------------------------------------------------ letters (advisor.letters)
    def letters_available(self) -> bool:
        """True when this build has the letter builder."""
        return _has_api("advisor.letters", "build_letter")

    def _need_letters(self) -> Any:
        if not self.letters_available():
            raise NotAvailable("信函功能尚未启用，将在后续版本提供。",
                               "Letters are not available in this build yet.")
        return importlib.import_module("advisor.letters")

    def render_letter_bytes(self, case: Case, result: dict[str, Any], *, lang: str, centre: Any = None,
                            include: list[tuple[str, str]] | None = None, note: str | None = None) -> bytes:
        """The letter as PDF bytes (for the preview); ``include``: (rule_id or scheme, subject) pairs."""
        letters = self._need_letters()
        return self._letter_call(lambda: letters.render_letter_bytes(case, result, lang=lang, centre=centre,
                                                                     include=include, note=note))

    def build_letter(self, case: Case, result: dict[str, Any], out_path: str | Path, *, lang: str,
                     centre: Any = None, include: list[tuple[str, str]] | None = None,
                     note: str | None = None) -> Any:
        """Write the letter PDF atomically; returns the builder's report (pages, missing characters)."""
        letters = self._need_letters()
        return self._letter_call(lambda: letters.build_letter(case, result, out_path, lang=lang, centre=centre,
                                                              include=include, note=note))

    @staticmethod
    def _letter_call(fn: Any) -> Any:
        import advisor.letters as letters

        try:
            return fn()
        except letters.OutputError as exc:
            raise ServiceError(exc.zh, exc.en) from None
        except (letters.CentreError, letters.LetterTemplateError, letters.FontError) as exc:
            raise ServiceError(f"信函无法生成：{exc}", f"The letter cannot be made: {exc}") from None

    # ------------------------------------------------------------------ letter dialog (preview, letterhead, record)
    def letter_entries(self, result: dict[str, Any]) -> list[dict[str, Any]]:
        """What a letter can include, in the letter's order (can do now, later, to find out, blocked).

        Each: ``key`` (the ``include`` pair), ``type`` (option / points), ``title``, ``subject_name``,
        ``status``, ``eligible_from``, ``default``. Every entry is on by default: the letter gives
        blocked options no detail pages, and an entry left out of ``include`` also disappears from
        the first page's "not possible for now" list, which the family needs to see.
        """
        self._need_letters()
        from advisor.letters.letter_model import STATUS_ORDER, entry_key

        found = [("option", o) for o in result.get("options") or []]
        found += [("points", p) for p in result.get("points") or []]
        order = {s: i for i, s in enumerate(STATUS_ORDER)}
        found = sorted(found, key=lambda ke: order.get(ke[1].get("status") or "needs_info", 9))  # stable
        return [{"key": entry_key(e), "type": kind, "title": e.get("title"), "subject_name": e.get("subject_name"),
                 "status": e.get("status") or "needs_info", "eligible_from": e.get("eligible_from"), "default": True}
                for kind, e in found]

    def letter_centre(self, path: str | Path | None = None, fields: dict[str, str] | None = None) -> Any:
        """The letterhead: from a centre file (.toml/.json), else from typed fields (name, address,
        phone, hours — each used in both languages), else the generic default. ServiceError names the
        problem."""
        letters = self._need_letters()
        from advisor.letters.centre import centre_from_dict

        try:
            if path:
                return letters.load_centre(path)
            given = {k: v.strip() for k, v in (fields or {}).items() if isinstance(v, str) and v.strip()}
            if given:
                return centre_from_dict(given, "centre")
        except letters.CentreError as exc:
            raise ServiceError(f"信函抬头无法使用：{exc}", f"The letterhead cannot be used: {exc}") from None
        return letters.DEFAULT_CENTRE

    @staticmethod
    def centre_name(centre: Any, lang: str) -> str:
        """The letterhead's name in one language ('' for the generic default)."""
        if centre is None or not getattr(centre, "configured", False):
            return ""
        return str(centre.get("name", lang) or "")

    def letter_preview(self, case: Case, result: dict[str, Any], *, lang: str, centre: Any = None,
                       include: list[tuple[str, str]] | None = None, note: str | None = None) -> LetterPreview:
        """The letter as PDF bytes with its page count and the characters no bundled font can draw
        (from what the family, the case worker and the letterhead typed: the rule texts are covered)."""
        letters = self._need_letters()
        pdf = self.render_letter_bytes(case, result, lang=lang, centre=centre, include=include, note=note)
        texts = [note or ""]
        _strings(case_to_json_dict(case), texts)
        if centre is not None and getattr(centre, "configured", False):
            texts += [centre.get(f, lang) or "" for f in ("name", "address", "phone", "hours")]
        missing = letters.check_glyphs("\n".join(texts))
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        return LetterPreview(pdf, pages, missing, hashlib.sha256(pdf).hexdigest(), lang)

    @staticmethod
    def describe_missing_chars(chars: list[str], lang: str) -> str:
        """``X (U+…)`` for each character the fonts lack."""
        return ", ".join(f"{c} (U+{ord(c):04X})" for c in chars) if lang == "en" else \
            "、".join(f"{c}（U+{ord(c):04X}）" for c in chars)

    def write_letter_pdf(self, pdf: bytes, out_path: str | Path, pages: list[int] | None = None) -> Path:
        """Write letter bytes (or some of its pages, 0-based) all-or-nothing (the letters package's atomic write)."""
        self._need_letters()
        from advisor.letters.atomic import write_atomic

        if pages is not None:
            from pypdf import PdfReader, PdfWriter

            reader, writer = PdfReader(io.BytesIO(pdf)), PdfWriter()
            for i in pages:
                writer.add_page(reader.pages[i])
            buf = io.BytesIO()
            writer.write(buf)
            pdf = buf.getvalue()
        return self._letter_call(lambda: write_atomic(out_path, pdf))

    def record_letter(self, case_id: int, case: Case, result: dict[str, Any], *, lang: str, pdf_sha256: str) -> str:
        """Log a printed or saved letter with the stored case: rule-pack version and hash, as-of date,
        the hash of the case the letter was made from and the PDF's hash (so it can be traced and
        rebuilt). Returns the record's id."""
        from advisor.letters.letter_model import case_sha256

        rules = result.get("rules") or {}
        return self._call(lambda s: s.record_letter(
            case_id, template="guidance", lang=lang, rule_pack_version=str(rules.get("version", "")),
            rule_pack_sha256=str(rules.get("sha256", "")), as_of=result["as_of"], pdf_sha256=pdf_sha256,
            input_sha256=case_sha256(case)))

    def issued_letters(self, case_id: int) -> list[Any]:
        """Letters recorded for a stored case, oldest first."""
        return self._call(lambda s: s.letters(case_id))

    # ------------------------------------------------------------------ unlock path (advisor.rules.unlock)
    def unlock_actions(self, case: Case, result: dict[str, Any]) -> list[dict[str, Any]]:
        """The pack's actions (permit, lease, insurance…) that would improve an option, the one that
        opens the most first; each with ``text``, ``how`` and ``opens`` (title, subject, before →
        after). ``result`` is the case's evaluation (the comparison base). Re-evaluates the case once
        per action: run it off the GUI thread."""
        from advisor.rules.unlock import rank_actions

        return rank_actions(case, self.pack, date.fromisoformat(result["as_of"]), result)

    # ------------------------------------------------------------------ centre report (gui/report_view.py)
    def report_service(self) -> Any:
        """The centre-report service (``advisor.report.ReportService``) for the logged-in user."""
        from advisor.report import ReportService

        return ReportService(getattr(self, "session", None))

    @staticmethod
    def report_filters(**kw: Any) -> Any:
        """Report filters (``advisor.report.Filters``)."""
        from advisor.report import Filters

        return Filters(**kw)

    @staticmethod
    def report_wording() -> Any:
        """The report's labels and words (``advisor.report.wording``)."""
        from advisor.report import wording

        return wording

    # ------------------------------------------------------------------ rule-pack updates (gui/rules_update_view.py)
    def rule_updates(self) -> Any:
        """The rule-pack update and recall-list service (``advisor.cases.rule_updates.RuleUpdates``) over this
        window's session; an activation replaces ``self.pack``."""
        from advisor.cases.rule_updates import RuleUpdates

        return RuleUpdates(self)


@dataclass(frozen=True)
class LetterPreview:
    """A letter built for the preview: the PDF, its pages, characters the fonts lack, its SHA-256."""

    pdf: bytes
    pages: int
    missing_chars: list[str]
    sha256: str
    lang: str


def _strings(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for v in value.values():
            _strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _strings(v, out)


def _has_api(module: str, name: str) -> bool:
    try:
        if importlib.util.find_spec(module) is None:
            return False
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return False


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _io_error(exc: OSError) -> ServiceError:
    import errno

    if exc.errno == errno.ENOSPC:
        return ServiceError("磁盘空间不足，文件没有保存。", "The disk is full; the file was not saved.")
    if isinstance(exc, PermissionError):
        return ServiceError("无法写入：文件可能已在其他程序中打开，或没有权限。请关闭它或另存为。",
                            "Cannot write: the file may be open in another program, or not allowed. "
                            "Close it or save under another name.")
    return ServiceError(f"文件没有保存：{exc.strerror}", f"The file was not saved: {exc.strerror}")

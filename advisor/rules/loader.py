"""Load a rule-pack folder strictly: every problem in every file, each with file and line, in one
report. Nothing is returned unless the whole pack is valid."""

from __future__ import annotations

import hashlib
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from advisor.domain import case as case_model
from advisor.rules.conditions import condition_facts, condition_params
from advisor.rules.context import DERIVED
from advisor.rules.pack import Pack
from advisor.rules.schema import (
    ContentFile,
    FactsFile,
    Manifest,
    ScenarioFile,
    valid_fact_path,
)
from advisor.rules.yaml_loader import YamlDoc, YamlProblem, load_yaml

MAX_FILES = 400
MAX_PACK_BYTES = 16_000_000


@dataclass(frozen=True)
class PackProblem:
    """One problem: file (relative to the pack), line (0 = whole file) and message."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class PackError(Exception):
    """A pack that cannot be used; ``problems`` lists every one found."""

    def __init__(self, problems: list[PackProblem], root: str = ""):
        self.problems = problems
        self.root = root
        super().__init__(self.report("en"))

    def report(self, lang: str = "en") -> str:
        """All problems, one per line, with a heading."""
        head = (f"规则包 {self.root} 有 {len(self.problems)} 处错误，未作任何更改：" if lang == "zh"
                else f"rule pack {self.root} has {len(self.problems)} problem(s); nothing was changed:")
        return "\n".join([head] + [f"  {p}" for p in self.problems])


def _pydantic_problems(exc: ValidationError, doc: YamlDoc, rel: str) -> list[PackProblem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        where = ".".join(str(x) for x in loc)
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        elif err["type"] == "union_tag_invalid":
            msg = f"unknown type {err.get('input', {}).get('type')!r} " \
                  f"(allowed: {err.get('ctx', {}).get('expected_tags')})"
        out.append(PackProblem(rel, doc.line_for(loc), f"{where}: {msg}"))
    return out


def pack_files(root: Path) -> list[Path]:
    """The YAML files of a pack folder (sorted), refusing links and oversize trees."""
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml"))
    return files


def content_hash(root: Path, files: list[Path]) -> str:
    """SHA-256 over every file's relative path and bytes (order-independent of the file system)."""
    h = hashlib.sha256()
    for f in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        rel = f.relative_to(root).as_posix().encode()
        data = f.read_bytes()
        h.update(len(rel).to_bytes(4, "big") + rel + len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def _fact_exists_in_case(path: str) -> bool:
    """True when a dotted fact path names a field of the case model (``child.*`` → Child)."""
    head, _, rest = path.partition(".")
    roots: dict[str, Any] = {"applicant": case_model.Applicant, "residence": case_model.Residence,
                             "work": case_model.Work, "family": case_model.Family,
                             "child": case_model.Child, "case": case_model.Case}
    model: Any = roots.get(head)
    if model is None:
        return False
    for part in rest.split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return False
        model = _inner_model(model.model_fields[part].annotation)
    return True


def _inner_model(annotation: Any) -> Any:
    for arg in typing.get_args(annotation) or (annotation,):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = _inner_model(arg) if typing.get_args(arg) else None
        if inner is not None:
            return inner
    return None


def load_pack(root: str | Path, include_tests: bool = True) -> Pack:
    """Read and validate a pack folder; raise PackError listing every problem."""
    root = Path(root)
    problems: list[PackProblem] = []
    if not root.is_dir():
        raise PackError([PackProblem(str(root), 0, "not a folder")], str(root))
    files = pack_files(root)
    if len(files) > MAX_FILES:
        raise PackError([PackProblem(".", 0, f"{len(files)} files; at most {MAX_FILES}")], str(root))
    total = 0
    docs: dict[str, YamlDoc] = {}
    for f in files:
        rel = f.relative_to(root).as_posix()
        if f.is_symlink():
            problems.append(PackProblem(rel, 0, "links are not allowed in rule packs"))
            continue
        raw = f.read_bytes()
        total += len(raw)
        if total > MAX_PACK_BYTES:
            raise PackError([PackProblem(rel, 0, f"pack larger than {MAX_PACK_BYTES} bytes")], str(root))
        try:
            docs[rel] = load_yaml(raw)
        except YamlProblem as exc:
            problems.append(PackProblem(rel, exc.line, exc.message))
    manifest = facts_file = None
    contents: dict[str, ContentFile] = {}
    scenarios: dict[str, ScenarioFile] = {}
    for rel, doc in docs.items():
        model: Any
        if rel == "pack.yaml":
            model = Manifest
        elif rel == "facts.yaml":
            model = FactsFile
        elif rel.startswith("tests/"):
            model = ScenarioFile
        else:
            model = ContentFile
        if not isinstance(doc.data, dict):
            problems.append(PackProblem(rel, 1, "the file must be a mapping at the top level"))
            continue
        try:
            parsed = model.model_validate(doc.data, strict=True)
        except ValidationError as exc:
            problems.extend(_pydantic_problems(exc, doc, rel))
            continue
        if rel == "pack.yaml":
            manifest = parsed
        elif rel == "facts.yaml":
            facts_file = parsed
        elif rel.startswith("tests/"):
            scenarios[rel] = parsed
        else:
            contents[rel] = parsed
    if "pack.yaml" not in docs:
        problems.append(PackProblem("pack.yaml", 0, "missing: every pack needs a manifest"))
    if "facts.yaml" not in docs:
        problems.append(PackProblem("facts.yaml", 0, "missing: every pack needs a facts catalogue"))
    if problems:
        raise PackError(problems, str(root))
    assert manifest is not None and facts_file is not None
    pack = _assemble(root, files, manifest, facts_file, contents, docs, problems)
    if include_tests:
        for rel, sf in scenarios.items():
            for i, sc in enumerate(sf.scenarios):
                if sc.case_file and not (root / "tests" / sc.case_file).resolve().is_relative_to(root.resolve()):
                    problems.append(PackProblem(rel, docs[rel].line_for(("scenarios", i, "case_file")),
                                                "case_file must stay inside the pack"))
    if problems:
        raise PackError(problems, str(root))
    return pack


def _assemble(root: Path, files: list[Path], manifest: Manifest, facts_file: FactsFile,
              contents: dict[str, ContentFile], docs: dict[str, YamlDoc], problems: list[PackProblem]) -> Pack:
    facts: dict[str, Any] = {}
    fdoc = docs["facts.yaml"]
    for i, fact in enumerate(facts_file.facts):
        line = fdoc.line_for(("facts", i))
        if fact.id in facts:
            problems.append(PackProblem("facts.yaml", line, f"duplicate fact {fact.id}"))
        facts[fact.id] = fact
        if fact.derived:
            if fact.id not in DERIVED:
                problems.append(PackProblem("facts.yaml", line, f"no derived fact named {fact.id} in the engine"))
        elif not fact.id.startswith(("extra.", "child.extra.")) and not _fact_exists_in_case(fact.id):
            problems.append(PackProblem("facts.yaml", line, f"{fact.id} is not a field of the case format"))
        if fact.type == "enum" and not fact.values:
            problems.append(PackProblem("facts.yaml", line, f"enum fact {fact.id} needs values"))
    for rel, content in contents.items():
        for i, fact in enumerate(content.facts):
            line = docs[rel].line_for(("facts", i))
            if fact.id in facts:
                problems.append(PackProblem(rel, line, f"duplicate fact {fact.id}"))
            if not fact.id.startswith(("extra.", "child.extra.")):
                problems.append(PackProblem(rel, line,
                                            f"{fact.id}: facts outside facts.yaml must be extra.* or child.extra.*"))
            facts[fact.id] = fact
    for fid, fact in facts.items():
        if fact.ask_if is not None and fact.ask_if.fact not in facts:
            problems.append(PackProblem("facts.yaml", 0, f"{fid}: ask_if names unknown fact {fact.ask_if.fact}"))
    sources: dict[str, Any] = {}
    params: dict[str, Any] = {}
    offices: dict[str, Any] = {}
    rules: list[Any] = []
    schemes: list[Any] = []
    actions: list[Any] = []
    origin: dict[str, str] = {}
    where: dict[tuple[str, str], str] = {}
    for rel, content in contents.items():
        doc = docs[rel]
        for kind, mapping, store in (("source", content.sources, sources), ("param", content.params, params),
                                     ("office", content.offices, offices)):
            for key, value in mapping.items():
                loc = f"{rel}:{doc.line_for((kind + 's', key))}"
                if key in store:
                    problems.append(PackProblem(rel, doc.line_for((kind + "s", key)),
                                                f"duplicate {kind} {key} (also at {where[(kind, key)]})"))
                store[key] = value
                where[(kind, key)] = loc
        for attr, store_list in (("rules", rules), ("schemes", schemes), ("actions", actions)):
            for i, item in enumerate(getattr(content, attr)):
                line = doc.line_for((attr, i))
                if item.id in origin:
                    problems.append(PackProblem(rel, line, f"duplicate id {item.id} (also at {origin[item.id]})"))
                origin[item.id] = f"{rel}:{line}"
                store_list.append((rel, line, item))
    pack = Pack(manifest=manifest, sha256=content_hash(root, files), facts=facts, sources=sources, params=params,
                offices=offices, rules=[r for _, _, r in rules], schemes=[s for _, _, s in schemes],
                actions=[a for _, _, a in actions], origin=origin)
    rule_ids = {r.id for r in pack.rules}
    scheme_ids = {s.id for s in pack.schemes}
    for rel, line, item in rules + schemes:
        _check_refs(pack, item, rel, line, problems, rule_ids, scheme_ids)
    for rel, line, act in actions:
        for c in _walk_conditions(list(act.when)):
            for fact in condition_facts(c):
                if fact not in pack.facts:
                    problems.append(PackProblem(rel, line, f"{act.id}: fact {fact} is not in the facts catalogue"))
        for path in act.set:
            if not valid_fact_path(path.replace("[*]", "").replace("[+]", "")):
                problems.append(PackProblem(rel, line, f"{act.id}: bad path {path}"))
    for key, param in params.items():
        for v in param.values:
            if v.source.ref not in sources:
                rel, _, line = where[("param", key)].rpartition(":")
                problems.append(PackProblem(rel, int(line), f"param {key}: unknown source {v.source.ref}"))
    for key, office in offices.items():
        if office.source and office.source.ref not in sources:
            rel, _, line = where[("office", key)].rpartition(":")
            problems.append(PackProblem(rel, int(line), f"office {key}: unknown source {office.source.ref}"))
    return pack


def _walk_conditions(conds: list[Any]) -> list[Any]:
    out = []
    for c in conds:
        out.append(c)
        out.extend(_walk_conditions(getattr(c, "conditions", None) or []))
        if getattr(c, "condition", None) is not None:
            out.extend(_walk_conditions([c.condition]))
    return out


def _indicator_conditions(indicators: list[Any]) -> list[Any]:
    out: list[Any] = []
    for ind in indicators:
        out.extend(ind.when)
        for row in getattr(ind, "rows", None) or []:
            out.extend(getattr(row, "when", []))
        out.extend(_indicator_conditions(getattr(ind, "indicators", None) or []))
    return out


def _check_refs(pack: Pack, item: Any, rel: str, line: int, problems: list[PackProblem],
                rule_ids: set[str], scheme_ids: set[str]) -> None:
    def bad(msg: str) -> None:
        problems.append(PackProblem(rel, line, f"{item.id}: {msg}"))

    refs = list(item.sources) + [d for d in getattr(item, "cutoffs", [])]
    for ref in item.sources:
        if ref.ref not in pack.sources:
            bad(f"unknown source {ref.ref}")
    for c in getattr(item, "cutoffs", []):
        if c.source.ref not in pack.sources:
            bad(f"cut-off {c.year}: unknown source {c.source.ref}")
    del refs
    for oid in item.offices:
        if oid not in pack.offices:
            bad(f"unknown office {oid}")
    conds = list(getattr(item, "applies_when", [])) + list(getattr(item, "conditions", [])) + \
        list(getattr(item, "preconditions", []))
    conds += _indicator_conditions(getattr(item, "indicators", []))
    for s in getattr(item, "suggestions", []):
        conds += s.when
    for w in getattr(item, "windows", []):
        if w.anniversary_of and w.anniversary_of not in pack.facts:
            bad(f"window: fact {w.anniversary_of} is not in the facts catalogue")
    all_conds = _walk_conditions(conds)
    ids = [c.id for c in _walk_conditions(list(getattr(item, "conditions", [])) +
                                          list(getattr(item, "preconditions", []))) if c.id]
    if len(ids) != len(set(ids)):
        bad("condition ids must be unique within a rule")
    for c in all_conds:
        for fact in condition_facts(c):
            if not valid_fact_path(fact):
                bad(f"condition {c.id or c.type}: bad fact path {fact}")
            elif fact not in pack.facts:
                bad(f"condition {c.id or c.type}: fact {fact} is not in the facts catalogue")
        for pid in condition_params(c):
            if pid not in pack.params:
                bad(f"condition {c.id or c.type}: unknown param {pid}")
        if c.type == "points_at_least" and c.scheme not in scheme_ids and c.scheme not in (
                "points.hukou", "points.residence_permit", "hukou.talent"):
            bad(f"condition {c.id or c.type}: unknown scheme {c.scheme}")
        needs_label = c.type in ("fact_equals", "fact_in", "at_least", "at_most", "date_between", "has_item")
        if needs_label and c.label is None:
            bad(f"condition {c.id or c.type} needs a label (zh/en) so the result can explain it")
        if c.type == "fact_equals" and c.fact in pack.facts and pack.facts[c.fact].type == "enum":
            if c.value not in (pack.facts[c.fact].values or []):
                bad(f"condition {c.id or c.type}: {c.value!r} is not a value of {c.fact}")
        if c.type == "fact_in" and c.fact in pack.facts and pack.facts[c.fact].type == "enum":
            for v in c.values:
                if v not in (pack.facts[c.fact].values or []):
                    bad(f"condition {c.id or c.type}: {v!r} is not a value of {c.fact}")
    if hasattr(item, "replaces"):
        for rid in item.replaces:
            if rid not in rule_ids:
                bad(f"replaces unknown rule {rid}")
    cond_ids = set(ids)
    for d in getattr(item, "documents", []):
        if getattr(d, "proves", None) and d.proves not in cond_ids:
            bad(f"document proves unknown condition {d.proves}")
    if hasattr(item, "indicators"):
        ind_ids: set[str] = set()
        for ind in item.indicators:
            if ind.id in ind_ids:
                bad(f"duplicate indicator {ind.id}")
            if getattr(ind, "cap_years_by", None) and ind.cap_years_by not in ind_ids:
                bad(f"indicator {ind.id}: cap_years_by must name an earlier indicator")
            ind_ids.add(ind.id)
            if ind.source and ind.source.ref not in pack.sources:
                bad(f"indicator {ind.id}: unknown source {ind.source.ref}")
            for attr in ("fact", "within_from_fact", "within_to_fact"):
                f = getattr(ind, attr, None)
                if f and f not in pack.facts:
                    bad(f"indicator {ind.id}: fact {f} is not in the facts catalogue")
            for attr in ("rate", "cap", "min_amount"):
                v = getattr(ind, attr, None)
                if v is not None and hasattr(v, "param") and v.param not in pack.params:
                    bad(f"indicator {ind.id}: unknown param {v.param}")
    thr = getattr(item, "threshold", None)
    if thr is not None and hasattr(thr, "param") and thr.param not in pack.params:
        bad(f"threshold: unknown param {thr.param}")


def load_scenarios(root: str | Path) -> dict[str, ScenarioFile]:
    """The scenario files of a pack (already validated by :func:`load_pack`)."""
    root = Path(root)
    out = {}
    for f in sorted((root / "tests").rglob("*.y*ml")) if (root / "tests").is_dir() else []:
        doc = load_yaml(f.read_bytes())
        out[f.relative_to(root).as_posix()] = ScenarioFile.model_validate(doc.data, strict=True)
    return out

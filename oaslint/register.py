"""The requirements register: every requirement statement of the five guidance texts.

The statements live in ``oaslint/data/requirements.toml`` (package data): id,
standard, a short English and Dutch text, whether a rule can check it from the
contract (``machine``), a person must (``manual``) or nobody can (``no``), and what to
confirm by hand. Which rules check a requirement is not written there: it is derived
from the rules' own ``RuleMeta.references`` by :func:`load_register`, so the register
and the rules cannot drift. The compliance report (:mod:`oaslint.compliance`), the
``--profile`` option and the rule pages (``oaslint docs``) all read it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from oaslint.rules.base import Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

__all__ = [
    "PROFILES",
    "Register",
    "Requirement",
    "Standard",
    "load_register",
    "ref_id",
    "render_manual_checks_table",
    "source_of",
]

PROFILES = ("all", "nl-api", "healthcare", "ssdlc")
LANGS = ("en", "nl")
CHECKABLE = ("machine", "manual", "no")

_PAREN_RE = re.compile(r"\s*\([^()]*\)\s*$")


def ref_id(ref: str) -> str:
    """The register id a rule reference names: ``"B.12.3 (tokens only via HTTPS)"`` ->
    ``"B.12.3"`` (a trailing parenthetical is a hint for readers, not part of the id)."""
    return _PAREN_RE.sub("", ref).strip()


@dataclass(frozen=True, slots=True)
class Standard:
    key: str
    order: int
    profile: str  # the --profile that selects it ("all": only the full report)
    title_en: str
    title_nl: str
    source: str  # the guidance file it summarises

    def title(self, lang: str = "en") -> str:
        return self.title_nl if lang == "nl" else self.title_en


@dataclass(frozen=True, slots=True)
class Requirement:
    id: str
    standard: str
    checkable: str  # machine | manual | no
    text_en: str
    text_nl: str
    manual_en: str = ""
    manual_nl: str = ""
    also: tuple[str, ...] = ()  # further standards stating the same requirement
    aliases: tuple[str, ...] = ()  # other ids rules cite for it
    rules: tuple[str, ...] = ()  # ids of the rules whose references name it

    @property
    def standards(self) -> tuple[str, ...]:
        return (self.standard, *self.also)

    def text(self, lang: str = "en") -> str:
        return self.text_nl if lang == "nl" else self.text_en

    def manual(self, lang: str = "en") -> str:
        return self.manual_nl if lang == "nl" else self.manual_en


@dataclass(frozen=True)
class Register:
    standards: dict[str, Standard]
    requirements: tuple[Requirement, ...]
    # rule references that name no requirement: (rule id, reference)
    unresolved: tuple[tuple[str, str], ...] = ()
    _by_id: dict[str, Requirement] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for req in self.requirements:
            for name in (req.id, *req.aliases):
                self._by_id[name] = req

    def get(self, ref: str) -> Requirement | None:
        """The requirement a reference names (by id or alias), or None."""
        return self._by_id.get(ref_id(ref))

    def ordered_standards(self, profile: str = "all") -> list[Standard]:
        keys = profile_standards(self, profile)
        return sorted((self.standards[k] for k in keys), key=lambda s: s.order)

    def of_standard(self, key: str) -> list[Requirement]:
        return [r for r in self.requirements if key in r.standards]

    def profile_rules(self, profile: str) -> set[str]:
        """Ids of the rules citing a requirement of the profile's standards."""
        keys = set(profile_standards(self, profile))
        return {rule for r in self.requirements if keys & set(r.standards) for rule in r.rules}


def profile_standards(register: Register, profile: str) -> list[str]:
    if profile == "all":
        return list(register.standards)
    return [k for k, s in register.standards.items() if s.profile == profile]


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    text = (resources.files("oaslint") / "data" / "requirements.toml").read_bytes()
    data: dict[str, Any] = tomllib.loads(text.decode("utf-8"))
    return data


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def load_register(rules: Iterable[Rule] = ()) -> Register:
    """The register, each requirement's ``rules`` filled from the rules' references."""
    raw = _raw()
    standards = {
        key: Standard(
            key,
            int(s["order"]),
            str(s["profile"]),
            str(s["title_en"]),
            str(s["title_nl"]),
            str(s.get("source", "")),
        )
        for key, s in raw["standards"].items()
    }
    base = [
        Requirement(
            id=str(r["id"]),
            standard=str(r["standard"]),
            checkable=str(r["checkable"]),
            text_en=str(r["text_en"]),
            text_nl=str(r["text_nl"]),
            manual_en=str(r.get("manual_en", "")),
            manual_nl=str(r.get("manual_nl", "")),
            also=_tuple(r.get("also")),
            aliases=_tuple(r.get("aliases")),
        )
        for r in raw["requirement"]
    ]
    index = {name: req.id for req in base for name in (req.id, *req.aliases)}
    checking: dict[str, list[str]] = {req.id: [] for req in base}
    unresolved: list[tuple[str, str]] = []
    for rule in rules:
        for ref in rule.meta.references:
            rid = index.get(ref_id(ref))
            if rid is None:
                unresolved.append((rule.meta.id, ref))
            elif rule.meta.id not in checking[rid]:
                checking[rid].append(rule.meta.id)
    reqs = tuple(
        Requirement(
            req.id,
            req.standard,
            req.checkable,
            req.text_en,
            req.text_nl,
            req.manual_en,
            req.manual_nl,
            req.also,
            req.aliases,
            tuple(sorted(checking[req.id])),
        )
        for req in base
    )
    return Register(standards, reqs, tuple(unresolved))


@lru_cache(maxsize=1)
def dutch_rule_titles() -> dict[str, str]:
    """Dutch titles of the built-in rules (``oaslint/data/rule-titles-nl.toml``)."""
    text = (resources.files("oaslint") / "data" / "rule-titles-nl.toml").read_bytes()
    titles = tomllib.loads(text.decode("utf-8")).get("titles", {})
    return {str(k): str(v) for k, v in titles.items()}


def rule_title(rule: Rule, lang: str = "en") -> str:
    """A rule's title in ``lang`` (English where no Dutch title is known: plugins)."""
    if lang == "nl":
        return dutch_rule_titles().get(rule.meta.id, rule.meta.title)
    return rule.meta.title


def source_of(ref: str, lang: str = "en") -> str:
    """Where a reference comes from, for rule pages: the standard and the statement."""
    register = load_register()
    req = register.get(ref)
    if req is None:
        return "the guidance texts"
    return f'{register.standards[req.standard].title(lang)} ("{req.text(lang)}")'


def manual_checks(register: Register, standards: Sequence[str] | None = None) -> list[Requirement]:
    """Requirements to confirm by hand: manual ones, and machine-checked ones with a
    part only a person can confirm (the deployed TLS configuration behind API-11)."""
    keys = set(standards) if standards is not None else set(register.standards)
    return [
        r
        for r in register.requirements
        if keys & set(r.standards) and r.checkable != "no" and r.manual_en
    ]


def render_manual_checks_table(lang: str = "en") -> str:
    """The manual checks as a Markdown table (rule index page)."""
    register = load_register()
    head = "| requirement | confirm by hand |" if lang == "en" else "| eis | handmatig bevestigen |"
    rows = [head, "|---|---|"]
    rows += [f"| {r.id} | {r.manual(lang)} |" for r in manual_checks(register)]
    return "\n".join(rows) + "\n"

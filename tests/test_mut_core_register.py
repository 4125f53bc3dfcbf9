"""The requirements register (oaslint.register): what the mutation run found unpinned."""

from __future__ import annotations

from oaslint.model import Severity
from oaslint.register import (
    Register,
    Requirement,
    Standard,
    load_register,
    manual_checks,
    render_manual_checks_table,
    rule_title,
    source_of,
)
from oaslint.registry import all_rules
from oaslint.rules.base import Rule, RuleContext, RuleMeta


def test_texts_per_language() -> None:
    std = Standard("k", 1, "all", "Title", "Titel", "k.txt")
    assert (std.title(), std.title("en"), std.title("nl")) == ("Title", "Title", "Titel")
    req = Requirement("R", "k", "manual", "Text", "Tekst", "Check", "Controleer")
    assert (req.text(), req.text("en"), req.text("nl")) == ("Text", "Text", "Tekst")
    assert (req.manual(), req.manual("en"), req.manual("nl")) == ("Check", "Check", "Controleer")


def test_the_loaded_register_keeps_every_field() -> None:
    register = load_register()
    nl_ts = register.standards["nl-ts"]
    assert nl_ts.source == "nl-api-transport-security-module.txt"
    assert register.standards["other"].source == ""
    req = register.get("NL-TS 2.1")
    assert req is not None
    assert req.also == ("nl-sec",) and req.standards == ("nl-ts", "nl-sec")
    assert req.text_nl.startswith("Pas ook de beveiligingsmaatregelen toe")
    assert req.manual_nl.startswith("de overige beveiligingsmaatregelen")
    assert [s.key for s in register.ordered_standards()][:2] == ["nl-ts", "nl-sec"]
    machine = register.get("NL-TS 2.2")  # no manual check written: empty in both languages
    assert machine is not None and (machine.manual("en"), machine.manual("nl")) == ("", "")


def test_a_reference_naming_no_requirement_is_unresolved() -> None:
    def check(ctx: RuleContext) -> None:
        return None

    meta = RuleMeta(
        id="x-house",
        title="House rule",
        severity=Severity.INFO,
        references=("HOUSE-1", "NL-TS 2.2"),
        description="d",
        rationale="r",
        bad_example="b",
        good_example="g",
    )
    register = load_register([Rule(meta, check, origin="plugin")])
    assert register.unresolved == (("x-house", "HOUSE-1"),)
    req = register.get("NL-TS 2.2")
    assert req is not None and "x-house" in req.rules
    # a plugin has no Dutch title: its English one stands in
    assert rule_title(Rule(meta, check, origin="plugin"), "nl") == "House rule"


def test_rule_titles_and_sources_per_language() -> None:
    (rule,) = [r for r in all_rules() if r.meta.id == "https-servers"]
    assert rule_title(rule) == rule.meta.title == rule_title(rule, "en")
    assert rule_title(rule, "nl") not in ("", rule.meta.title)
    assert source_of("NOPE-1") == "the guidance texts"
    register = load_register()
    req = register.get("NL-TS 2.2")
    assert req is not None
    std = register.standards[req.standard]
    assert source_of("NL-TS 2.2") == f'{std.title_en} ("{req.text_en}")'
    assert source_of("NL-TS 2.2", "nl") == f'{std.title_nl} ("{req.text_nl}")'


def test_manual_checks_leave_out_the_uncheckable_and_those_without_a_manual_text() -> None:
    reqs = (
        Requirement("A", "k", "manual", "t", "t", "confirm A", "bevestig A"),
        Requirement("B", "k", "no", "t", "t", "confirm B", "bevestig B"),
        Requirement("C", "k", "machine", "t", "t"),
        Requirement("D", "k", "machine", "t", "t", "confirm D", "bevestig D"),
        Requirement("E", "j", "manual", "t", "t", "confirm E", "bevestig E"),
    )
    std = {k: Standard(k, i, "all", k, k, "") for i, k in enumerate("kj")}
    register = Register(std, reqs)
    assert [r.id for r in manual_checks(register)] == ["A", "D", "E"]
    assert [r.id for r in manual_checks(register, ["k"])] == ["A", "D"]


def test_the_manual_checks_table() -> None:
    en = render_manual_checks_table().splitlines()
    nl = render_manual_checks_table("nl").splitlines()
    assert en[:2] == ["| requirement | confirm by hand |", "|---|---|"]
    assert nl[:2] == ["| eis | handmatig bevestigen |", "|---|---|"]
    assert "| NL-TS 2.1 | the organisation's wider security controls" in "\n".join(en)
    assert "| NL-TS 2.1 | de overige beveiligingsmaatregelen" in "\n".join(nl)
    assert len(en) == len(nl) > 2

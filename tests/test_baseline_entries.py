"""Baseline entries read, matched and written exactly (mutation survivors of oaslint.baseline).

In-process and small: each test pins one thing a mutant of ``Baseline.load``,
``Baseline.apply``, ``render`` or ``write`` changed without any other test noticing.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from oaslint import baseline
from oaslint.baseline import Baseline, BaselineError
from oaslint.model import Finding, Related, Severity, aggregate_fingerprint_of, fingerprint_of


def _finding(tmp: Path, pointer: str, message: str = "m", rule: str = "r") -> Finding:
    return Finding(str(tmp / "api.yaml"), 3, 1, rule, message, Severity.ERROR, pointer=pointer)


def _aggregate(tmp: Path, key: str, pointers: list[str], message: str = "agg") -> Finding:
    related = tuple(Related(str(tmp / "api.yaml"), 5, 1, 5, 9, p) for p in pointers)
    return Finding(
        str(tmp / "api.yaml"),
        1,
        1,
        "r",
        message,
        Severity.WARNING,
        pointer="/paths",
        related=related,
        aggregate=True,
        key=key,
    )


def _load(tmp: Path, entries: list[dict[str, Any]], version: int = 2) -> Baseline:
    path = tmp / "b.json"
    path.write_text(json.dumps({"oaslint-baseline": version, "findings": entries}), "utf-8")
    return Baseline.load(str(path))


def test_an_entry_without_fingerprint_matches_by_rule_file_and_pointer(tmp_path: Path) -> None:
    """Hand-written entries may leave the fingerprint out (or write a non-string one)."""
    base = _load(
        tmp_path,
        [
            {"rule": "r", "file": "api.yaml", "pointer": "/a"},
            {"rule": "r", "file": "api.yaml", "pointer": "/b", "fingerprint": 5},
            {"rule": "r", "file": "api.yaml", "pointer": "/c", "fingerprint": ""},
        ],
    )
    findings = [
        _finding(tmp_path, "/a", "a"),
        _finding(tmp_path, "/b", "b"),
        _finding(tmp_path, "/c", "c"),
        _finding(tmp_path, "/d", "d"),  # another pointer
        _finding(tmp_path, "/a", "other rule", rule="s"),  # another rule
    ]
    kept, outcome = base.apply(findings, [str(tmp_path / "api.yaml")])
    assert [f.message for f in kept] == ["d", "other rule"]
    assert [f.message for f in outcome.baselined] == ["a", "b", "c"]
    assert (outcome.suppressed, outcome.fixed) == (3, 0)


def test_a_recorded_fingerprint_wins_over_the_readable_fields(tmp_path: Path) -> None:
    """Matching uses the recorded fingerprint; line, message and pointer are for readers."""
    fp = fingerprint_of("r", "api.yaml", "/a")
    base = _load(tmp_path, [{"rule": "r", "file": "api.yaml", "pointer": "/zz", "fingerprint": fp}])
    kept, outcome = base.apply([_finding(tmp_path, "/a")], [])
    assert kept == [] and outcome.suppressed == 1


def test_a_fingerprint_recorded_twice_hides_two_findings_not_three(tmp_path: Path) -> None:
    entry = {"rule": "r", "file": "api.yaml", "pointer": "/a"}
    base = _load(tmp_path, [entry, entry])
    assert base.fingerprints == Counter({fingerprint_of("r", "api.yaml", "/a"): 2})
    findings = [_finding(tmp_path, "/a", str(i)) for i in range(3)]
    kept, outcome = base.apply(findings, [])
    assert [f.message for f in kept] == ["2"] and outcome.suppressed == 2


def test_aggregate_entries_match_by_rule_file_and_key(tmp_path: Path) -> None:
    base = _load(
        tmp_path,
        [
            {"rule": "r", "file": "api.yaml", "pointer": "/x", "aggregate": True, "key": "k"},
            # no key: the rule's single decision (key ""); no members: none recorded
            {"rule": "r", "file": "api.yaml", "pointer": "/y", "aggregate": True},
        ],
    )
    assert base.members == {
        aggregate_fingerprint_of("r", "api.yaml", "k"): frozenset(),
        aggregate_fingerprint_of("r", "api.yaml", ""): frozenset(),
    }
    findings = [
        _aggregate(tmp_path, "k", ["/p1", "/p2"], "k"),
        _aggregate(tmp_path, "", ["/p1", "/p2"], "no key"),
        _aggregate(tmp_path, "other", ["/p1", "/p2"], "other"),
    ]
    kept, outcome = base.apply(findings, [])
    assert [f.message for f in kept] == ["other"]
    assert [f.message for f in outcome.baselined] == ["k", "no key"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"key": 3}, "findings[0]: key: expected a string"),
        ({"key": "k", "members": "abc"}, "findings[0]: members: expected a list of fingerprints"),
        ({"key": "k", "members": [1]}, "findings[0]: members: expected a list of fingerprints"),
    ],
)
def test_bad_aggregate_entries_are_named(
    tmp_path: Path, entry: dict[str, Any], message: str
) -> None:
    full = {"rule": "r", "file": "api.yaml", "pointer": "/x", "aggregate": True, **entry}
    with pytest.raises(BaselineError) as err:
        _load(tmp_path, [full])
    assert str(err.value) == f"{tmp_path / 'b.json'}: {message}"


def test_load_error_messages(tmp_path: Path) -> None:
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(BaselineError) as err:
        Baseline.load(str(folder))
    assert str(err.value).startswith(f"{folder}: cannot read: "), err.value
    (tmp_path / "x.json").write_text('{"findings": []}', "utf-8")
    with pytest.raises(BaselineError) as err:
        Baseline.load(str(tmp_path / "x.json"))
    assert str(err.value) == (
        f'{tmp_path / "x.json"}: not an oaslint baseline (expected "oaslint-baseline": 2; '
        "write one with --write-baseline)"
    )


def test_an_aggregate_made_of_recorded_places_is_hidden_only_when_all_are(
    tmp_path: Path,
) -> None:
    """An old baseline of places hides the new aggregate only if it records every place."""
    base = _load(tmp_path, [{"rule": "r", "file": "api.yaml", "pointer": "/p1"}])
    partly = _aggregate(tmp_path, "", ["/p1", "/p2"])
    kept, outcome = base.apply([partly], [str(tmp_path / "api.yaml")])
    assert kept == [partly] and outcome.baselined == []
    assert outcome.fixed == 1  # the recorded place is not used up by a kept aggregate


def test_places_recorded_as_members_hide_a_new_aggregate_and_are_not_fixed(
    tmp_path: Path,
) -> None:
    """A recorded aggregate's members hide a re-keyed aggregate over the same places; the
    recorded aggregate is then touched (not fixed), and a place recorded twice, used once by
    the aggregate, leaves one entry that is fixed."""
    m1 = fingerprint_of("r", "api.yaml", "/p1")
    m2 = fingerprint_of("r", "api.yaml", "/p2")
    base = _load(
        tmp_path,
        [
            {
                "rule": "r",
                "file": "api.yaml",
                "pointer": "/paths",
                "aggregate": True,
                "key": "old",
                "members": [m1, m2],
            },
            {"rule": "r", "file": "api.yaml", "pointer": "/p2"},
            {"rule": "r", "file": "api.yaml", "pointer": "/p2"},
        ],
    )
    new = _aggregate(tmp_path, "new", ["/p1", "/p2"])
    kept, outcome = base.apply([new], [str(tmp_path / "api.yaml")])
    assert kept == [] and outcome.baselined == [new]
    assert (outcome.suppressed, outcome.fixed) == (1, 1)


def test_a_place_hidden_as_a_member_is_listed_as_baselined(tmp_path: Path) -> None:
    m1 = fingerprint_of("r", "api.yaml", "/p1")
    entry = {"rule": "r", "file": "api.yaml", "pointer": "/paths", "aggregate": True}
    base = _load(tmp_path, [{**entry, "key": "k", "members": [m1]}])
    place = _finding(tmp_path, "/p1")
    kept, outcome = base.apply([place], [str(tmp_path / "api.yaml")])
    assert kept == [] and outcome.baselined == [place] and outcome.fixed == 0


def test_fixed_entries_are_counted_against_the_baseline_folder(tmp_path: Path) -> None:
    """The linted files are made relative to the baseline's folder, not the working directory."""
    (tmp_path / "ci").mkdir()
    fp = fingerprint_of("r", "../api.yaml", "/a")
    base = Baseline(str(tmp_path / "ci" / "b.json"), Counter({fp: 1}), {fp: "../api.yaml"})
    assert os.getcwd() != str(tmp_path / "ci")
    _, outcome = base.apply([], [str(tmp_path / "api.yaml")])
    assert outcome.fixed == 1


def test_render_writes_fingerprints_keys_and_version(tmp_path: Path) -> None:
    path = str(tmp_path / "b.json")
    plain = _finding(tmp_path, "/a", "héllo")
    agg = _aggregate(tmp_path, "k", ["/p2", "/p1"])
    text = baseline.render([plain, agg], path, "9.9")
    assert text.startswith('{\n  "oaslint-baseline": 2,\n  "version": "9.9",\n  "findings": [\n')
    assert '"message": "héllo"' in text and text.endswith("}\n")
    data = json.loads(text)
    by_pointer = {e["pointer"]: e for e in data["findings"]}
    assert by_pointer["/a"]["fingerprint"] == fingerprint_of("r", "api.yaml", "/a")
    entry = by_pointer["/paths"]
    assert entry["fingerprint"] == aggregate_fingerprint_of("r", "api.yaml", "k")
    assert (entry["aggregate"], entry["key"]) == (True, "k")
    assert entry["members"] == sorted(
        [fingerprint_of("r", "api.yaml", "/p1"), fingerprint_of("r", "api.yaml", "/p2")]
    )


def test_write_passes_the_version_and_names_write_errors(tmp_path: Path) -> None:
    path = str(tmp_path / "b.json")
    assert baseline.write(path, [_finding(tmp_path, "/a", "é")], "9.9") == 1
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["version"] == "9.9" and data["findings"][0]["message"] == "é"
    missing = str(tmp_path / "no" / "b.json")
    with pytest.raises(BaselineError) as err:
        baseline.write(missing, [], "9.9")
    assert str(err.value) == f"{missing}: cannot write: No such file or directory"


def test_remote_files_are_recorded_as_their_url(tmp_path: Path) -> None:
    """A finding in a remote ``$ref`` file keeps its URL (not made a path relative to a folder)."""
    url = "https://example.com/specs/api.yaml"
    remote = Finding(url, 3, 1, "r", "m", Severity.ERROR, pointer="/a")
    data = json.loads(baseline.render([remote], str(tmp_path / "b.json"), "1"))
    assert data["findings"][0]["file"] == url
    assert data["findings"][0]["fingerprint"] == fingerprint_of("r", url, "/a")

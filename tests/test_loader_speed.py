"""The fast paths of the YAML loader keep its results and its limits (issue 14).

* Texts in which no anchor can be written skip the alias bookkeeping: every way of
  writing an anchor must still be seen, or an alias would come out empty.
* The C composer builds light node classes while it runs and counts nodes at C
  speed; past ``MAX_YAML_NODES`` the file is refused with a parse error, before
  its node tree outgrows memory (checked under an address-space cap).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import textwrap

import pytest

from oaslint.loader import source
from oaslint.loader.document import Document
from oaslint.loader.source import LoadError, parse_text

ANCHORED = [
    "a: &x {k: 1}\nb: *x\n",
    "a: &x\n  k: 1\nb: *x\n",
    "a:\n  - &x {k: 1}\n  - *x\nb: *x\n",
    "a: [&x {k: 1}, *x]\nb: *x\n",
    "a: {p: &x {k: 1}, q: *x}\nb: *x\n",
    '{"a":&x {"k": 1}, "b": *x}\n',
    "a: !!map &x {k: 1}\nb: *x\n",
    "a:\t&x {k: 1}\nb: *x\n",
    "a: &a-1_b {k: 1}\nb: *a-1_b\n",
    "- &x {k: 1}\n- *x\n",
]


@pytest.mark.parametrize("text", ANCHORED)
def test_every_anchor_is_seen(text: str) -> None:
    assert source._maybe_anchor(text)
    src = parse_text(text, "t.yaml", "/t.yaml")
    assert src.shared_nodes
    data = src.data
    if isinstance(data, list):
        assert data[1] == {"k": 1} and data[1] is data[0]
    else:
        assert data["b"] == {"k": 1}


@pytest.mark.parametrize(
    "text",
    ["a: R&D\n", "a: x & y\n", "a: 'b&c'\n", "url: https://x.example/?a=1&b=2\n", "a: x&\n"],
)
def test_prose_ampersands_take_the_fast_path(text: str) -> None:
    assert not source._maybe_anchor(text)
    src = parse_text(text, "t.yaml", "/t.yaml")
    assert not src.shared_nodes
    assert src.data["a" if "a" in src.data else "url"]


def test_aliases_are_shared_and_walked_once() -> None:
    text = "openapi: 3.0.3\nx-a: &a {k: [1, 2]}\nx-b: *a\npaths: {}\n"
    doc = Document.from_source(parse_text(text, "t.yaml", "/t.yaml"))
    pointers = [c.pointer for c in doc.containers]
    # the shared mapping is recorded once, under one of its two places
    assert len([p for p in pointers if p in ("/x-a", "/x-b")]) == 1
    assert doc.root.data["x-a"] is doc.root.data["x-b"]


def test_fast_and_careful_builders_agree() -> None:
    text = (
        "openapi: 3.0.3\ninfo: {title: 'T', version: '1'}\npaths:\n"
        "  /a:\n    get:\n      parameters:\n        - {name: q, in: query}\n"
        "      responses: {'200': {description: ok}, default: {description: x}}\n"
        "x-n: [1, 1.5, true, null, ~, 0x1F, '3', -.inf, 2020-01-01, R&D]\n"
        "x-m:\n  <<: {a: 1}\n  b: 2\n"
    )
    fast = source._Builder(anchors=False)
    careful = source._Builder(anchors=True)
    a = fast.build(source._compose(text), 0)  # type: ignore[arg-type]
    b = careful.build(source._compose(text), 0)  # type: ignore[arg-type]
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert list(fast.positions.values()) == list(careful.positions.values())


def test_compose_restores_ruamel_node_classes() -> None:
    import ruamel.yaml.nodes as nodes

    parse_text("a: [1, {b: 2}]\n", "t.yaml", "/t.yaml")
    clib = source._CLIB if source.CParser is not None else None
    if clib is not None:
        assert clib.ScalarNode is nodes.ScalarNode
        assert clib.MappingNode is nodes.MappingNode
        assert clib.SequenceNode is nodes.SequenceNode
    with pytest.raises(LoadError):
        parse_text("a: [1, 2\n", "t.yaml", "/t.yaml")
    if clib is not None:
        assert clib.ScalarNode is nodes.ScalarNode


def test_node_cap_refuses_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_YAML_NODES", 1000)
    text = "openapi: 3.0.3\nx: [" + "1," * 2000 + "1]\n"
    with pytest.raises(LoadError) as info:
        parse_text(text, "t.yaml", "/t.yaml")
    assert "more than 1000 nodes" in info.value.message
    # just under the cap still loads (keys, values, items and containers all count)
    small = "x: [" + "1," * 990 + "1]\n"  # 1 mapping + key + list + 991 items = 994
    assert len(parse_text(small, "t.yaml", "/t.yaml").data["x"]) == 991


def test_node_cap_without_the_c_composer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_YAML_NODES", 1000)
    monkeypatch.setattr(source, "CParser", None)
    with pytest.raises(LoadError) as info:
        parse_text("x: [" + "1," * 2000 + "1]\n", "t.yaml", "/t.yaml")
    assert "more than 1000 nodes" in info.value.message


def _limits() -> None:
    gib = 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (gib, gib))


def test_node_cap_bounds_memory(tmp_path: os.PathLike[str]) -> None:
    """6 MB of `[1,1,...]` (3 million nodes, ~1.1 GB composed) under a 1 GiB cap:
    with the cap lowered to 200,000 nodes the file is one parse error, the other
    file of the run is linted, and memory never runs out."""
    folder = str(tmp_path)
    with open(os.path.join(folder, "dense.yaml"), "w") as fh:
        fh.write("openapi: 3.0.3\nx: [" + "1," * 3_000_000 + "1]\n")
    with open(os.path.join(folder, "good.yaml"), "w") as fh:
        fh.write(
            "openapi: 3.0.3\ninfo: {title: G, version: '1'}\n"
            "servers: [{url: 'http://x.example'}]\npaths: {}\n"
        )
    script = textwrap.dedent(
        """
        import sys
        from oaslint.loader import source
        source.MAX_YAML_NODES = 200_000
        from oaslint.cli import main
        sys.exit(main(["--format", "json", "--no-cache", "dense.yaml", "good.yaml"]))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limits,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    report = json.loads(proc.stdout)
    dense = [f for f in report["findings"] if f["file"] == "dense.yaml"]
    assert [f["rule"] for f in dense] == ["parse-error"]
    assert "more than 200000 nodes" in dense[0]["message"]
    assert any(
        f["file"] == "good.yaml" and f["rule"] == "https-servers" for f in report["findings"]
    )
    assert not report["errors"]


def test_the_cap_is_above_the_largest_benchmark_spec() -> None:
    """The 100,000-operation generated spec (benchmarks/big_spec.py) composes to
    4.2 million nodes; the cap must leave it (and so every real spec) room."""
    assert source.MAX_YAML_NODES >= 1.4 * 4_225_075


@pytest.mark.parametrize(
    "text", ["&a [1]\n", "x:\n- &a 1\n", "[1,&a 2]", "{a:&b 1}", "\ufeff&a x", "a: !t\t&b 1"]
)
def test_anchor_detection_at_every_boundary(text: str) -> None:
    assert source._maybe_anchor(text)


def test_container_cap_json_and_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_CONTAINERS", 100)
    with pytest.raises(LoadError) as info:
        parse_text('{"openapi": "3.0.3", "x": [' + "[]," * 100 + "[]]}", "t.json", "/t.json")
    assert "more than 100 opening brackets" in info.value.message
    with pytest.raises(LoadError) as info:
        parse_text("openapi: 3.0.3\nx: [" + "[], " * 100 + "[]]\n", "t.yaml", "/t.yaml")
    assert "more than 100 mappings and sequences" in info.value.message
    # at the cap still loads: the root, x and 98 lists
    src = parse_text('{"x": [' + "[]," * 97 + "[]]}", "t.json", "/t.json")
    assert len(src.data["x"]) == 98
    src = parse_text("x: [" + "[], " * 97 + "[]]\n", "t.yaml", "/t.yaml")
    assert len(src.data["x"]) == 98


def test_the_container_cap_is_above_the_largest_benchmark_spec() -> None:
    assert source.MAX_CONTAINERS >= 2 * 1_300_000


def test_light_nodes_take_ruamels_signature() -> None:
    """The C composer calls the node classes as ruamel defines them; the light ones
    accept every parameter ruamel's accept, so any clib version's call fits."""
    import inspect

    for light, ruamel in [
        (source._Scalar, source.ScalarNode),
        (source._Mapping, source.MappingNode),
        (source._Sequence, source.SequenceNode),
    ]:
        theirs = list(inspect.signature(ruamel.__init__).parameters)
        ours = list(inspect.signature(light.__init__).parameters)
        assert ours == theirs, (light, theirs, ours)
        assert issubclass(light, ruamel)

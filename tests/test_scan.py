"""Directory scans decide from a file's root keys, never from a byte prefix (issue 14)."""

from __future__ import annotations

import json
import os

import pytest

from oaslint.engine import Linter, expand_paths
from oaslint.registry import all_rules
from oaslint.targets import looks_like_openapi, text_is_openapi
from tests.conftest import CORPUS

PAD = "x" * 120


def _spec(n: int) -> dict[str, object]:
    """A valid OpenAPI 3.0 document of about n * 200 bytes."""
    paths = {
        f"/items{i}": {
            "get": {
                "description": f"item {i} {PAD}",
                "responses": {"200": {"description": "ok"}},
            }
        }
        for i in range(n)
    }
    # `components` sorts before `openapi`: a big one pushes the key far past 4 KB
    schemas = {f"S{i}": {"type": "string", "description": PAD} for i in range(n)}
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "components": {"schemas": schemas},
        "paths": paths,
    }


def _sorted_yaml(spec: dict[str, object]) -> str:
    """Block YAML with sorted keys: `info` and `paths` come before `openapi`."""
    lines: list[str] = []

    def emit(node: object, indent: int) -> None:
        assert isinstance(node, dict)
        for key in sorted(node):
            value = node[key]
            pad = "  " * indent
            if isinstance(value, dict):
                lines.append(f"{pad}{json.dumps(key)}:")
                emit(value, indent + 1)
            else:
                lines.append(f"{pad}{key}: {json.dumps(value)}")

    emit(spec, 0)
    return "\n".join(lines) + "\n"


@pytest.fixture
def folder(tmp_path: object) -> str:
    root = str(tmp_path)
    spec = _spec(200)
    with open(os.path.join(root, "a-sorted.json"), "w") as fh:
        json.dump(spec, fh, sort_keys=True, indent=2)
    with open(os.path.join(root, "b-sorted.yaml"), "w") as fh:
        fh.write(_sorted_yaml(spec))
    # not OpenAPI, though the words occur in its first 4 KB and as nested keys
    with open(os.path.join(root, "c-values.yaml"), "w") as fh:
        fh.write("kind: ConfigMap\ndata:\n  openapi: 3.0.0\n  swagger: '2.0'\n")
        fh.write(f"note: openapi swagger {PAD}\n" * 100)
    with open(os.path.join(root, "d-package.json"), "w") as fh:
        json.dump({"name": "x", "dependencies": {"openapi": "1"}, "pad": [PAD] * 100}, fh)
    # a broken Helm template (not ours) and a broken spec (ours: a parse error)
    with open(os.path.join(root, "e-helm.yaml"), "w") as fh:
        fh.write("kind: {{ .Values.kind }}\nmetadata: [\n")
    with open(os.path.join(root, "f-broken.yaml"), "w") as fh:
        fh.write("info:\n  title: t\n  version: '1'\nopenapi: 3.0.3\npaths: [\n")
    return root


def test_sorted_specs_far_over_4_kb_are_found(folder: str) -> None:
    for name in ("a-sorted.json", "b-sorted.yaml"):
        path = os.path.join(folder, name)
        assert os.path.getsize(path) > 8 * 4096
        with open(path) as fh:
            head = fh.read(4096)
        assert "openapi" not in head and "swagger" not in head  # the old check missed it
        assert looks_like_openapi(path)
    assert not looks_like_openapi(os.path.join(folder, "c-values.yaml"))
    assert not looks_like_openapi(os.path.join(folder, "d-package.json"))
    assert not looks_like_openapi(os.path.join(folder, "e-helm.yaml"))
    assert looks_like_openapi(os.path.join(folder, "f-broken.yaml"))


def test_directory_scan_lints_exactly_the_specs(folder: str) -> None:
    result = Linter(all_rules()).lint_paths([folder])
    assert not result.errors
    assert result.files == 3  # two sorted specs and the broken one
    roots = {os.path.basename(p) for p in result.linted_files}
    assert {"a-sorted.json", "b-sorted.yaml"} <= roots
    parse = [f for f in result.findings if f.rule == "parse-error"]
    assert [os.path.basename(f.file) for f in parse] == ["f-broken.yaml"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{openapi: 3.0.0, info: {}}\n", True),  # flow mapping: parsed
        ("  info: {}\n  openapi: 3.0.0\n", True),  # indented root mapping: parsed
        ("--- !tag\ninfo: {}\nopenapi: 3.0.0\n", True),
        ("# c\n%YAML 1.2\n---\n'swagger': '2.0'\n", True),
        ("info:\n  openapi: 3.0.0\n", False),
        ("description: |\n  openapi: 3.0.0\n", False),
        ("- openapi: 3.0.0\n", False),  # a sequence root
        ("", False),
        ('{"info": {"openapi": "3.0.0"}}', False),
    ],
)
def test_root_keys_decide(text: str, expected: bool) -> None:
    assert text_is_openapi(text) is expected


SIXTEEN = (
    "adyen-checkout-v71.oas31.json",
    "box-openapi.oas30.json",
    "kubernetes-swagger.swagger20.json",
    "nl-bag-api-resolved.oas30.yaml",
    "nl-brk-bevragen.oas30.yaml",
    "nl-brp-personen-bevragen.oas31.yaml",
    "nl-brp-referentie-informatie.oas31.yaml",
    "nl-don-api-register.oas31.json",
    "nl-vng-zaken-api.oas30.yaml",
    "pagerduty-rest.oas30.json",
    "stripe-spec2.swagger20.yaml",
    "stripe-spec3.oas30.yaml",
    "twilio-api-v2010.oas30.yaml",
    "twilio-conversations-v1.oas30.json",
    "multi-digitalocean/specification/DigitalOcean-public.v2.yaml",
    "multi-nl-bag-api/lvbag/api/individuelebevragingen/v2/adressen.yaml",
)


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="../shared/corpus is not there")
def test_corpus_directory_scan_selects_all_16_targets() -> None:
    targets, errors = expand_paths([CORPUS])
    assert not errors
    chosen = {os.path.relpath(t.path, CORPUS) for t in targets if looks_like_openapi(t.path)}
    assert set(SIXTEEN) <= chosen
    # the others are the sibling BAG roots; no $ref-ed fragment is taken for a root
    others = chosen - set(SIXTEEN)
    assert others and all(p.startswith("multi-nl-bag-api/lvbag/api/") for p in others), others

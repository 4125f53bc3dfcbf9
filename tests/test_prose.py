"""Negation-aware prose matching (oaslint.rules.shared.prose)."""

from __future__ import annotations

import re

import pytest

from oaslint.rules.shared.prose import affirmed, affirmed_matches

MTLS = re.compile(r"mtls|private_key_jwt", re.I)


@pytest.mark.parametrize(
    "text",
    [
        "Clients authenticate with mTLS.",
        "Supported: mTLS, private_key_jwt",
        "No basic authentication, but mTLS is required",
        "mTLS or private_key_jwt, not client_secret_basic",
        "We do not log tokens. Clients use mTLS.",
        "Client authentication: mTLS (no shared secrets)",
    ],
)
def test_affirmed(text: str) -> None:
    assert affirmed([text], MTLS)


@pytest.mark.parametrize(
    "text",
    [
        "We do not support mTLS",
        "mTLS is not supported",
        "Unsupported: mTLS",
        "geen mTLS",
        "Without mTLS; tokens only",
        "mTLS: never used",
        "mTLS is disabled",
        "",
    ],
)
def test_negated(text: str) -> None:
    assert not affirmed([text], MTLS)


def test_one_affirmed_text_is_enough() -> None:
    assert affirmed(["no mTLS here", "but the gateway uses mTLS"], MTLS)


def test_a_rule_can_add_its_own_negators() -> None:
    algs = re.compile(r"\b(?:RS|HS)256\b")
    text = "RS256 only; HS256 is rejected"
    assert affirmed_matches([text], algs) == ["RS256", "HS256"]
    assert affirmed_matches([text], algs, frozenset({"rejected"})) == ["RS256"]

"""Negation-aware prose matching (oaslint.rules.shared.prose)."""

from __future__ import annotations

import re

import pytest

from oaslint.rules.shared.prose import affirmed

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

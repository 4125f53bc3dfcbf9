from __future__ import annotations

import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared"))
CORPUS = os.path.join(SHARED, "corpus")


@pytest.fixture
def corpus() -> str:
    if not os.path.isdir(CORPUS):
        pytest.fail(f"{CORPUS} is missing: the corpus must sit beside the checkout (../shared)")
    return CORPUS

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


@pytest.fixture(autouse=True, scope="session")
def _private_parse_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The CLI's parse cache goes to a temporary folder, never the user's own."""
    os.environ["OASLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("oaslint-cache"))

"""Negation-aware matching of descriptions (rules reading prose: auth, headers).

A rule that accepts a description as evidence ("supports mTLS", "cookies are
Secure; HttpOnly") must not accept its negation ("we do not support mTLS",
"the cookie is not HttpOnly"). :func:`affirmed` finds a term whose clause does
not negate it:

- a *clause* ends at ``. ; ! ? ,``, a line break, a bracket, or one of the
  words ``but``, ``however``, ``although``, ``except``, ``maar``, ``echter``;
- a term is *negated* when one of :data:`NEGATORS` appears among the four words
  before it in its clause, or among the three words after it (``mTLS is not
  supported``, ``Unsupported: mTLS``).

Each rule page that uses it lists this vocabulary (``NEGATION_DOC``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

NEGATORS = frozenset(
    {
        "not",
        "no",
        "never",
        "without",
        "cannot",
        "can't",
        "don't",
        "doesn't",
        "isn't",
        "aren't",
        "won't",
        "nor",
        "neither",
        "unsupported",
        "disabled",
        "niet",
        "geen",
        "zonder",
        "nooit",
    }
)
_BOUNDARY_WORDS = frozenset({"but", "however", "although", "except", "maar", "echter"})
_CLAUSE_END = re.compile(r"[.;!?,()\[\]\n]")
_WORD = re.compile(r"[A-Za-z']+")
_BEFORE = 4
_AFTER = 3

NEGATION_DOC = (
    "A mention counts only when its clause does not negate it: a clause ends at `. ; ! ? "
    ",`, a line break, a bracket or `but`/`however`/`although`/`except`/`maar`/`echter`, "
    "and a mention is negated by one of "
    + ", ".join(f"`{w}`" for w in sorted(NEGATORS))
    + f" among the {_BEFORE} words before it or the {_AFTER} words after it in its clause "
    '("we do not support mTLS", "mTLS is not supported" do not count).'
)


def _clause_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _before(text: str) -> list[str]:
    cut = max((m.end() for m in _CLAUSE_END.finditer(text)), default=0)
    words = _clause_words(text[cut:])
    for i in range(len(words) - 1, -1, -1):
        if words[i] in _BOUNDARY_WORDS:
            words = words[i + 1 :]
            break
    return words[-_BEFORE:]


def _after(text: str) -> list[str]:
    m = _CLAUSE_END.search(text)
    words = _clause_words(text[: m.start()] if m else text)
    for i, w in enumerate(words):
        if w in _BOUNDARY_WORDS:
            words = words[:i]
            break
    return words[:_AFTER]


def negated(text: str, start: int, end: int, extra: frozenset[str] = frozenset()) -> bool:
    """True when the mention ``text[start:end]`` is negated in its clause (by one of
    :data:`NEGATORS` or of ``extra``, a rule's own words such as ``rejected``)."""
    around = _before(text[:start]) + _after(text[end:])
    return any(w in NEGATORS or w in extra for w in around)


def affirmed(
    texts: Iterable[str], pattern: re.Pattern[str], extra: frozenset[str] = frozenset()
) -> bool:
    """True when some text mentions ``pattern`` in a clause that does not negate it."""
    return bool(affirmed_matches(texts, pattern, extra))


def affirmed_matches(
    texts: Iterable[str], pattern: re.Pattern[str], extra: frozenset[str] = frozenset()
) -> list[str]:
    """Every mention of ``pattern`` (the matched text) in a clause that does not negate it."""
    out = []
    for text in texts:
        for m in pattern.finditer(text):
            if not negated(text, m.start(), m.end(), extra):
                out.append(m.group(0))
    return out

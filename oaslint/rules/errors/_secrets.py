"""What a live secret looks like, and what a placeholder looks like (not a rule module).

Used by ``no-secrets-in-examples``. Two kinds of evidence:

- *Shapes* that are secrets wherever they appear: a signed JWT, a PEM private
  key with a body, a password in a URI (``postgres://user:pw@host``), an AWS
  access key id, GitHub, Slack and Stripe live secret key prefixes. Stripe
  publishable keys (``pk_``) and test keys (``sk_test_``) are not flagged: the
  first are public by design, the second give access to test data only and
  appear all over public docs.
- *Randomness* in a credential-named field (``client_secret``, ``api_key``,
  ``password``...): at least 20 characters, letters and digits, no spaces, and a
  Shannon entropy of at least 3.5 bits per character (3.0 for hex-only values).

Both are suppressed for placeholders: ``your-api-key-here``, ``<token>``,
``{{token}}``, ``xxx``, ``***``, ``changeme``, ``example``, ``string``, runs of one
character, counting sequences and truncated values (``...``).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections import Counter
from functools import lru_cache

from oaslint.rules.shared.names import words

_JWT_RE = re.compile(
    r"(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{10,})\.(eyJ[A-Za-z0-9_-]{10,})\.([A-Za-z0-9_-]{16,})"
)
_PEM_RE = re.compile(
    r"-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----"
    r"(.*?)(?:-----END|$)",
    re.S,
)
_AWS_RE = re.compile(r"(?<![A-Z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])")
_GITHUB_RE = re.compile(
    r"(?<![A-Za-z0-9_])((?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{50,})"
    r"(?![A-Za-z0-9_])"
)
_SLACK_RE = re.compile(r"(?<![A-Za-z0-9])(xox[baprs]-[0-9]{6,}-[0-9A-Za-z-]{8,})")
# A password in a URI's user information: postgres://user:password@host
_URI_PASSWORD_RE = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#@:]+:([^\s/?#@]{8,})@")
_STRIPE_RE = re.compile(r"(?<![A-Za-z0-9])((?:sk|rk)_live_[0-9A-Za-z]{16,})(?![A-Za-z0-9])")

_PEM_BODY_JUNK_RE = re.compile(r"\\n|\s|Proc-Type:[^\n]*|DEK-Info:[^\n]*")
_BASE64_RE = re.compile(r"^[A-Za-z0-9+/=]+$")

# fmt: off
# Words that make a value a placeholder, matched as substrings (long, unambiguous)...
_PLACEHOLDER_SUBSTRINGS = (
    "example", "sample", "placeholder", "dummy", "changeme", "change_me", "change-me",
    "redacted", "replace", "insert", "lorem", "your", "secret", "password", "token",
    "wachtwoord", "voorbeeld", "abcdefgh", "0123456", "1234567", "12345678", "...", "…",
)
# ...and as whole word parts (short ones would hit random text as substrings).
_PLACEHOLDER_WORDS = frozenset(
    {"xxx", "key", "api", "test", "fake", "foo", "bar", "baz", "todo", "tbd", "string", "my",
     "here", "value", "null", "none", "mock"}
)
_PLACEHOLDER_EXACT = frozenset(
    {"string", "example", "changeme", "secret", "password", "token", "test", "null", "none",
     "redacted", "xxx", "***"}
)
# fmt: on
_TEMPLATE_RE = re.compile(r"<[^<>]*>|\{[^{}]*\}|\$\{|%s|%\(|\[[A-Z_ ]+\]")
_RUN_RE = re.compile(r"(.)\1{4,}")
_MASK_RE = re.compile(r"[*•●]")
_UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
_HEX_RE = re.compile(r"^[0-9a-fA-F]+$")
# Object ids in the Stripe style (`tok_1N3T...`, `cus_9s6X...`, `pi_3MtwBw...`):
# identifiers the server hands out, not secrets. Live secret keys are matched first.
_PREFIXED_ID_RE = re.compile(r"^[a-z]{2,12}_[A-Za-z0-9]{8,}$")

MIN_RANDOM_LENGTH = 20
MIN_ENTROPY = 3.5
MIN_ENTROPY_HEX = 3.0


def is_placeholder(value: str) -> bool:
    """True for values that stand in for a secret rather than being one."""
    text = value.strip()
    low = text.lower()
    if not text or low in _PLACEHOLDER_EXACT:
        return True
    if _TEMPLATE_RE.search(text) or _RUN_RE.search(text) or _MASK_RE.search(text):
        return True
    if any(s in low for s in _PLACEHOLDER_SUBSTRINGS):
        return True
    return any(w in _PLACEHOLDER_WORDS for w in words(text))


def shannon_entropy(value: str) -> float:
    """Bits per character of ``value``'s own character distribution."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def looks_random(value: str) -> bool:
    """A long, high-entropy, letter-and-digit value that is not a known non-secret shape."""
    text = value.strip()
    if len(text) < MIN_RANDOM_LENGTH or any(ch.isspace() for ch in text) or "://" in text:
        return False
    if not (any(ch.isdigit() for ch in text) and any(ch.isalpha() for ch in text)):
        return False
    if _UUID_RE.match(text) or _PREFIXED_ID_RE.match(text) or text.startswith(("pk_", "sk_test_")):
        return False
    threshold = MIN_ENTROPY_HEX if _HEX_RE.match(text) else MIN_ENTROPY
    return shannon_entropy(text) >= threshold and not is_placeholder(text)


def _b64json(part: str) -> dict[str, object] | None:
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        data = json.loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


# The jwt.io sample token and its kin: published everywhere, secret nowhere.
_SAMPLE_JWT_CLAIMS = ({"sub": "1234567890"}, {"name": "John Doe"})


def _real_jwt(header: str, payload: str) -> bool:
    head = _b64json(header)
    if head is None or "alg" not in head or str(head.get("alg")).lower() == "none":
        return False
    claims = _b64json(payload)
    if claims is None:
        return True  # an encrypted or opaque payload still makes a token
    return not any(
        all(claims.get(k) == v for k, v in sample.items()) for sample in _SAMPLE_JWT_CLAIMS
    )


@lru_cache(maxsize=4096)
def secret_shape(value: str) -> str | None:
    """What kind of live secret ``value`` contains, or None.

    The answer names the kind (``"a JSON Web Token"``) for the message.
    """
    if len(value) < 16:
        return None
    if "eyJ" in value:
        for m in _JWT_RE.finditer(value):
            if _real_jwt(m.group(1), m.group(2)) and not is_placeholder(m.group(3)):
                return "a signed JSON Web Token"
    if "PRIVATE KEY" in value:
        for m in _PEM_RE.finditer(value):
            body = _PEM_BODY_JUNK_RE.sub("", m.group(2))
            if len(body) >= 64 and _BASE64_RE.match(body) and not _RUN_RE.search(body):
                return f"a PEM {m.group(1).lower()}"
    if "://" in value:
        for m in _URI_PASSWORD_RE.finditer(value):
            if not is_placeholder(m.group(1)) and "$" not in m.group(1):
                return "a password in a connection URI"
    checks = (
        (_AWS_RE, "an AWS access key id"),
        (_GITHUB_RE, "a GitHub token"),
        (_SLACK_RE, "a Slack token"),
        (_STRIPE_RE, "a Stripe live secret key"),
    )
    for regex, what in checks:
        for m in regex.finditer(value):
            token = m.group(1)
            if not is_placeholder(token) and shannon_entropy(token) >= 3.0:
                return what
    return None

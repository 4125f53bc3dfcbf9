"""What a name or value denotes: credentials and personal data (not a rule module).

One place for the word splitting and the vocabularies that
``no-credentials-in-uri``, ``no-personal-data-in-uri``,
``auth-via-security-schemes`` and ``no-secrets-in-examples`` share, so the
rules agree on what a credential-named or personal-data-named field is.

Names are matched on their *word parts*, never on substrings: ``accessToken``,
``access_token``, ``access-token`` and ``access.token`` all become
``["access", "token"]``; ``tokenization`` stays one word and is not a token,
``keyword`` is not a key, ``passage`` is not a password. Vocabulary entries are
written as the words of a term joined together (``"apikey"``,
``"dateofbirth"``, ``"burgerservicenummer"``), so ``api_key``, ``apiKey`` and
``apikey`` match the same entry, and Dutch compound words (``wachtwoord``,
``burgerservicenummer``) match as whole words.

A name denotes a thing when the *end* of the name is a vocabulary term (English
and Dutch compounds put the head noun last): ``client_secret`` is a secret,
``secretName`` is a name, ``accessTokenExpiry`` an expiry, ``tokenType`` a type.
Before matching, trailing parts that do not change the meaning are dropped:
digits (``password2``), ``value``/``confirmation``/``hash``... and the filter
operators of query languages (``email__in``, ``bsn[eq]``).

Choices, documented in the rules' ``limitations``:

- ``key`` is a credential when it is the whole name or qualified by ``api``,
  ``access``, ``secret``, ``private``, ``client``, ``subscription``, ``app``,
  ``auth``, ``session``, ``signing``, ``shared``, ``master``, ``developer``
  (``X-Api-Key``, ``Ocp-Apim-Subscription-Key``); ``sortKey``,
  ``Idempotency-Key``, ``partition_key``, ``keyword`` are not.
- ``token`` is a credential unless it is a paging or change-tracking cursor
  (``pageToken``, ``PageToken``, ``next_token``, ``syncToken``...) or a
  truncated/masked display form.
- A bare ``session`` names a session *resource* in most APIs (Stripe's
  ``checkout/sessions/{session}``); ``session_id``, ``sessionToken``,
  ``JSESSIONID``... are credentials. Cookies are the exception: a cookie named
  ``session`` or ``sid`` is a session credential (``cookie=True``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from oaslint.text import excerpt

_SEPARATORS_RE = re.compile(r"[^A-Za-z0-9]+")
# XMLHttpRequest -> XML Http Request; APIKey -> API Key; inpBsn -> inp Bsn; oauth2 -> oauth 2
_CAMEL_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

# Word pairs that camelCase splitting tears apart but that are one word.
_REJOIN = {("o", "auth"): "oauth", ("e", "mail"): "email"}


@lru_cache(maxsize=8192)
def words(name: str) -> tuple[str, ...]:
    """The lower-case word parts of a name: camelCase, snake_case, kebab-case, dots."""
    out: list[str] = []
    for chunk in _SEPARATORS_RE.split(name):
        for part in _CAMEL_RE.findall(chunk):
            low = part.lower()
            if out and (out[-1], low) in _REJOIN:
                out[-1] = _REJOIN[(out[-1], low)]
            else:
                out.append(low)
    return tuple(out)


# -- vocabularies ----------------------------------------------------------

# fmt: off
# Trailing words that keep the meaning of what precedes them.
_NEUTRAL_TAIL = frozenset(
    {
        "value", "val", "confirmation", "confirm", "repeat", "again", "hash", "hashed",
        "plain", "plaintext", "raw", "encoded", "b64", "base64", "string", "str", "param",
        "header", "cookie",
        # filter operators: Django (`__in`), JSON:API/LHS brackets (`[eq]`), OData-like
        "eq", "ne", "neq", "in", "nin", "contains", "icontains", "exact", "iexact", "like",
        "ilike", "startswith", "istartswith", "endswith", "iendswith", "lt", "lte", "gt",
        "gte", "any",
    }
)

# Credential terms matched at the end of a name, whatever precedes them.
_CREDENTIALS = frozenset(
    {
        # tokens (cursor-like qualifiers are excluded below)
        "token", "tokens", "jwt", "bearer",
        # passwords and secrets
        "password", "passwords", "passwd", "pwd", "passphrase", "passcode", "secret",
        "secrets", "credential", "credentials", "otp", "totp", "pin", "pincode",
        "wachtwoord", "wachtwoorden", "inlogcode", "toegangscode", "geheim",
        # authentication material
        "auth", "authorization", "authorisation", "signature", "signatures",
        # keys with a qualifier (a bare `key` is handled separately)
        "apikey", "apikeys", "accesskey", "secretkey", "privatekey", "clientkey",
        "subscriptionkey", "appkey", "applicationkey", "authkey", "sessionkey", "signingkey",
        "sharedkey", "masterkey", "developerkey", "devkey", "apisleutel", "toegangssleutel",
        "geheimesleutel", "privesleutel",
        # session identifiers (a bare `session` is a resource; see module docs)
        "sessionid", "sessionids", "sessiontoken", "sessid", "jsessionid", "phpsessid",
        "aspsessionid", "toegangstoken",
    }
)

# `token` preceded by one of these is a cursor or a display form, not a credential.
_TOKEN_NEUTRAL = frozenset(
    {
        "page", "paging", "pagination", "next", "prev", "previous", "continuation", "cursor",
        "sync", "resume", "skip", "start", "since", "change", "changes", "delta", "watch",
        "truncated", "masked", "partial", "last", "stream",
    }
)

# Words that are credentials only when they are the whole name.
_WHOLE_NAME_CREDENTIALS = frozenset({"key", "keys", "sig"})

# Credentials only for cookies (the value of a session cookie *is* the credential).
_COOKIE_CREDENTIALS = frozenset({"session", "sid", "connectsid", "sessionid"})

# In headers, these are not authentication credentials a security scheme could
# describe: message signatures (RFC 9421, webhook HMACs) and CSRF tokens.
_HEADER_NOT_CREDENTIAL_HEADS = frozenset({"signature", "signatures", "sig"})
_HEADER_NOT_CREDENTIAL_QUALIFIERS = frozenset({"csrf", "xsrf"})

# fmt: on

_PERSONAL = {
    # Dutch and international person numbers
    "bsn": "a BSN (burgerservicenummer)",
    "bsnnummer": "a BSN (burgerservicenummer)",
    "burgerservicenummer": "a BSN (burgerservicenummer)",
    "sofinummer": "a sofinummer",
    "sofinr": "a sofinummer",
    "anummer": "an A-nummer",
    # ANP: the number a municipality gives an "ander natuurlijk persoon" (VNG ZGW APIs)
    "anpidentificatie": "an ANP number (a municipality's number for a person)",
    "ssn": "a social security number",
    "socialsecuritynumber": "a social security number",
    # contact details
    "email": "an e-mail address",
    "emails": "an e-mail address",
    "emailaddress": "an e-mail address",
    "emailaddresses": "an e-mail address",
    "emailadres": "an e-mail address",
    "emailadressen": "an e-mail address",
    "mailadres": "an e-mail address",
    "phone": "a phone number",
    "phonenumber": "a phone number",
    "phonenumbers": "a phone number",
    "telephone": "a phone number",
    "telephonenumber": "a phone number",
    "mobilenumber": "a phone number",
    "mobilephone": "a phone number",
    "telefoon": "a phone number",
    "telefoonnummer": "a phone number",
    "telefoonnr": "a phone number",
    "mobielnummer": "a phone number",
    "mobiel": "a phone number",
    # dates of birth
    "geboortedatum": "a date of birth",
    "birthdate": "a date of birth",
    "birthday": "a date of birth",
    "dateofbirth": "a date of birth",
    "dob": "a date of birth",
    # financial
    "iban": "an IBAN",
    "ibannummer": "an IBAN",
    "rekeningnummer": "a bank account number",
    "creditcard": "a credit card number",
    "creditcardnumber": "a credit card number",
    "creditcardnummer": "a credit card number",
    "cardnumber": "a card number",
    "cvv": "a card security code",
    "cvv2": "a card security code",
    "cvc": "a card security code",
    # identity documents
    "passport": "a passport number",
    "passportnumber": "a passport number",
    "paspoort": "a passport number",
    "paspoortnummer": "a passport number",
    "documentnummer": "an identity document number",
    "rijbewijsnummer": "a driving licence number",
}


def _strip_tail(parts: tuple[str, ...]) -> tuple[str, ...]:
    end = len(parts)
    while end > 0 and (parts[end - 1].isdigit() or parts[end - 1] in _NEUTRAL_TAIL):
        end -= 1
    return parts[:end]


def _suffixes(parts: tuple[str, ...]) -> list[tuple[int, str]]:
    """(number of parts, joined text) for each suffix, shortest first."""
    return [(k, "".join(parts[-k:])) for k in range(1, len(parts) + 1)]


@lru_cache(maxsize=8192)
def credential_term(name: str, *, header: bool = False, cookie: bool = False) -> str | None:
    """The credential a name denotes (``"api key"``, ``"token"``...), or None.

    ``header=True`` leaves out message signatures and CSRF tokens (not
    authentication a security scheme describes); ``cookie=True`` adds session
    cookie names (``session``, ``sid``).
    """
    parts = _strip_tail(words(name))
    if not parts:
        return None
    if len(parts) == 1 and parts[0] in _WHOLE_NAME_CREDENTIALS:
        if parts[0].startswith("key"):
            return "key"
        return None if header else "signature"
    for k, joined in _suffixes(parts):
        if cookie and joined in _COOKIE_CREDENTIALS:
            return "session cookie"
        if joined not in _CREDENTIALS:
            continue
        before = parts[-k - 1] if len(parts) > k else ""
        if joined in ("token", "tokens") and before in _TOKEN_NEUTRAL:
            return None
        if header and (
            joined in _HEADER_NOT_CREDENTIAL_HEADS or before in _HEADER_NOT_CREDENTIAL_QUALIFIERS
        ):
            return None
        return " ".join(parts[-k:]) if k > 1 else joined
    return None


@lru_cache(maxsize=8192)
def personal_data_term(name: str) -> str | None:
    """What personal data a name denotes (``"a BSN (burgerservicenummer)"``), or None.

    ``postcode`` and ``huisnummer`` are deliberately absent: an address alone
    is not flagged (the BAG APIs search on it by design).
    """
    parts = _strip_tail(words(name))
    for _, joined in _suffixes(parts):
        what = _PERSONAL.get(joined)
        if what is not None:
            return what
    return None


# -- resource identifiers -------------------------------------------------

_ID_TAIL = frozenset({"id", "ids", "uuid", "identifier", "identificatie", "sid", "nr"})


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses") or word.endswith("xes"):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def names_path_resource(path: str, name: str) -> bool:
    """True when path parameter ``name`` identifies an item of the (plural) collection
    named right before it: ``/sessions/{session}``, ``/v2/spaces/keys/{access_key}``,
    ``/tokens/{token_id}``, ``/users/{id}/sessions/{type}/{session_id}``.

    Such a value is an identifier the server hands out, not a credential the
    client proves itself with.
    """
    segments = path.split("/")
    marker = "{" + name + "}"
    if marker not in segments:
        return False
    idx = segments.index(marker)
    static = next((s for s in reversed(segments[:idx]) if s and "{" not in s), None)
    if static is None:
        return False
    raw = words(static)
    if not raw or _singular(raw[-1]) == raw[-1]:
        return False  # collections are plural: `/reset/{resetToken}` is a verb and a token
    seg = tuple(_singular(w) for w in raw)
    nm = words(name)
    while len(nm) > 1 and nm[-1] in _ID_TAIL:
        nm = nm[:-1]
    nm = tuple(_singular(w) for w in nm)
    if not seg or not nm:
        return False
    short, long_ = (seg, nm) if len(seg) <= len(nm) else (nm, seg)
    return long_[: len(short)] == short or long_[-len(short) :] == short


# -- values ---------------------------------------------------------------

_BSN_RE = re.compile(r"^[0-9]{9}$")
_EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def passes_elfproef(digits: str) -> bool:
    """The BSN eleven-test: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11.

    ``999993653`` passes, ``123456789`` does not; all zeros is not a BSN.
    """
    if not _BSN_RE.match(digits) or digits == "000000000":
        return False
    total = sum((9 - i) * int(d) for i, d in enumerate(digits[:8])) - int(digits[8])
    return total % 11 == 0


def is_bsn(value: object) -> bool:
    """A 9-digit value (string or integer) that passes the eleven-test."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        value = str(value)
    return isinstance(value, str) and passes_elfproef(value.strip())


def is_email(value: object) -> bool:
    return isinstance(value, str) and bool(_EMAIL_RE.match(value.strip()))


# -- URLs -----------------------------------------------------------------

_URL_USERINFO_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://([^/?#@]*)@")
_URL_VAR_RE = re.compile(r"\{([^{}]+)\}")


def url_credentials(url: str) -> str | None:
    """How a (server) URL carries credentials, or None.

    User information (``https://user:pass@host``), a credential-named query
    parameter (``?api_key=...``) or a credential-named server variable in the
    URL (``https://host/{apiKey}/v1``).
    """
    text = url.strip()
    m = _URL_USERINFO_RE.match(text)
    if m:
        return "user information (`user:password@`) in the authority"
    _, _, query = text.partition("?")
    query = query.partition("#")[0]
    for pair in query.split("&") if query else ():
        key = pair.partition("=")[0]
        if key and credential_term(key) is not None:
            return f"the credential query parameter {excerpt(key)}"
    for var in _URL_VAR_RE.findall(text.partition("?")[0]):
        if credential_term(var) is not None:
            return f"the credential-named server variable {{{var}}}"
    return None

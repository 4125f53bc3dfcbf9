"""secure-cookies: cookies are documented as Secure, HttpOnly and SameSite."""

from __future__ import annotations

import re
from typing import Any

from oaslint.index import Header, Located, SpecIndex
from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.headers._values import documented_values, written_headers
from oaslint.rules.shared.prose import NEGATION_DOC, affirmed
from oaslint.rules.shared.security import documented_texts
from oaslint.text import excerpt

META = RuleMeta(
    id="secure-cookies",
    title="A cookie is not documented as Secure, HttpOnly and SameSite",
    severity=Severity.WARNING,
    references=("NL-TS 2.3.3",),
    description=(
        "Flags a `Set-Cookie` response header (name compared case-insensitively, header "
        "objects reached through `$ref` included; one finding per header object, where it "
        "is written) and an `apiKey` security scheme with `in: cookie` (at the scheme) "
        "whose documentation does not show all three cookie attributes `Secure`, "
        "`HttpOnly` and `SameSite`. The header's documentation is its `description`, its "
        "schema's `description` and `pattern`, and its documented values (`enum`, "
        "`const`, `default`, `example`, `examples`, `x-example`); the scheme's is its "
        "`description` and its `x-` extensions (name and text values). The finding names "
        "the attributes that are missing. Vocabulary (case-insensitive unless said): "
        "`Secure` is the attribute in a cookie string (`; Secure`), the word `Secure` with "
        "a capital S, `` `secure` `` in backticks, or `secure flag`/`secure attribute`; "
        "`HttpOnly` is `httponly`, `http-only` or `http only`; `SameSite` is `samesite`, "
        "`same-site` or `same site`, except `SameSite=None` (no cross-site protection). "
        + NEGATION_DOC
    ),
    rationale=(
        "NL-TS 2.3.3: browser-based applications that share a domain with the API can use "
        "cookies marked HttpOnly, Secure and SameSite. Without `Secure` the cookie travels "
        "over plain http, without `HttpOnly` any injected script can read it, and without "
        "`SameSite` other sites can make the browser send it (CSRF). A cookie that carries "
        "a session or an API key is a credential and needs all three."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /login:\n"
        "    post:\n"
        "      responses:\n"
        "        '204':\n"
        "          description: Logged in\n"
        "          headers:\n"
        "            Set-Cookie:\n"
        "              schema: {type: string, example: 'session=abc123; Path=/'}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /login:\n"
        "    post:\n"
        "      responses:\n"
        "        '204':\n"
        "          description: Logged in\n"
        "          headers:\n"
        "            Set-Cookie:\n"
        "              schema:\n"
        "                type: string\n"
        "                example: 'session=abc123; Path=/; Secure; HttpOnly; SameSite=Strict'\n"
    ),
    limitations=(
        "Prose is matched by the vocabulary above, not understood: a description that "
        "names an attribute in an unrelated sense counts as showing it. Cookies set by a "
        "gateway and not in the contract are not seen."
    ),
    applies_to="cookies",
)

_SECURE_PROSE = re.compile(r"\bSecure\b|`secure`|\bsecure[ -](?:flag|attribute)")
_COOKIE_SECURE = re.compile(r"(?:^|;)\s*secure\s*(?:;|$)", re.I)
_HTTP_ONLY = re.compile(r"\bhttp[-_ ]?only\b", re.I)
_SAME_SITE = re.compile(r"\bsame[-_ ]?site\b(?!\s*[=:]\s*none\b)", re.I)


def _texts_of(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                out.append(item)


def _header_texts(index: SpecIndex, header: Header) -> list[str]:
    out: list[str] = []
    _texts_of(header.node.get("description"), out)
    schema = index.deref_child(Located(header.node, header.loc), "schema")
    if schema is not None and isinstance(schema.node, dict):
        _texts_of(schema.node.get("description"), out)
        _texts_of(schema.node.get("pattern"), out)
    for value, _ in documented_values(index, header):
        _texts_of(value, out)
    return out


def _missing(texts: list[str]) -> list[str]:
    missing = []
    secure = any(_COOKIE_SECURE.search(t) for t in texts) or affirmed(texts, _SECURE_PROSE)
    if not secure:
        missing.append("Secure")
    if not affirmed(texts, _HTTP_ONLY):
        missing.append("HttpOnly")
    if not affirmed(texts, _SAME_SITE):
        missing.append("SameSite")
    return missing


def _names(missing: list[str]) -> str:
    return ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 else missing[0]


def check(ctx: RuleContext) -> None:
    index = ctx.index
    for _, _, header in written_headers(index, "set-cookie"):
        ctx.examine(header.loc)
        missing = _missing(_header_texts(index, header))
        if missing:
            ctx.report(
                header.loc,
                f"Set-Cookie is not documented as {_names(missing)}: without all three the "
                "cookie can travel over http, be read by injected scripts or be sent by "
                "other sites (CSRF); document `Secure; HttpOnly; SameSite=Strict` (or Lax) "
                "in its example or description (NL-TS 2.3.3)",
                prefer_key=True,
            )
    seen: set[Location] = set()
    for scheme in index.security_schemes:
        if scheme.type != "apiKey" or str(scheme.node.get("in", "")).lower() != "cookie":
            continue
        if scheme.loc in seen:
            continue
        seen.add(scheme.loc)
        ctx.examine(scheme.loc)
        missing = _missing(documented_texts(index, scheme))
        if missing:
            ctx.report(
                scheme.loc,
                f"apiKey scheme {excerpt(scheme.name)} sends its key in cookie "
                f"{excerpt(str(scheme.node.get('name', '')))}, documented without "
                f"{_names(missing)}: the credential can travel over http, be read by "
                "injected scripts or be sent by other sites (CSRF); document the cookie as "
                "`Secure; HttpOnly; SameSite=Strict` (NL-TS 2.3.3)",
                prefer_key=True,
            )

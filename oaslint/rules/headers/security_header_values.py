"""security-header-values: documented security headers carry the values the guidance asks."""

from __future__ import annotations

import re
from collections.abc import Callable

from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.headers._values import (
    VALUE_SOURCES,
    documented_values,
    excerpt,
    written_headers,
)

META = RuleMeta(
    id="security-header-values",
    title="A security header is documented with a value that weakens it",
    severity=Severity.WARNING,
    references=("NL-TS 2.3.1",),
    description=(
        "Flags a documented security response header (name compared case-insensitively, "
        f"header objects reached through `$ref` included) whose string values, read from "
        f"{VALUE_SOURCES}, contradict NL-TS 2.3.1: `Cache-Control` without the `no-store` "
        "directive; `X-Frame-Options` other than `DENY`; `X-Content-Type-Options` other "
        "than `nosniff`; `Strict-Transport-Security` without `max-age` or with a `max-age` "
        "under one year (31536000 seconds); `Content-Security-Policy` without the "
        "directive `frame-ancestors 'none'`. One finding per header object, where it is "
        "written, at the first offending value. A header that is missing altogether is "
        "`security-headers`' finding; a header documented without any value is not "
        "flagged."
    ),
    rationale=(
        "NL-TS 2.3.1 asks for `Cache-Control: no-store` (no sensitive data in caches), "
        "`Content-Security-Policy: frame-ancestors 'none'` and `X-Frame-Options: DENY` "
        "(no framing, so no clickjacking), `X-Content-Type-Options: nosniff` (no MIME "
        "sniffing into HTML) and `Strict-Transport-Security` (HTTPS only, also required "
        "by law; one year is the usual minimum for browsers' preload lists). A header "
        "documented with a weaker value (`Cache-Control: public`, `X-Frame-Options: "
        "ALLOWALL`) is worse than a missing one: the contract, and the tests and gateways "
        "built from it, then demand the weak setting."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          headers:\n"
        "            Cache-Control: {schema: {type: string, example: public}}\n"
        "            X-Frame-Options: {schema: {type: string, enum: [ALLOWALL]}}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          headers:\n"
        "            Cache-Control: {schema: {type: string, example: no-store}}\n"
        "            X-Frame-Options: {schema: {type: string, enum: [DENY]}}\n"
        "            Strict-Transport-Security:\n"
        "              schema: {type: string, example: max-age=31536000; includeSubDomains}\n"
    ),
    limitations=(
        "Header values are parsed leniently: directives are split at `,` (Cache-Control) or "
        "`;` (HSTS, CSP) and compared case-insensitively; a value that only the prose "
        "describes is not read. `Cache-Control` on a response that is deliberately "
        "cacheable public data may be suppressed with that reason."
    ),
    applies_to="documented security headers",
)

_YEAR = 31536000
_MAX_AGE = re.compile(r"^\s*max-age\s*=\s*\"?(\d+)\"?\s*$", re.I)


def _cache_control(value: str) -> str | None:
    directives = {d.strip().lower().split("=", 1)[0] for d in value.split(",")}
    if "no-store" in directives:
        return None
    return "has no `no-store` directive, so responses may be kept in caches"


def _frame_options(value: str) -> str | None:
    if value.strip().upper() == "DENY":
        return None
    return "is not `DENY`, so other sites may frame the API's responses (clickjacking)"


def _content_type_options(value: str) -> str | None:
    if value.strip().lower() == "nosniff":
        return None
    return "is not `nosniff`, so browsers may sniff responses into HTML"


def _hsts(value: str) -> str | None:
    for part in value.split(";"):
        m = _MAX_AGE.match(part)
        if m:
            if int(m.group(1)) >= _YEAR:
                return None
            return "has a `max-age` under one year (31536000 seconds)"
    return "has no `max-age`, so browsers do not pin HTTPS"


def _csp(value: str) -> str | None:
    for part in value.split(";"):
        tokens = part.split()
        if tokens and tokens[0].lower() == "frame-ancestors":
            if [t.lower() for t in tokens[1:]] == ["'none'"]:
                return None
            return "allows framing (`frame-ancestors` is not `'none'`)"
    return "has no `frame-ancestors 'none'` directive, so other sites may frame responses"


# lower-case name -> (name, judge, the value to document)
CHECKS: dict[str, tuple[str, Callable[[str], str | None], str]] = {
    "cache-control": ("Cache-Control", _cache_control, "`no-store`"),
    "x-frame-options": ("X-Frame-Options", _frame_options, "`DENY`"),
    "x-content-type-options": ("X-Content-Type-Options", _content_type_options, "`nosniff`"),
    "strict-transport-security": ("Strict-Transport-Security", _hsts, "`max-age=31536000`"),
    "content-security-policy": ("Content-Security-Policy", _csp, "`frame-ancestors 'none'`"),
}


def check(ctx: RuleContext) -> None:
    index = ctx.index
    for low, (name, judge, wanted) in CHECKS.items():
        for _, _, header in written_headers(index, low):
            ctx.examine(header.loc)
            found: tuple[str, str, Location] | None = None
            for value, where in documented_values(index, header):
                if not isinstance(value, str):
                    continue
                problem = judge(value)
                if problem is not None:
                    found = (value, problem, where)
                    break
            if found is None:
                continue
            value, problem, where = found
            ctx.report(
                where,
                f"{name} is documented as {excerpt(value)}, which {problem}; "
                f"document {wanted} (NL-TS 2.3.1)",
                subject=header.loc,
            )

"""jwt-best-practices: JWT schemes state how tokens are signed (RFC 8725)."""

from __future__ import annotations

import re

from oaslint.index import SecurityScheme
from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.shared.prose import NEGATION_DOC, affirmed, affirmed_matches
from oaslint.rules.shared.security import documented_texts
from oaslint.text import excerpt

META = RuleMeta(
    id="jwt-best-practices",
    title="A JWT scheme does not say how its tokens are signed",
    severity=Severity.WARNING,
    references=("SC-R003", "B.12.3.3"),
    description=(
        "Flags a JWT security scheme, that is an `http` `bearer` scheme whose "
        "`bearerFormat` mentions `JWT`, or an `oauth2`/`openIdConnect` scheme whose "
        "`description` or `x-` extensions call its tokens `JWT`/`JSON Web Token`, when "
        "its `description` and `x-` extensions (name and text values, on the scheme and "
        "its flows) neither cite RFC 8725 (`RFC 8725`, `BCP 225`) nor name an accepted "
        "signing algorithm (`RS256`/`384`/`512`, `PS*`, `ES*`, `EdDSA`, `HS*`). It is an "
        "**error** when they name `none` as an accepted algorithm (`alg: none`, `none "
        "algorithm`, `` `none` ``), or name only symmetric `HS*` algorithms. A mention "
        "also does not count when its clause says `reject`, `rejected`, `refuse`, "
        "`refused`, `forbidden`, `disallowed` or `prohibited`. One finding per scheme, at "
        "`bearerFormat` (other schemes: the scheme). " + NEGATION_DOC
    ),
    rationale=(
        "SC-R003 requires JWTs to follow RFC 7515/7518 and B.12.3.3 requires the JWT's "
        "algorithm to be verified; RFC 8725 (JWT best current practices) explains why: "
        "verifiers that take the algorithm from the token accept `alg: none` or HMAC "
        "tokens forged with the public key. The contract should name the algorithms the "
        "API accepts, asymmetric ones preferably (B.12.3 asks for public-key signatures), "
        "so that clients, gateways and auditors can check them."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    bearer: {type: http, scheme: bearer, bearerFormat: JWT}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    bearer:\n"
        "      type: http\n"
        "      scheme: bearer\n"
        "      bearerFormat: JWT\n"
        "      description: JWTs signed with RS256 or ES256, validated as in RFC 8725.\n"
    ),
    limitations=(
        "What the server really accepts is not in the contract; this rule checks that the "
        "contract says it. Algorithm names are matched, not understood."
    ),
    applies_to="JWT security schemes",
)

_JWT = re.compile(r"(?<![a-z])jwts?(?![a-z])|json[ -]web[ -]tokens?", re.I)
_RFC8725 = re.compile(r"rfc\s*-?\s*8725|bcp\s*-?\s*225", re.I)
_ALGS = re.compile(r"\b(?:[RPE]S|HS)(?:256|384|512)\b|\bEdDSA\b", re.I)
_NONE = re.compile(
    r"\balg(?:orithm)?s?\s*[:=]\s*[\"'`]?none\b|\bnone\s+alg(?:orithm)?s?\b|`none`|\"none\"", re.I
)
_REJECTING = frozenset(
    {"reject", "rejects", "rejected", "refuse", "refused", "forbidden", "disallowed", "prohibited"}
)


def _is_jwt(scheme: SecurityScheme, texts: list[str]) -> tuple[bool, Location]:
    if scheme.type == "http":
        fmt = scheme.node.get("bearerFormat")
        ok = str(scheme.node.get("scheme", "")).lower() == "bearer" and bool(
            isinstance(fmt, str) and _JWT.search(fmt)
        )
        return ok, scheme.at("bearerFormat")
    if scheme.type in ("oauth2", "openIdConnect"):
        return affirmed(texts, _JWT), scheme.loc
    return False, scheme.loc


def check(ctx: RuleContext) -> None:
    index = ctx.index
    seen: set[Location] = set()
    for scheme in index.security_schemes:
        if scheme.loc in seen:
            continue
        seen.add(scheme.loc)
        texts = documented_texts(index, scheme)
        jwt, where = _is_jwt(scheme, texts)
        if not jwt:
            continue
        ctx.examine(scheme.loc)
        prefer_key = where == scheme.loc
        if affirmed(texts, _NONE, _REJECTING):
            ctx.report(
                where,
                f"JWT scheme {excerpt(scheme.name)} names `none` as an accepted algorithm: "
                "unsigned "
                "tokens would be accepted, so anyone can forge one; accept only signed tokens "
                "with algorithms fixed by the server (RFC 8725) (SC-R003, B.12.3.3)",
                severity=Severity.ERROR,
                prefer_key=prefer_key,
                subject=scheme.loc,
            )
            continue
        algs = {a.upper() for a in affirmed_matches(texts, _ALGS, _REJECTING)}
        if algs and all(a.startswith("HS") for a in algs):
            ctx.report(
                where,
                f"JWT scheme {excerpt(scheme.name)} accepts only symmetric algorithms "
                f"({', '.join(sorted(algs))}): every verifier holds the signing secret and "
                "can forge tokens; sign with an asymmetric algorithm (RS256, PS256, ES256, "
                "EdDSA) (SC-R003, B.12.3.3)",
                severity=Severity.ERROR,
                prefer_key=prefer_key,
                subject=scheme.loc,
            )
            continue
        if algs or affirmed(texts, _RFC8725):
            continue
        ctx.report(
            where,
            f"JWT scheme {excerpt(scheme.name)} neither cites RFC 8725 nor names the signing "
            "algorithms it accepts, so verifiers may take the algorithm from the token "
            "(`alg: none`, key confusion); name the accepted algorithms (RS256, ES256...) "
            "in its description (SC-R003, B.12.3.3)",
            prefer_key=prefer_key,
            subject=scheme.loc,
        )

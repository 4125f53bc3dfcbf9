"""Helpers shared by the rules about which responses an operation declares.

A "missing response" finding points at the operation's ``responses`` key (the
map the response belongs in); an operation without ``responses`` (allowed in
OAS 3.1) gets it on its method key. An operation object written once and used
by several path items gets one finding, where it is written.
"""

from __future__ import annotations

from oaslint.index import Operation, Response
from oaslint.model import Location
from oaslint.rules.base import Aggregate, RuleContext


def missing_response_loc(op: Operation) -> Location:
    """Where a missing-response finding points: ``responses``, else the method key."""
    return op.responses_loc if op.responses_loc is not None else op.loc


def accepts_credentials(op: Operation) -> bool:
    """True when some alternative of the effective security names a scheme.

    This includes optional authentication
    (``[{}, {oauth: [...]}]``): credentials a client sends can still be
    rejected (401) or be insufficient (403). The anonymous ``{}`` alternative
    itself is ``operation-security-defined``'s finding.
    """
    return any(isinstance(req, dict) and req for req in op.security or ())


def status_class(code: str) -> str:
    """The status class: "2" for 200 or 2XX, "d" for default, "" otherwise."""
    code = code.strip()
    if code.lower() == "default":
        return "d"
    if len(code) == 3 and code[0] in "12345" and (code[1:].isdigit() or code[1:].upper() == "XX"):
        return code[0]
    return ""


def returns_body(op: Operation) -> bool:
    """True when a success response (``2XX``; ``default`` when no 2XX is declared) has content.

    A HEAD response never carries a body (RFC 9110 9.3.2), even when the document
    describes the content the matching GET would return.
    """
    if op.method == "head":
        return False
    success = [r for r in op.responses if status_class(r.code) == "2"]
    if not success:
        success = [r for r in op.responses if status_class(r.code) == "d"]
    return any(r.has_body for r in success)


def is_error(resp: Response, include_default: bool) -> bool:
    cls = status_class(resp.code)
    return cls in ("4", "5") or (include_default and cls == "d")


def report_missing(
    ctx: RuleContext, op: Operation, code: str, message: str, seen: set[Location]
) -> None:
    """Report ``message`` for ``op`` unless it declares ``code`` or its range (``4XX``)."""
    loc = missing_response_loc(op)
    if loc in seen:
        return
    seen.add(loc)
    ctx.examine(loc)
    if op.has_response(code):
        return
    ctx.report(loc, message, prefer_key=True)


# Where a missing error response is best fixed once: a shared response.
RESPONSE_ANCHORS = ("/components/responses", "/responses", "/paths")


def missing_response_aggregate(code: str, name: str, refs: str) -> Aggregate:
    """The aggregate of a rule asking every place for a ``code`` response."""
    return Aggregate(
        RESPONSE_ANCHORS,
        f"{{missing}} of {{examined}} {{applies_to}} declare no {code} (or 4XX) response: "
        f"define one shared {code} {name} response and $ref it ({refs})",
    )

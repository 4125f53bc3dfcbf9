"""specific-status-codes: operations declare specific success and client-error codes."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import Aggregate, RuleContext, RuleMeta
from oaslint.rules.shared.status import missing_response_loc, status_class

META = RuleMeta(
    id="specific-status-codes",
    title="An operation declares only `default`, no success code or no specific 4xx code",
    severity=Severity.WARNING,
    references=("NL-TS 2.3.6",),
    description=(
        "Flags an operation whose responses are only `default`, or that declares no "
        "success code, or no `4XX`-class code, or only the `4XX` range (a range says "
        "nothing specific: one exact client-error code such as `400` or `404` is needed; "
        "the other status-code rules keep accepting `4XX`, so one defect gets one "
        "finding). A success code is a `2XX`-class code; an operation that only redirects "
        "(`3XX`) or switches protocols (`101`) has a success code too. One finding per "
        "operation, at its `responses` key (its method key when it has none), naming what "
        "is missing; an operation object `$ref`-ed from several paths is reported once."
    ),
    rationale=(
        "NL-TS 2.3.6: use the semantically appropriate status code, not just 200 for "
        "success and one catch-all for errors. A contract with only `default`, or without "
        "client-error codes, hides how the API fails, so clients handle every error alike "
        "and implementations drift to leaky ad-hoc errors."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        default: {description: Any answer}\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: OK}\n"
        "        '400': {description: Invalid query}\n"
        "        default: {description: Unexpected error}\n"
    ),
    applies_to="operations",
    aggregate=Aggregate(
        ("/paths",),
        "{missing} of {examined} {applies_to} lack specific status codes (a 2XX and a 4XX "
        "code, not only `default`): declare the codes each operation returns (NL-TS 2.3.6)",
    ),
    limitations=(
        "An operation whose only codes are `410` (and `default`) is not flagged: a removed, "
        "deprecated endpoint that answers `410 Gone` to every request has no success to "
        "declare, and 410 is its specific answer."
    ),
)


def _exact_client_error(code: str) -> bool:
    code = code.strip()
    return len(code) == 3 and code[0] == "4" and code.isdigit()


def check(ctx: RuleContext) -> None:
    seen: set[Location] = set()
    examined: set[Location] = set()
    for op in ctx.index.operations:
        loc = missing_response_loc(op)
        if loc not in examined:
            examined.add(loc)
            ctx.examine(loc)
        classes = {status_class(r.code) for r in op.responses}
        if {r.code.strip() for r in op.responses if status_class(r.code) != "d"} == {"410"}:
            continue  # a removed (deprecated) endpoint: 410 Gone is its specific answer
        if classes == {"d"}:
            problem = "declares only a `default` response"
        else:
            missing = []
            if not classes & {"2", "3"} and "101" not in {r.code.strip() for r in op.responses}:
                missing.append("no success (2XX) code")
            if "4" not in classes:
                missing.append("no client-error (4XX) code")
            elif not any(_exact_client_error(r.code) for r in op.responses):
                missing.append("only the `4XX` range, no specific client-error code")
            if not missing:
                continue
            problem = "declares " + " and ".join(missing)
        loc = missing_response_loc(op)
        if loc in seen:
            continue
        seen.add(loc)
        ctx.report(
            loc,
            f"{op.key} {problem}; declare the specific status codes it returns (NL-TS 2.3.6)",
            prefer_key=True,
        )

"""no-secrets-in-examples: examples, defaults and server URLs hold no live secrets."""

from __future__ import annotations

from oaslint.model import Location, Severity
from oaslint.rules.base import RuleContext, RuleMeta
from oaslint.rules.errors._secrets import looks_random, secret_shape
from oaslint.rules.shared.names import credential_term, url_credentials
from oaslint.text import excerpt

META = RuleMeta(
    id="no-secrets-in-examples",
    applies_to="example values and server URLs",
    title="An example, default or server URL holds what looks like a live secret",
    severity=Severity.ERROR,
    references=("B.11", "8.13.2.2.3"),
    description=(
        "Looks at every `example`, `x-example`, `default` and `examples` value anywhere in "
        "the document (schemas, parameters, headers, media types, OAS 3 Example objects' "
        "`value`, 3.1 `examples` lists, Swagger 2.0 response examples, server variable "
        "defaults; nested values included), at the `source` of code samples "
        "(`x-codeSamples`, `x-code-samples`) and at server URLs, and flags a string that "
        "contains a signed JSON Web Token (`eyJ...` header, payload and signature), a PEM "
        "private key with a body, a password of 8 characters or more in a URI's user "
        "information (`postgres://user:password@host`), an AWS access key id "
        "(`AKIA`/`ASIA` + 16), a GitHub token "
        "(`ghp_`, `gho_`, `ghs_`, `ghu_`, `ghr_`, `github_pat_`), a Slack token "
        "(`xoxb-`, `xoxp-`...) or a Stripe live secret or restricted key (`sk_live_`, "
        "`rk_live_`). In a credential-named field (`client_secret`, `api_key`, `password`, "
        "`access_token`...; same vocabulary as `no-credentials-in-uri`) it also flags a "
        "random-looking value: 20 characters or more, letters and digits, no spaces, "
        "Shannon entropy of at least 3.5 bits per character (3.0 for hex). Located at the "
        "value. Placeholders are never flagged: `your-api-key-here`, `<token>`, "
        "`{{token}}`, `xxx`, `***`, `string`, `example`, `changeme`, runs of one character, "
        "counting sequences, truncated values (`...`), AWS's `...EXAMPLE` keys and the "
        "jwt.io sample token."
    ),
    rationale=(
        "Everything in an OpenAPI document is published: in developer portals, generated "
        "SDKs, mock servers and public repositories. A real token, key or password in an "
        "example is a leaked secret. B.11 and 8.13.2.2.3 require secrets to be stored "
        "securely, which rules out documentation."
    ),
    bad_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Credentials:\n"
        "      type: object\n"
        "      properties:\n"
        "        aws_key_id:\n"
        "          type: string\n"
        "          example: AKIA2E0A8F3B244C9986\n"
    ),
    good_example=(
        "openapi: 3.0.3\n"
        "info: {title: Example, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Credentials:\n"
        "      type: object\n"
        "      properties:\n"
        "        aws_key_id:\n"
        "          type: string\n"
        "          example: AKIAIOSFODNN7EXAMPLE\n"
    ),
    limitations=(
        "Passwords and secrets that are short, contain spaces or are made of words are not "
        "recognised as random. UUIDs and prefixed object ids (`tok_...`, `cus_...`) in "
        "credential-named fields are taken for identifiers; Stripe publishable (`pk_`) and "
        "test (`sk_test_`) keys are not flagged. `enum` values and `description` texts are "
        "not examined. A server URL that carries credentials in user information or a "
        "credential query parameter is reported by `no-credentials-in-uri` instead. An "
        "Example object that is `$ref`-ed is checked where it is written, without the name "
        "of the parameter that uses it. A session identifier (`session_id`) is judged only "
        "where a client sends it (parameters, headers): in data it refers to a session "
        "(Box's event log records the session an action came from), so a random value "
        "there is an identifier, not a leaked credential."
    ),
)

_FIX = "use a placeholder such as `<token>` and revoke it if it was real (B.11, 8.13.2.2.3)"


# A session identifier in data (Box's event log records the session an action came
# from) refers to a session; the credential is the one a client sends.
_SESSION_TERMS = frozenset({"sessionid", "sessionids", "sessid"})
_CODE_SAMPLES = ("x-codeSamples", "x-code-samples")


def _sent_by_clients(pointer: str) -> bool:
    return "/parameters/" in pointer or "/headers/" in pointer


def check(ctx: RuleContext) -> None:
    index = ctx.index
    _check_code_samples(ctx)
    for ev in index.examples:
        value = ev.value
        ctx.examine(ev.loc)
        if not isinstance(value, str) or len(value) < 16:
            continue
        where = f"{ev.keyword} value" + (f" of {excerpt(ev.field)}" if ev.field else "")
        shape = secret_shape(value)
        if shape is not None:
            ctx.report(
                ev.loc,
                f"{where} contains {shape}: a leaked secret, the document is published; {_FIX}",
            )
        elif (
            ev.field is not None
            and (term := credential_term(ev.field, header=True)) is not None
            and (term.replace(" ", "") not in _SESSION_TERMS or _sent_by_clients(ev.loc.pointer))
            and looks_random(value)
        ):
            ctx.report(
                ev.loc,
                f"{where} is a random-looking credential: a leaked secret, the document is "
                f"published; {_FIX}",
            )
    for server in index.servers:
        if server.level == "swagger" or url_credentials(server.url) is not None:
            continue
        ctx.examine(server.loc)
        shape = secret_shape(server.url)
        if shape is not None:
            ctx.report(
                server.loc,
                f"server URL contains {shape}: a leaked secret, server URLs are published and "
                f"logged; {_FIX}",
            )


def _check_code_samples(ctx: RuleContext) -> None:
    """Code samples (``x-codeSamples``) are published like examples: same secret shapes."""
    index = ctx.index
    seen: set[Location] = set()
    for op in index.operations:
        for key in _CODE_SAMPLES:
            samples = op.node.get(key)
            if not isinstance(samples, list):
                continue
            for i, entry in enumerate(samples):
                sample, loc = index.deref(entry, op.loc.child(key, i))
                if not isinstance(sample, dict) or not isinstance(sample.get("source"), str):
                    continue
                where = loc.child("source")
                if where in seen:
                    continue
                seen.add(where)
                shape = secret_shape(sample["source"])
                if shape is not None:
                    ctx.report(
                        where,
                        f"code sample contains {shape}: a leaked secret, code samples are "
                        f"published; {_FIX}",
                    )

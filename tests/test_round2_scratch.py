"""The scratch spec of issue 12 ("Rules, round 2") gets a finding for each problem.

No servers, an API-key-only scheme, ``Cache-Control: public``, ``X-Frame-Options:
ALLOWALL``, ``Access-Control-Allow-Credentials: true``, a ``client_secret`` in a
request body, an untyped request property, a map without ``maxProperties`` and
``4XX`` as the only error response: each marked ``# expect:`` on its line in
``tests/data/round2/scratch.yaml``. Before round 2 it got none of these.
"""

from __future__ import annotations

import os
from collections import Counter

from tests.harness import markers, run

SCRATCH = os.path.join(os.path.dirname(__file__), "data", "round2", "scratch.yaml")

PROBLEMS = {
    "servers-declared",  # no servers
    "oauth2-authorization",  # an API-key-only scheme
    "security-header-values",  # Cache-Control: public, X-Frame-Options: ALLOWALL
    "cors-credentials",  # Access-Control-Allow-Credentials: true
    "no-client-secret-in-body",  # client_secret in a request body
    "typed-request-schemas",  # an untyped request property
    "bounded-maps",  # a map without maxProperties
    "specific-status-codes",  # 4XX as the only error response
}


def test_every_problem_of_the_scratch_spec_has_its_finding() -> None:
    expected = markers([SCRATCH], os.path.dirname(SCRATCH))
    assert {rule for rule, _, _ in expected} == PROBLEMS
    result = run(SCRATCH, sorted(PROBLEMS))
    found = Counter(
        (f.rule, os.path.relpath(f.file, os.path.dirname(SCRATCH)), f.line)
        for f in result.findings
        if f.rule in PROBLEMS
    )
    assert found == expected, (
        f"missing: {sorted((expected - found).elements())}, "
        f"unexpected: {sorted((found - expected).elements())}"
    )

"""What an auditor needs besides findings: which requirements were checked by
machine, and which remain to be confirmed by hand.

The manual checks are those of the rule catalogue ("Manual checks (not
machine-checkable)"): oaslint lists them in its compliance report
(``--format compliance``) and in the rule index (``rules/README.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ManualCheck:
    requirement: str
    what: str


MANUAL_CHECKS: tuple[ManualCheck, ...] = (
    ManualCheck(
        "SC001-SC003",
        "specification, implementation and deployment follow the NCSC ICT security "
        "guidelines for web applications",
    ),
    ManualCheck(
        "SC004", "the TLS configuration of the deployment (versions, ciphers, certificates)"
    ),
    ManualCheck("SC005", "audit logging conforming to NEN 7513"),
    ManualCheck(
        "SC006",
        "System APIs use authentication and authorization models that are not specific to a "
        "use case, client type or user",
    ),
    ManualCheck("SC009", "nationally prescribed generic services/functions are used"),
    ManualCheck("API-58", "no sensitive data in URIs beyond parameter names and example values"),
    ManualCheck("8.13.2.2", "length and randomness of shared secrets"),
    ManualCheck("B.12.2.3", "credentials are unique per environment"),
    ManualCheck("B.12.4.1", "refresh tokens are protected as secrets (B.11)"),
    ManualCheck("B.12.1.2, 8.13.1", "the API gateway is hardened"),
    # round 2 (issue 12): what the traced statements leave to a person
    ManualCheck("B.12.1.1", "the API is exposed only where required"),
    ManualCheck("B.12.1.4, 8.13.7", "the rate limits match the business requirements"),
    ManualCheck(
        "B.12.3.2, 8.13.3.2.4-5",
        "tokens are issued by a trusted, hardened authorization server and created and "
        "validated with mature libraries",
    ),
    ManualCheck(
        "B.12.3.3, SC-R003",
        "the server verifies each JWT's algorithm and signature as documented (RFC 7515, "
        "7518, 8725)",
    ),
    ManualCheck("API-50", "the CORS allow-list holds only the intended client origins"),
    ManualCheck(
        "NL-SEC clients", "the authorization server does not let clients choose their client_id"
    ),
    ManualCheck(
        "B.12.5.3, 8.13.5.3", "CSRF protection for web UI APIs that work in a user context"
    ),
)


def render_manual_checks_table(checks: Sequence[ManualCheck] = MANUAL_CHECKS) -> str:
    rows = ["| requirement | confirm by hand |", "|---|---|"]
    rows += [f"| {c.requirement} | {c.what} |" for c in checks]
    return "\n".join(rows) + "\n"

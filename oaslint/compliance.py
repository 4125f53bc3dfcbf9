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
    ManualCheck("B.12.1.2", "the API gateway is hardened"),
    ManualCheck(
        "B.12.5.3, 8.13.5.3", "CSRF protection for web UI APIs that work in a user context"
    ),
)


def render_manual_checks_table(checks: Sequence[ManualCheck] = MANUAL_CHECKS) -> str:
    rows = ["| requirement | confirm by hand |", "|---|---|"]
    rows += [f"| {c.requirement} | {c.what} |" for c in checks]
    return "\n".join(rows) + "\n"

"""The error every part of :mod:`oaslint.custom` raises for a wrong custom rule.

Owned here, not by :mod:`oaslint.config`, so that the configuration imports the
custom rules and not the other way round: ``config`` turns it into its own
``ConfigError`` (file, key, message).
"""

from __future__ import annotations


class CustomRuleError(ValueError):
    """A custom rule is wrong; ``key`` says where (``custom-rules[0].given``).

    ``file`` is the configuration file, when known; ``str()`` is the whole
    ``<file>: <key>: <message>`` line shown to the user.
    """

    def __init__(self, key: str, message: str, file: str | None = None) -> None:
        super().__init__(f"{file}: {key}: {message}" if file else f"{key}: {message}")
        self.key = key
        self.message = message
        self.file = file

"""Custom rules written in the configuration: Spectral-style ``given`` / ``then``.

``custom-rules`` in ``.oaslint.yaml`` (or ``[tool.oaslint]``) defines rules as
data; each becomes an ordinary :class:`~oaslint.rules.base.Rule` (origin
``config:<file>``), so ``rules:`` severities, ``off``, ``select``/``ignore``,
overrides, suppressions, every formatter, ``oaslint rules`` and ``oaslint
explain`` treat it like a built-in. The format and three worked examples are
in ``docs/custom-rules.md``.

The package, one concern a module:

* :mod:`~oaslint.custom.errors`: ``CustomRuleError`` (``config`` wraps it);
* :mod:`~oaslint.custom.jsonpath`: the only importer of jsonpath-ng: parses a
  ``given`` into our own frozen segments, for every jsonpath-ng 1.x in range;
* :mod:`~oaslint.custom.evaluate`: those segments over the resolved view of a
  document, every node carrying where it is written;
* :mod:`~oaslint.custom.checks`: the ``then`` functions;
* :mod:`~oaslint.custom.rule`: a configuration entry to a :class:`Rule`.

Paths are parsed once, with one parser instance, when the configuration is
read; regular expressions and JSON Schemas are compiled then too. jsonpath-ng
is imported only when a configuration defines custom rules.
"""

from __future__ import annotations

from oaslint.custom.checks import FUNCTIONS
from oaslint.custom.errors import CustomRuleError
from oaslint.custom.evaluate import CompiledPath, Match, compile_path
from oaslint.custom.jsonpath import JSONPathSyntaxError
from oaslint.custom.rule import KEY, CustomRule, parse_custom_rules, parse_rule

__all__ = [
    "FUNCTIONS",
    "KEY",
    "CompiledPath",
    "CustomRule",
    "CustomRuleError",
    "JSONPathSyntaxError",
    "Match",
    "compile_path",
    "parse_custom_rules",
    "parse_rule",
]

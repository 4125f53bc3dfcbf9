"""JSON text for the json and SARIF reports: orjson when it can, ``json`` otherwise.

``json.dumps(..., indent=2)`` always runs the pure-Python encoder (the C encoder
serves only compact output): 0.15 s for Stripe's JSON report and 0.37 s more for its
SARIF. orjson writes the same bytes about 20 times faster (tested byte for byte in
``tests/test_fast_output.py``, every code point included). ``json`` stays the fallback
for what orjson refuses, so output never depends on it: a lone surrogate quoted from
a document (``"\\ud800"`` in YAML) or an integer beyond 64 bits, and for
interpreters without an orjson wheel (PyPy).
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - PyPy, or an install without the wheel
    orjson = None  # type: ignore[assignment]


def dumps(obj: Any) -> str:
    """``json.dumps(obj, indent=2, ensure_ascii=False) + "\\n"``, byte for byte."""
    if orjson is not None:
        try:
            return orjson.dumps(obj, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
        except TypeError:  # orjson.JSONEncodeError: a surrogate, a huge int
            pass
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"

"""oaslint: a static security linter for OpenAPI documents."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]

"""Helpers used by rules of two or more families (one family's own helpers live beside
its rules as ``_x.py``). Nothing here is a rule."""

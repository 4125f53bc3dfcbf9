"""Example oaslint plugin: a ministry's own API rules and a CSV report."""

__version__ = "0.1.0"

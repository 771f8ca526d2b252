"""Validate shared ethical-benchmark charters and publish them as a versioned site."""

__version__ = "0.1.0"

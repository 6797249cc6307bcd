"""Joopas: flexible and cross-institutional studies in Finnish higher and continuous education."""

__version__ = "0.1.0"

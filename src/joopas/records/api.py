"""What other apps may ask of records (applications will build transcripts from credited completions)."""

from __future__ import annotations

from joopas.records import rules

__all__ = ["national_scales"]


def national_scales() -> dict[str, tuple[str, ...]]:
    """R-REC-2: the national grading scales, code → grades lowest first."""
    return {code: s.grades for code, s in rules.NATIONAL_SCALES.items()}

"""CSV exports escape formula cells (security review, issue 10 item 12)."""

from __future__ import annotations

import csv
import io

import pytest

from joopas.core.exports import csv_response, csv_safe


@pytest.mark.parametrize(("value", "expected"), [
    ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("paa@oma.fi", "paa@oma.fi"),
    ("1.2.246.562.10.39218317368", "1.2.246.562.10.39218317368"),
    ("", ""),
    (None, ""),
    (42, "42"),
])
def test_csv_safe_prefixes_cells_a_spreadsheet_would_read_as_formulas(value: object, expected: str) -> None:
    assert csv_safe(value) == expected


def test_csv_response_is_an_attachment_with_every_cell_escaped() -> None:
    response = csv_response("audit.csv", ["at", "actor"], [["2026-01-01T10:00:00+02:00", "=HYPERLINK(\"x\")"],
                                                          ["2026-01-02T10:00:00+02:00", "paa@oma.fi"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="audit.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["at", "actor"], ["2026-01-01T10:00:00+02:00", "'=HYPERLINK(\"x\")"],
                    ["2026-01-02T10:00:00+02:00", "paa@oma.fi"]]


def test_csv_response_keeps_the_filename_to_safe_characters() -> None:
    response = csv_response('a"; b\r\n.csv', ["x"], [])
    assert response["Content-Disposition"] == 'attachment; filename="ab.csv"'

"""The text policy of every text field of every message, API body and form (docs/security.md, "input policy").

Plain text only: a `<` directly followed by a letter, `/`, `!` or `?` (the start of an HTML/XML tag, comment or
processing instruction) and control characters other than tab and line breaks are refused with the field's path
(`markup`). Texts are shown as typed, never interpreted as markup, so a lone "<" (as in "x < 5") stays allowed.

The one validator: the exchange's message schemas (`joopas.exchange.data.PlainText`), the catalogue's,
organisations' and networks' JSON APIs use `plain_text` (as a Pydantic `AfterValidator`, `PLAIN`) and get the
same error with the field's path. It lives in core because organisations sits below the exchange.
"""

from __future__ import annotations

import re

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

__all__ = ["PLAIN", "PLAIN_TEXT", "plain_text"]

_MARKUP = re.compile(r"<[A-Za-z/!?]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PLAIN_TEXT = ("Plain text: no markup (`<` followed by a letter, `/`, `!` or `?`) and no control characters "
              "other than tab and line breaks.")


def plain_text(value: str) -> str:
    """The text policy above; raises the `markup` error Pydantic reports with the field's path."""
    if _MARKUP.search(value):
        raise PydanticCustomError("markup", "Plain text only: markup such as <b> or <script> and control "
                                            "characters are not allowed.")
    return value


PLAIN = AfterValidator(plain_text)  # for `Annotated[str, …, PLAIN]` fields of API schemas

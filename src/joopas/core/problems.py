"""The one mapping of validation errors to `{code, path, message}`.

Pydantic errors (API bodies, exchange messages), Django form errors and DomainErrors with a path all
become `Problem`s; API error bodies, the exchange's refusals and pages show them the same way. Paths
are `/`-joined locations (`payload/courseUnits/0/name`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError


@dataclass
class Problem:
    code: str
    path: str
    message: str
    status: int = 422

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "path": self.path, "message": self.message}


def join_path(prefix: str, loc: tuple[Any, ...] | list[Any]) -> str:
    """Pydantic's `loc` as a path; validator-internal parts (`function-after[…]`, tagged unions) are left out."""
    parts = [prefix] if prefix else []
    parts += [str(p) for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))]
    return "/".join(parts)


def from_pydantic(exc: ValidationError, prefix: str = "") -> list[Problem]:
    out = []
    for e in exc.errors(include_url=False):
        code = "schema." + ("unknown_field" if e["type"] == "extra_forbidden" else e["type"])
        msg = str(e["msg"])
        if e["type"] == "value_error":
            msg = msg.removeprefix("Value error, ")
        out.append(Problem(code, join_path(prefix, tuple(e["loc"])), msg))
    return out


def from_form_errors(form: Any, *, code: str = "invalid") -> list[Problem]:
    """A bound Django form's errors; non-field errors get the path ``""``."""
    out = []
    for field, errors in form.errors.as_data().items():
        for err in errors:
            path = "" if field == "__all__" else field
            message = " ".join(str(m) for m in err.messages)
            out.append(Problem(err.code or code, path, message))
    return out


def from_domain_error(exc: Any, prefix: str = "") -> list[Problem]:
    """A DomainError: its `details.errors` (each `{code, path, message}`) or itself at `details.path`."""
    details = exc.details if isinstance(exc.details, dict) else {}
    inner = details.get("errors") if isinstance(details.get("errors"), list) else None
    if inner:
        return [Problem(str(e.get("code", exc.code)), _prefixed(prefix, str(e.get("path", ""))),
                        str(e.get("message", exc.message)), status=exc.status) for e in inner]
    return [Problem(exc.code, str(details.get("path", prefix)), str(exc.message), status=exc.status)]


def _prefixed(prefix: str, path: str) -> str:
    path = path.strip("/")
    if not prefix:
        return path
    return f"{prefix}/{path}" if path else prefix


def problem_details(problems: list[Problem]) -> dict[str, Any]:
    return {"errors": [p.as_dict() for p in problems]}

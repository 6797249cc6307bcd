"""Finnish identifiers: personal identity code (hetu), OIDs and business id (Y-tunnus).

Each `validate_*` raises `InvalidIdentifier` (a DomainError with a stable code and a translated
message) and returns the normalised value; `is_valid_*` answers yes/no. Django form/model fields use
the `*_validator` callables.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from joopas.core.errors import ValidationFailed

OPH_ROOT = "1.2.246.562"
PERSON_NODE = 24
ORGANISATION_NODE = 10

HETU_CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# Century signs; the extra 1900s and 2000s signs were introduced on 1 Jan 2023.
HETU_CENTURY = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}
_HETU_RE = re.compile(r"^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$")
_OID_RE = re.compile(r"^1\.2\.246\.562\.(\d+)\.(\d{2,})$")
_BUSINESS_ID_RE = re.compile(r"^(\d{7})-(\d)$")


class InvalidIdentifier(ValidationFailed):
    code = "identifier.invalid"


# --- hetu -------------------------------------------------------------------

def hetu_check_char(birth6: str, individual: str) -> str:
    return HETU_CHECK_CHARS[int(birth6 + individual) % 31]


def validate_hetu(value: str) -> str:
    hetu = (value or "").strip().upper()
    m = _HETU_RE.match(hetu)
    if not m:
        raise InvalidIdentifier(_("A personal identity code has the form DDMMYYCNNNT, e.g. 131052-308T."),
                                code="identifier.hetu.format")
    dd, mm, yy, sign, individual, check = m.groups()
    try:
        dt.date(HETU_CENTURY[sign] + int(yy), int(mm), int(dd))
    except (ValueError, KeyError):
        raise InvalidIdentifier(_("The date of birth in the personal identity code does not exist."),
                                code="identifier.hetu.date") from None
    if individual in ("000", "001"):
        raise InvalidIdentifier(_("The individual number of a personal identity code starts from 002."),
                                code="identifier.hetu.individual")
    if hetu_check_char(dd + mm + yy, individual) != check:
        raise InvalidIdentifier(_("The check character of the personal identity code is wrong."),
                                code="identifier.hetu.checksum")
    return hetu


def hetu_birth_date(value: str) -> dt.date:
    hetu = validate_hetu(value)
    return dt.date(HETU_CENTURY[hetu[6]] + int(hetu[4:6]), int(hetu[2:4]), int(hetu[0:2]))


def hetu_is_temporary(value: str) -> bool:
    """Individual numbers 900–999 are temporary identifiers."""
    return int(validate_hetu(value)[7:10]) >= 900


def mask_hetu(value: str) -> str:
    """Only the date part is shown outside the owner's institution (SPEC §12)."""
    return value[:7] + "****" if len(value) == 11 else "****"


# --- OID --------------------------------------------------------------------

def luhn_check_digit(digits: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10


def ibm_check_digit(digits: str) -> int:
    """The 7-3-1 method (also the Finnish bank reference check) used for person OIDs."""
    weights = (7, 3, 1)
    total = sum(int(ch) * weights[i % 3] for i, ch in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def oid_check_digit(node: int, digits: str) -> int:
    return ibm_check_digit(digits) if node == PERSON_NODE else luhn_check_digit(digits)


def make_oid(node: int, number: int) -> str:
    digits = str(number)
    return f"{OPH_ROOT}.{node}.{digits}{oid_check_digit(node, digits)}"


def validate_oid(value: str, *, node: int | None = None) -> str:
    oid = (value or "").strip()
    m = _OID_RE.match(oid)
    if not m:
        raise InvalidIdentifier(_("An OID has the form 1.2.246.562.<node>.<number>."), code="identifier.oid.format")
    found_node, number = int(m.group(1)), m.group(2)
    if node is not None and found_node != node:
        raise InvalidIdentifier(_("The OID is of the wrong kind (node %(found)s, expected %(expected)s).")
                                % {"found": found_node, "expected": node}, code="identifier.oid.node")
    if found_node in (PERSON_NODE, ORGANISATION_NODE) and oid_check_digit(found_node, number[:-1]) != int(number[-1]):
        raise InvalidIdentifier(_("The check digit of the OID is wrong."), code="identifier.oid.checksum")
    return oid


def validate_person_oid(value: str) -> str:
    return validate_oid(value, node=PERSON_NODE)


def validate_organisation_oid(value: str) -> str:
    return validate_oid(value, node=ORGANISATION_NODE)


# --- Y-tunnus ---------------------------------------------------------------

BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def business_id_check_digit(digits7: str) -> int | None:
    """None when no check digit exists (remainder 1): such numbers are never issued."""
    remainder = sum(int(d) * w for d, w in zip(digits7, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return None
    return 0 if remainder == 0 else 11 - remainder


def validate_business_id(value: str) -> str:
    bid = (value or "").strip()
    if re.fullmatch(r"\d{6}-\d", bid):  # old six-digit ids are written with a leading zero
        bid = "0" + bid
    m = _BUSINESS_ID_RE.match(bid)
    if not m:
        raise InvalidIdentifier(_("A business ID has the form 1234567-8."), code="identifier.business_id.format")
    if business_id_check_digit(m.group(1)) != int(m.group(2)):
        raise InvalidIdentifier(_("The check digit of the business ID is wrong."),
                                code="identifier.business_id.checksum")
    return bid


def _is_valid(fn: Callable[[str], str]) -> Callable[[str], bool]:
    def check(value: str) -> bool:
        try:
            fn(value)
        except InvalidIdentifier:
            return False
        return True
    return check


is_valid_hetu = _is_valid(validate_hetu)
is_valid_oid = _is_valid(validate_oid)
is_valid_business_id = _is_valid(validate_business_id)


def hetu_validator(value: str) -> None:
    _as_django_error(validate_hetu, value)


def business_id_validator(value: str) -> None:
    _as_django_error(validate_business_id, value)


def organisation_oid_validator(value: str) -> None:
    _as_django_error(validate_organisation_oid, value)


def person_oid_validator(value: str) -> None:
    _as_django_error(validate_person_oid, value)


def _as_django_error(fn: Callable[[str], str], value: str) -> None:
    try:
        fn(value)
    except InvalidIdentifier as exc:
        raise ValidationError(exc.message, code=exc.code) from None

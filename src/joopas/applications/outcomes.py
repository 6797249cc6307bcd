"""Application outcomes to the institutions' systems through the exchange (part 7 of the JOO issue): endorsed or
declined, decided, JOO right granted, JOO right ended. Each is a registered notification type (messages.py) sent
to the home and the host institution in the acting institution's name, in the caller's transaction."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from joopas.applications import messages, rules
from joopas.catalogue import api as catalogue_api
from joopas.exchange import api as exchange_api
from joopas.organisations import api as organisations_api
from joopas.rights import api as rights_api
from joopas.rights.data import GrantedStudyRef, JooRightRef

ENTITY_TYPES = {rules.MODULE: "STUDY_MODULE", rules.COURSE_UNIT: "COURSE_UNIT"}
END_REASONS = {"home_right_ended": "HOME_RIGHT_ENDED", "host_degree": "HOST_DEGREE"}


def organisation_code(organisation_id: int) -> str:
    """The organisation as the exchange names it: its Statistics Finland code, or its OID when it has none."""
    org = organisations_api.get_by_id(organisation_id)
    return (org.tk_code or org.oid) if org else str(organisation_id)


def _credits(text: str) -> dict[str, float]:
    """"5" or "5–10" as the application kept them → creditsMin / creditsMax (left out when not a number)."""
    parts = [p.strip().replace(",", ".") for p in re.split(r"[–-]", text or "") if p.strip()]
    try:
        values = [round(float(p), 1) for p in parts]
    except ValueError:
        return {}
    if not values or any(v < 0 or v > 999 for v in values):
        return {}
    return {"creditsMin": min(values), "creditsMax": max(values)}


def external_ids(kinds_ids: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Any]:
    pairs = list(kinds_ids)
    modules = catalogue_api.study_modules_by_ids([i for k, i in pairs if k == rules.MODULE])
    units = catalogue_api.course_units_by_ids([i for k, i in pairs if k == rules.COURSE_UNIT])
    return {**{(rules.MODULE, k): v for k, v in modules.items()},
            **{(rules.COURSE_UNIT, k): v for k, v in units.items()}}


def _name(name: dict[str, Any], fallback: str) -> dict[str, Any]:
    values = {lang: str(name.get(lang) or "")[:500] for lang in ("fi", "sv", "en") if name.get(lang)}
    return {"values": values or {"fi": fallback or "-"}}


def _entity(kind: str, entity_id: int, code: str, name: dict[str, Any], credits: str,
            refs: dict[tuple[str, int], Any]) -> dict[str, Any]:
    ref = refs.get((kind, entity_id))
    out: dict[str, Any] = {"type": ENTITY_TYPES.get(kind, "COURSE_UNIT"),
                           "studyElementId": (ref.study_element_id if ref else "") or str(entity_id),
                           "name": _name(name, code)}
    if code:
        out["studyElementIdentifierCode"] = code
    out.update(_credits(credits))
    return out


def _student(person_id: int) -> dict[str, Any]:
    person = rights_api.get_person(person_id)
    if person is None:
        return {"firstNames": "-", "surName": "-"}
    out: dict[str, Any] = {"firstNames": person.first_names or "-", "surName": person.last_name or "-"}
    if person.learner_oid:
        out["oid"] = person.learner_oid
    if person.student_number:
        out["homeStudentNumber"] = person.student_number
    return out


def _right_identifiers(right_id: int | None) -> dict[str, str] | None:
    right = rights_api.get_right(right_id) if right_id else None
    if right is None or not right.identifier:
        return None
    return {"organisationTkCodeReference": organisation_code(right.organisation_id), "studyRightId": right.identifier}


def _application(app: Any) -> dict[str, Any]:
    return {"applicationNumber": app.number or f"draft-{app.pk}",
            "homeOrganisationTkCode": organisation_code(app.home_organisation_id),
            "hostOrganisationTkCode": organisation_code(app.host_organisation_id),
            "student": _student(app.home_person_id),
            "homeStudyRightIdentifier": _right_identifiers(app.home_right_id)
            or {"organisationTkCodeReference": organisation_code(app.home_organisation_id),
                "studyRightId": str(app.home_right_id)}}


def _entities(app: Any, *, decided: bool = False) -> list[dict[str, Any]]:
    rows = list(app.entities.order_by("position", "id"))
    refs = external_ids((e.entity_kind, e.entity_id) for e in rows)
    out = []
    for e in rows:
        item = _entity(e.entity_kind, e.entity_id, e.code, e.name or {}, e.credits, refs)
        if decided:
            item["decision"] = "GRANTED" if e.decision == rules.GRANTED else "REJECTED"
            if e.reason:
                item["reason"] = e.reason
        out.append(item)
    return out


def _joo_identifiers(joo: JooRightRef) -> dict[str, str]:
    return {"organisationTkCodeReference": organisation_code(joo.host_organisation_id),
            "studyRightId": joo.identifier}


# --- payloads ------------------------------------------------------------------------------------------------

def endorsement_payload(app: Any) -> dict[str, Any]:
    endorsed = app.status != rules.DECLINED
    payload = {**_application(app), "status": "ENDORSED" if endorsed else "DECLINED",
               "paymentCommitted": bool(app.payment_committed) and endorsed, "entities": _entities(app)}
    if app.home_reason:
        payload["reason"] = app.home_reason
    decided_at = app.endorsed_at if endorsed else app.updated_at
    if decided_at is not None:
        payload["decidedAt"] = decided_at.isoformat()
    if endorsed and app.decision_due is not None:
        payload["decisionDue"] = app.decision_due.isoformat()
    return payload


def decision_payload(app: Any, joo: JooRightRef | None) -> dict[str, Any]:
    payload = {**_application(app), "entities": _entities(app, decided=True)}
    if app.decided_at is not None:
        payload["decidedAt"] = app.decided_at.isoformat()
    if joo is not None:
        payload["hostStudyRightIdentifier"] = _joo_identifiers(joo)
    return payload


def _granted(granted: Iterable[GrantedStudyRef], app: Any | None) -> list[dict[str, Any]]:
    """The granted entities, with the code, names and credits the application kept (the catalogue's otherwise)."""
    pairs = [(g.entity_kind, g.entity_id) for g in granted]
    kept = {(e.entity_kind, e.entity_id): e for e in app.entities.all()} if app is not None else {}
    refs = external_ids(pairs)
    out = []
    for kind, entity_id in pairs:
        row, ref = kept.get((kind, entity_id)), refs.get((kind, entity_id))
        if row is not None:
            out.append(_entity(kind, entity_id, row.code, row.name or {}, row.credits, refs))
        elif ref is not None:
            credits = (f"{ref.credits_min:g}" if ref.credits_min == ref.credits_max
                       else f"{ref.credits_min:g}–{ref.credits_max:g}")
            out.append(_entity(kind, entity_id, ref.code, {lang: ref.name(lang) for lang in ("fi", "sv", "en")},
                               credits, refs))
    return out


def _joo_student(joo: JooRightRef, home_person_id: int | None) -> dict[str, Any]:
    out = _student(home_person_id) if home_person_id else {}
    out.update({"firstNames": joo.first_names or out.get("firstNames") or "-",
                "surName": joo.last_name or out.get("surName") or "-"})
    if joo.learner_oid:
        out["oid"] = joo.learner_oid
    return out


def _home_person_id(joo: JooRightRef, app: Any | None) -> int | None:
    if app is not None:
        return int(app.home_person_id)
    right = rights_api.get_right(joo.home_right_id) if joo.home_right_id else None
    return right.person_id if right else None


def granted_payload(joo: JooRightRef, app: Any | None) -> dict[str, Any]:
    student = _joo_student(joo, _home_person_id(joo, app))
    if joo.email:
        student["email"] = joo.email
    if joo.host_student_number:
        student["hostStudentNumber"] = joo.host_student_number
    payload: dict[str, Any] = {
        "homeOrganisationTkCode": organisation_code(joo.home_organisation_id),
        "hostOrganisationTkCode": organisation_code(joo.host_organisation_id),
        "student": student, "hostStudyRightIdentifier": _joo_identifiers(joo),
        "validFrom": joo.start_date.isoformat(), "grantedEntities": _granted(joo.granted, app)}
    if app is not None and app.number:
        payload["applicationNumber"] = app.number
    home = _right_identifiers(joo.home_right_id)
    if home is not None:
        payload["homeStudyRightIdentifier"] = home
    if joo.end_date is not None:
        payload["validUntil"] = joo.end_date.isoformat()
    return payload


def ended_payload(joo: JooRightRef, app: Any | None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "homeOrganisationTkCode": organisation_code(joo.home_organisation_id),
        "hostOrganisationTkCode": organisation_code(joo.host_organisation_id),
        "student": _joo_student(joo, _home_person_id(joo, app)), "hostStudyRightIdentifier": _joo_identifiers(joo),
        "endDate": (joo.end_date or joo.start_date).isoformat(),
        "reason": END_REASONS.get(joo.end_reason, "HOME_RIGHT_ENDED")}
    if app is not None and app.number:
        payload["applicationNumber"] = app.number
    home = _right_identifiers(joo.home_right_id)
    if home is not None:
        payload["homeStudyRightIdentifier"] = home
    return payload


# --- what the services call ----------------------------------------------------------------------------------

def endorsement(app: Any) -> None:
    """R-JOO-1: the home endorsed or declined. A declined application is told to the home only: the host sees
    nothing of it."""
    declined = app.status == rules.DECLINED
    receivers = [app.home_organisation_id] if declined else [app.home_organisation_id, app.host_organisation_id]
    exchange_api.emit(sender_id=app.home_organisation_id, type_name=messages.ENDORSEMENT,
                      payload=endorsement_payload(app), receivers=receivers,
                      reason=f"R-JOO-1: application {app.number} {'declined' if declined else 'endorsed'}")


def decision(app: Any, joo: JooRightRef | None) -> None:
    """R-JOO-2/3: the host decided; a granted JOO right with it."""
    receivers = [app.host_organisation_id, app.home_organisation_id]
    exchange_api.emit(sender_id=app.host_organisation_id, type_name=messages.DECISION,
                      payload=decision_payload(app, joo), receivers=receivers,
                      reason=f"R-JOO-2: application {app.number} decided")
    if joo is not None and joo.granted:
        exchange_api.emit(sender_id=joo.host_organisation_id, type_name=messages.GRANTED,
                          payload=granted_payload(joo, app), receivers=receivers,
                          reason=f"R-JOO-3: JOO study right {joo.identifier} granted")


def right_ended(joo: JooRightRef, application: Any | None) -> None:
    """R-JOO-4/5: the JOO right ended by itself."""
    receivers = list(dict.fromkeys(o for o in (joo.host_organisation_id, joo.home_organisation_id) if o))
    exchange_api.emit(sender_id=joo.host_organisation_id, type_name=messages.ENDED,
                      payload=ended_payload(joo, application), receivers=receivers,
                      reason=f"R-JOO-{5 if joo.end_reason == 'host_degree' else 4}: JOO study right "
                             f"{joo.identifier} ended")

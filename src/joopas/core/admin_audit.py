"""R-ACC-6 in the Django admin: every admin page that shows people's data writes one audit row.

A `ModelAdmin` of a model with personal data inherits `AuditedAdminMixin` (first, before the Django base class)
and names two events from its app's `codes.py`:

- `audit_list_event`: a change list (and the "delete selected" confirmation of a list action) writes **one** row
  for the page shown: `subject = (model label, "")`, `after = {"view": "changelist", "ids": [shown ids]}`. An empty
  page shows nobody and writes nothing (like an empty pull-feed page).
- `audit_write_event`: a save or delete through the admin (which bypasses the services) writes one row per object
  in the same transaction as the change, next to Django's own LogEntry: `subject = the object`,
  `after = {"action": "added" | "changed" | "deleted", "message": Django's change message}`.
- `audit_object_event`: one object's change/view page, its history and its delete confirmation (and the
  user admin's password page) write one row each: `subject = the object`, `after = {"view": …}` plus what
  `audit_details(obj)` adds (e.g. the contact persons shown inline); `person_oid` and the organisation concerned
  come from `audit_person_oid(obj)` / `audit_organisation_oid(obj)`.

The row is written only for a page that was actually shown (status 200, a template response with the objects in
its context): a refused request (403, a redirect to the login) or a saved form (redirect) reads nothing. Admin
pages are rendered lazily, so the ids are taken from the same queryset the template then iterates: no extra query.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest, HttpResponse

from joopas.core import audit


class AuditedAdminMixin(admin.ModelAdmin):  # type: ignore[type-arg]
    audit_list_event: str = ""
    audit_object_event: str = ""
    audit_write_event: str = ""

    # --- hooks for the concrete admin -------------------------------------------------------------------------

    def audit_organisation_oid(self, obj: Any) -> str:
        """The organisation whose data the object is ("" when none or unknown)."""
        return ""

    def audit_person_oid(self, obj: Any) -> str:
        """The person OID of the person the object is about ("" when none)."""
        return ""

    def audit_details(self, obj: Any) -> dict[str, Any]:
        """More of what the page shows about people (e.g. inline rows), added to `after`."""
        return {}

    # --- recording --------------------------------------------------------------------------------------------

    @staticmethod
    def _context(response: HttpResponse) -> dict[str, Any] | None:
        if response.status_code != 200:
            return None
        context = getattr(response, "context_data", None)
        return context if isinstance(context, dict) else None

    def _record_list(self, request: HttpRequest, objects: Any, view: str) -> None:
        ids = [obj.pk for obj in objects]  # evaluates (and caches) the queryset the template renders
        if not ids or not self.audit_list_event:
            return
        audit.record(self.audit_list_event, actor=request.user, subject=(self.model._meta.label_lower, ""),
                     after={"view": view, "ids": ids})

    def _record_object(self, request: HttpRequest, obj: Any, view: str) -> None:
        if not isinstance(obj, models.Model) or not self.audit_object_event:
            return
        audit.record(self.audit_object_event, actor=request.user, organisation=self.audit_organisation_oid(obj),
                     subject=obj, person_oid=self.audit_person_oid(obj),
                     after={"view": view, **self.audit_details(obj)})

    def audited_object_response(self, request: HttpRequest, response: HttpResponse, view: str) -> HttpResponse:
        """Record the object shown by `response` (its context's `original` or `object`), if it was shown."""
        context = self._context(response)
        if context is not None:
            self._record_object(request, context.get("original") or context.get("object"), view)
        return response

    def _record_write(self, request: HttpRequest, obj: Any, action: str, message: Any = "") -> None:
        if not self.audit_write_event or not isinstance(obj, models.Model):
            return
        audit.record(self.audit_write_event, actor=request.user, organisation=self.audit_organisation_oid(obj),
                     subject=obj, person_oid=self.audit_person_oid(obj),
                     after={"action": action, "message": message if isinstance(message, list | str) else str(message)})

    # --- writes: Django calls these inside the transaction of the change ---------------------------------------

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        self._record_write(request, obj, "added", message)
        return entry

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        self._record_write(request, obj, "changed", message)
        return entry

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:  # before the deletion: the objects still exist
            self._record_write(request, obj, "deleted")
        return super().log_deletions(request, queryset)

    # --- the wrapped views -----------------------------------------------------------------------------------

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        response = super().changelist_view(request, extra_context)
        context = self._context(response)
        if context is not None:
            if context.get("cl") is not None:
                self._record_list(request, context["cl"].result_list, "changelist")
            elif context.get("queryset") is not None:  # an action's confirmation page ("delete selected")
                self._record_list(request, context["queryset"], "action")
        return response

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> Any:
        response = super().change_view(request, object_id, form_url, extra_context)
        return self.audited_object_response(request, response, "change")

    def history_view(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None) -> Any:
        response = super().history_view(request, object_id, extra_context)
        return self.audited_object_response(request, response, "history")

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None) -> Any:
        response = super().delete_view(request, object_id, extra_context)
        return self.audited_object_response(request, response, "delete")

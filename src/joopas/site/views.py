from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from joopas.access import api as access_api
from joopas.core.desk import DeskContext, sections_for
from joopas.organisations import api as organisations_api


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "site/home.html")


def flexible_studies(request: HttpRequest) -> HttpResponse:
    return render(request, "site/flexible_studies.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "site/accessibility.html")


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The staff work list after login: who I am, my roles, and the sections the apps register (core.desk)."""
    user: Any = request.user
    roles = access_api.active_roles(user)
    orgs = organisations_api.get_many({r.organisation_id for r in roles})
    acting_oid = request.session.get("acting_organisation")
    acting = organisations_api.get_by_oid(acting_oid) if acting_oid else None
    ctx = DeskContext(user=user, acting_organisation_id=acting.id if acting else None,
                      roles=frozenset(r.role for r in roles), is_platform_admin=access_api.is_platform_admin(user))
    sections = sections_for(ctx)
    return render(request, "site/desk.html", {
        "roles": [{"organisation": orgs.get(r.organisation_id), "role": access_api.Role(r.role).label}
                  for r in roles],
        "acting": acting, "several_organisations": len(orgs) > 1, "sections": sections,
        # an item's hint is what needs attention (R-ACC-3: too few main users): shown above the tasks, as before
        "warnings": [item.hint for _section, items in sections for item in items if item.hint]})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness plus a database round trip: 200 when the service can do real work."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready when the database answers and no migration is pending."""
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    if pending:
        return JsonResponse({"status": "migrating", "pending_migrations": len(pending)}, status=503)
    return JsonResponse({"status": "ready"})

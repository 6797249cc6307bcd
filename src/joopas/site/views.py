from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "site/home.html")


def flexible_studies(request: HttpRequest) -> HttpResponse:
    return render(request, "site/flexible_studies.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "site/accessibility.html")


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

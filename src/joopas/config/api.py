"""`/api/v1/`: one NinjaAPI per major version. Apps contribute routers from `rest_api/v1/`."""

from __future__ import annotations

import importlib

from django.conf import settings
from ninja import NinjaAPI, Swagger

from joopas.core.api import install_error_handlers

api_v1 = NinjaAPI(
    title="Joopas API",
    version="1",
    description=(
        "Flexible and cross-institutional studies. Errors are `{code, message, details}` with a 4xx "
        "status; `code` is stable, `message` is translated (Accept-Language: fi, sv, en)."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    # self-hosted Swagger UI (site/templates/ninja/swagger.html); no badge from validator.swagger.io
    docs=Swagger(settings={"validatorUrl": None, "deepLinking": False}),  # deep links nest <a> in <button>
)
install_error_handlers(api_v1)


@api_v1.get("/health", tags=["meta"], summary="Service health", auth=None)
def health(request):  # type: ignore[no-untyped-def]
    return {"status": "ok", "version": "1"}


# Each app exposes `router` (and its mount point) in joopas.<app>.rest_api.v1.
for app in settings.INSTALLED_APPS:
    if not app.startswith("joopas."):
        continue
    try:
        module = importlib.import_module(f"{app}.rest_api.v1")
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name.endswith(".rest_api") or exc.name.endswith(".rest_api.v1")):
            continue
        raise
    api_v1.add_router(module.MOUNT, module.router)

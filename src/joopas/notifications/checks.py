"""`joopas check`: every registered message template renders in fi, sv and en (registry.check_translations)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register


@register()
def notification_templates_render(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from joopas.notifications.registry import check_translations

    return [Error(problem, hint="Use the placeholders of the English source text in every translation.",
                  id="notifications.E001") for problem in check_translations()]

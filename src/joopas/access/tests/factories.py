from __future__ import annotations

import datetime as dt
from typing import Any

from joopas.access.models import Grant, GrantHistory, GrantStatus
from joopas.core.clock import today


def grant(user: Any, organisation: Any, role: str, *, valid_from: dt.date | None = None,
          valid_until: dt.date | None = None, status: str = GrantStatus.GRANTED) -> Grant:
    """Give `user` `role` in `organisation` (a model or an id) for tests; valid today by default."""
    start = valid_from or today() - dt.timedelta(days=1)
    org_id = getattr(organisation, "pk", organisation)
    g = Grant.objects.create(user=user, organisation_id=org_id, role=role, valid_from=start,
                             valid_until=valid_until or start + dt.timedelta(days=365), status=status)
    GrantHistory.objects.create(grant=g, to_status=status, valid_from=g.valid_from, valid_until=g.valid_until,
                                reason="test")
    return g

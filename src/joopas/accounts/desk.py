"""The desk (core.desk, page in site) is where each app lists what waits for the logged-in person.

Accounts registers no section: the account itself (who is logged in, the roles, the acting organisation) is the
desk's header, which site renders for everyone. Add a section here when accounts has work to list (for example
an account confirmation waiting); see `joopas.access.desk` for the shape.
"""

from __future__ import annotations

from joopas.core import desk
from joopas.core.desk import DeskContext, DeskItem, DeskSection


def _ctx(roles: frozenset[str] = frozenset()) -> DeskContext:
    return DeskContext(user=None, acting_organisation_id=None, roles=roles, is_platform_admin=False)


def test_sections_are_ordered_and_empty_ones_left_out() -> None:
    a = DeskSection("t-a", "A", 900, lambda ctx: [DeskItem("a", "/a", count=2)] if "r" in ctx.roles else [])
    b = DeskSection("t-b", "B", 899, lambda ctx: [DeskItem("b", "/b")])
    desk.register_section(a)
    desk.register_section(b)
    try:
        keys = [s.key for s, _ in desk.sections_for(_ctx())]
        assert "t-a" not in keys and "t-b" in keys
        ours = [(s.key, items) for s, items in desk.sections_for(_ctx(frozenset({"r"}))) if s.key.startswith("t-")]
        assert ours == [("t-b", [DeskItem("b", "/b")]), ("t-a", [DeskItem("a", "/a", count=2)])]
    finally:
        desk.unregister_section("t-a")
        desk.unregister_section("t-b")
    assert all(not s.key.startswith("t-") for s in desk.registered_sections())

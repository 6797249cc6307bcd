"""Project-specific import-linter contracts (registered in pyproject.toml `contract_types`).

- `public_api`: an app imports another app only through its `api` / `data` modules. `core` is the
  kernel every app builds on (errors, audit, jobs …) and may be imported anywhere; the composition
  root (`config`, `cli`) assembles the apps; `tests` and `migrations` are not app code. Apps are found
  by walking the container, so a new app is checked from its first commit without editing a list.
- `pure_rules`: every `<app>/rules.py` reaches no ORM (no module that imports `django.db` or a
  `models` module, directly or through the project's own modules) and no other app than `core`.
"""

from __future__ import annotations

import ast
import importlib.util
from functools import cache

import grimp
from importlinter import Contract, ContractCheck, fields, output


def _apps(graph: grimp.ImportGraph, container: str) -> set[str]:
    return {m for m in graph.find_children(container) if graph.find_children(m)}


def _app_of(module: str, container: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == container:
        return ".".join(parts[:2])
    return None


class PublicApiContract(Contract):
    type_name = "public_api"

    containers = fields.ListField(subfield=fields.StringField())
    kernel = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField())
    composition_roots = fields.ListField(subfield=fields.StringField())
    not_app_code = fields.ListField(subfield=fields.StringField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        public = set(self.public)  # type: ignore[arg-type]
        kernel = set(self.kernel)  # type: ignore[arg-type]
        roots = set(self.composition_roots)  # type: ignore[arg-type]
        exempt = set(self.not_app_code)  # type: ignore[arg-type]
        broken: list[tuple[str, str, int]] = []
        for container in self.containers:  # type: ignore[attr-defined]
            for importer in sorted(graph.find_descendants(container)):
                app = _app_of(importer, container)
                if app is None or app in roots or exempt & set(importer.split(".")[2:]):
                    continue
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    other = _app_of(imported, container)
                    if other is None or other == app or other in kernel:
                        continue
                    tail = imported.split(".")[2:3]
                    if tail and tail[0] in public:
                        continue
                    details = graph.get_import_details(importer=importer, imported=imported)
                    line = details[0]["line_number"] if details else 0
                    broken.append((importer, imported, line))
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, line in check.metadata["broken"]:
            output.print_error(f"{importer} -> {imported} (l.{line}): import its api or data module instead")
            output.new_line()


@cache
def _direct_imports(module: str) -> frozenset[str]:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return frozenset()
    with open(spec.origin, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return frozenset(names)


def _touches_orm(module: str) -> bool:
    return module.split(".")[-1] == "models" or any(
        n == "django.db" or n.startswith("django.db.") or n.endswith(".models") for n in _direct_imports(module))


class PureRulesContract(Contract):
    type_name = "pure_rules"

    containers = fields.ListField(subfield=fields.StringField())
    kernel = fields.ListField(subfield=fields.StringField())
    module_name = fields.StringField()

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        kernel = set(self.kernel)  # type: ignore[arg-type]
        broken: list[tuple[str, str, str]] = []
        for container in self.containers:  # type: ignore[attr-defined]
            for app in sorted(_apps(graph, container)):
                rules = f"{app}.{self.module_name}"
                if rules not in graph.modules:
                    continue
                reached = {rules} | graph.find_upstream_modules(rules)
                for module in sorted(reached):
                    other = _app_of(module, container)
                    if other not in (None, app) and other not in kernel:
                        broken.append((rules, module, "another app"))
                    elif _touches_orm(module):
                        broken.append((rules, module, "the ORM"))
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for rules, module, what in check.metadata["broken"]:
            output.print_error(f"{rules} reaches {what} through {module}; rules are pure (no ORM, no other app)")
            output.new_line()

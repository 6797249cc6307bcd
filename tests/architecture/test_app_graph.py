"""The app graph (docs/adr/0006-app-graph.md): declared, complete, and enforced by `make contracts`."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import tomllib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "joopas"
LINT_IMPORTS = pathlib.Path(sys.executable).with_name("lint-imports")

# Apps that are not domain apps: the kernel, the composition root and the public site.
NOT_DOMAIN = {"core", "config", "site"}
STANDARD_MODULES = ("apps.py", "models.py", "api.py", "services.py", "selectors.py", "policies.py", "rules.py",
                    "codes.py")


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    return {c["id"]: c for c in config["contracts"]}


def _layer_names() -> list[str]:
    names = []
    for layer in _contracts()["layers"]["layers"]:
        names += [part.strip().strip("()") for part in layer.replace(":", "|").split("|")]
    return names


def _apps() -> list[str]:
    return sorted(p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def test_every_app_is_placed_in_the_layers_contract() -> None:
    layers = _layer_names()
    assert [app for app in _apps() if app not in layers] == []
    assert _contracts()["layers"]["exhaustive"] is True  # import-linter itself refuses an unlisted module


def test_no_contract_ignores_imports() -> None:
    assert [cid for cid, c in _contracts().items() if c.get("ignore_imports")] == []


def _has_module(app: str, name: str) -> bool:
    """`services.py` or a `services/` package (an app whose writers grew split them by concern)."""
    path = SRC / app / name
    return path.exists() or (path.suffix == ".py" and (path.with_suffix("") / "__init__.py").exists())


def test_every_domain_app_has_the_standard_modules() -> None:
    missing = [f"{app}/{name}" for app in _apps() if app not in NOT_DOMAIN
               for name in (*STANDARD_MODULES, "tests/__init__.py") if not _has_module(app, name)]
    assert missing == []


def _lint(tmp: pathlib.Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": f"{tmp / 'src'}{os.pathsep}{tmp}"}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", str(tmp / "pyproject.toml")], cwd=tmp,
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def tree(tmp_path: pathlib.Path) -> pathlib.Path:
    """A copy of the sources and the contracts, to break on purpose."""
    shutil.copytree(SRC, tmp_path / "src" / "joopas", ignore=shutil.ignore_patterns("__pycache__", "locale",
                                                                                    "static", "templates"))
    (tmp_path / "tests" / "architecture").mkdir(parents=True)
    for name in ("__init__.py", "architecture/__init__.py", "architecture/contracts.py"):
        shutil.copy(ROOT / "tests" / name, tmp_path / "tests" / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _inject(tree: pathlib.Path, module: str, line: str) -> None:
    path = tree / "src" / "joopas" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # injected by the test\n", encoding="utf-8")


@pytest.mark.slow
def test_contracts_pass_on_the_tree_as_committed(tree: pathlib.Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


@pytest.mark.slow
def test_contracts_fail_on_a_back_arrow(tree: pathlib.Path) -> None:
    _inject(tree, "networks/selectors.py", "from joopas.catalogue import api as _back_arrow")
    result = _lint(tree)
    assert result.returncode == 1
    assert "the app graph points one way: an app imports only the apps below it BROKEN" in result.stdout
    assert "joopas.networks is not allowed to import joopas.catalogue" in result.stdout


@pytest.mark.slow
def test_contracts_fail_on_a_cycle_and_on_private_imports(tree: pathlib.Path) -> None:
    _inject(tree, "accounts/selectors.py", "from joopas.organisations import api as _cycle")
    _inject(tree, "organisations/selectors.py", "import joopas.accounts.models as _private")
    result = _lint(tree)
    assert result.returncode == 1
    assert "no cycles between apps BROKEN" in result.stdout
    assert "apps talk to each other only through api/data BROKEN" in result.stdout
    assert "joopas.organisations.selectors -> joopas.accounts.models" in result.stdout


@pytest.mark.slow
def test_contracts_fail_when_rules_reach_the_orm(tree: pathlib.Path) -> None:
    _inject(tree, "networks/rules.py", "from django.db import models as _orm")
    result = _lint(tree)
    assert result.returncode == 1
    assert "rules.py modules reach no ORM and no other app than core BROKEN" in result.stdout
    assert "joopas.networks.rules reaches the ORM through joopas.networks.rules" in result.stdout

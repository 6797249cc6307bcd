# Joopas developer commands. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The demo and tests run with the development key; production sets SECRET_KEY (docs/deploy.md).
export JOOPAS_ALLOW_DEV_KEY ?= 1

.DEFAULT_GOAL := help
.PHONY: help venv demo test test-fast test-pg e2e lint typecheck contracts migrations-check i18n i18n-check \
        messages openapi schemas check bench clean lock audit-deps

help: ## list the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-18s %s\n", $$1, $$2}'

# requirements.lock: what the service runs on; requirements-dev.lock: test and development tools. Both pin every
# package with its hashes (pip refuses anything else); `make lock` regenerates them from requirements*.in.
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP) ## create .venv with the pinned dependencies (runtime + development locks, with hashes)

LOCK_TOOLS := var/lock-tools
PIP_COMPILE := $(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
               --no-emit-index-url --no-emit-find-links
lock: ## regenerate requirements.lock and requirements-dev.lock from requirements*.in, keeping the pins (pip-tools)
	test -d $(LOCK_TOOLS) || $(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install --quiet pip-tools
	$(PIP_COMPILE) $(LOCK_ARGS) --output-file requirements.lock requirements.in
	$(PIP_COMPILE) $(LOCK_ARGS) --output-file requirements-dev.lock requirements-dev.in

audit-deps: $(STAMP) ## audit the runtime lock with pip-audit (says plainly when the advisory database is unreachable)
	bash .ci/audit-deps

i18n: $(STAMP) ## compile the gettext catalogues (.po -> .mo)
	$(BIN)/joopas i18n compile

demo: $(STAMP) i18n ## bring up the demo on http://127.0.0.1:8000 (SQLite, demo data, web + worker + scheduler)
	SECURE_COOKIES=0 EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH=var/mail \
		$(BIN)/joopas demo

test: $(STAMP) i18n ## run the whole test suite (SQLite unless DATABASE_URL points at PostgreSQL)
	$(BIN)/pytest -p xdist -n 2 -m "not e2e" $(PYTEST_ARGS)
	$(BIN)/pytest -m e2e $(PYTEST_ARGS)

test-fast: $(STAMP) i18n ## unit and service tests only (no browser, no subprocess tests)
	$(BIN)/pytest -p xdist -n 2 -m "not e2e and not slow" $(PYTEST_ARGS)

e2e: $(STAMP) i18n ## browser tests in headless Chromium (/usr/bin/chromium)
	$(BIN)/pytest -m e2e $(PYTEST_ARGS)

lint: $(STAMP) ## ruff
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP) ## mypy with django-stubs
	$(BIN)/mypy

contracts: $(STAMP) ## import-linter contracts between apps
	$(BIN)/lint-imports

migrations-check: $(STAMP) ## fail when models and migrations disagree
	$(BIN)/joopas makemigrations --check --dry-run

i18n-check: $(STAMP) ## fail on missing, untranslated or fuzzy catalogue entries
	$(BIN)/joopas i18n check

messages: $(STAMP) ## extract translatable strings into every app's catalogues (needs GNU gettext)
	for app in src/joopas/*/; do if [ -d $$app/locale ]; then \
	  (cd $$app && ../../../$(BIN)/django-admin makemessages -l fi -l sv -l en --no-obsolete \
	     --settings=joopas.config.settings --ignore='tests/*' >/dev/null); fi; done
	$(BIN)/joopas i18n fill-en

openapi: $(STAMP) ## write docs/api/openapi-v1.json from the code
	$(BIN)/joopas export_openapi --output docs/api/openapi-v1.json

check: lint typecheck contracts migrations-check i18n-check ## all static checks

bench: $(STAMP) ## run the benchmarks (PostgreSQL; see bench/README.md)
	$(BIN)/python -m bench.run

clean: ## remove the virtualenv and local data
	rm -rf $(VENV) var

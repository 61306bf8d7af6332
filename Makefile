# ThINKA Netzwerk — the two everyday commands are `make run` and `make test`.
# Both create .venv with a Python >= 3.12 (Django 6 needs it) and install what they need.

SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
PIP   := $(PY) -m pip install --disable-pip-version-check --build-constraint build-constraints.txt
HOST  ?= 127.0.0.1
PORT  ?= 8000

# The first interpreter that is at least Python 3.12: PYTHON=..., the usual names, pyenv builds.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 \
	$$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p || echo $$p; } && break; done)

.PHONY: mutate run serve test lint check bench clean messages generated-import review-checks

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.12 oder neuer wird benötigt (Django 6). Bitte installieren oder PYTHON=/pfad/zu/python3.12 angeben."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check --quiet --upgrade "pip>=25.3"

$(VENV)/.run-deps: $(PY) requirements.txt build-constraints.txt
	$(PIP) --quiet -r requirements.txt
	@touch $@

# The peers `make bench` measures beside our code (never imported by the app).
$(VENV)/.bench-deps: $(VENV)/.run-deps requirements-bench.txt
	$(PIP) --quiet -r requirements-bench.txt
	@touch $@

$(VENV)/.dev-deps: $(VENV)/.run-deps requirements-dev.txt
	$(PIP) --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.run-deps
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo --address $(HOST):$(PORT)
	# Web server and background worker together; Ctrl-C stops both (tools/run.py).
	DEBUG=$${DEBUG:-1} $(PY) tools/run.py --host $(HOST) --port $(PORT)

# Production-like: gunicorn with WhiteNoise's compressed, hashed static files, against
# DATABASE_URL. Needs SECRET_KEY and ALLOWED_HOSTS like production (README, "Betrieb").
WORKERS ?= 2
serve: $(VENV)/.run-deps
	STATIC_MANIFEST=1 $(PY) manage.py collectstatic --no-input -v0
	STATIC_MANIFEST=1 $(PY) manage.py migrate --no-input
	STATIC_MANIFEST=1 WEB_CONCURRENCY=$(WORKERS) GUNICORN_BIND=$(HOST):$(PORT) \
		$(VENV)/bin/gunicorn --config gunicorn.conf.py thinka_site.wsgi

# Benchmark at 100,000 network contacts against DATABASE_URL (default: its own SQLite file,
# a tenth of the data). For real figures: DATABASE_URL=postgres://…/thinka_bench make bench
bench: $(VENV)/.bench-deps
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/bench.sqlite3} $(PY) bench/run.py

# Optional, not in CI (minutes): small changes to the access policy, the upload parser, the
# figures and the locking, each run against its tests (tools/mutate.py, docs/testing.md).
# The locking races need PostgreSQL: DATABASE_URL=postgres://… make mutate
mutate: $(VENV)/.dev-deps
	$(PY) tools/mutate.py $(AREAS)

# The suite runs in TEST_WORKERS processes (pytest-xdist; "auto": one per core – the CI's
# two cores halve its time). TEST_WORKERS=0 runs it in this one process.
TEST_WORKERS ?= auto
test: $(VENV)/.dev-deps
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The import measured on generated lists (issue 28; tests/imports/generator): the CI runs 500
# of them in tests/imports/test_generated_lists.py, this the longer run (minutes; against
# DATABASE_URL, default SQLite). Other seed or size: make generated-import GEN_SEED=7 GEN_COUNT=2000
GEN_SEED  ?= 28
GEN_COUNT ?= 5000
generated-import: $(VENV)/.dev-deps
	GEN_SEED=$(GEN_SEED) GEN_COUNT=$(GEN_COUNT) GEN_DIMENSIONS=200 $(PY) -m pytest tests/imports/test_generated_lists.py \
		-k "bar or floor" -q -s -rxX

# The third security review's scripts, repeatable (issue 32): markup from an uploaded list
# in Chromium, a mail server that accepts and never answers, /healthz while both gunicorn
# workers wait on a lock. All on loopback addresses, each bounded; part of `make test` too.
review-checks: $(VENV)/.dev-deps
	$(PY) -m pytest -p no:randomly tests/browser/test_hostile_upload.py \
		tests/imports/test_hostile_markup.py tests/projects/test_hanging_mail_server.py \
		tests/site/test_health_listener.py $(PYTEST_ARGS)

# After changing UI texts: collect them into locale/en/LC_MESSAGES/django.po, translate the
# new entries there, compile the .mo (both files are in the repository). Needs GNU gettext.
messages: $(VENV)/.dev-deps
	DEBUG=1 $(PY) manage.py makemessages -l en --no-location --no-obsolete \
		--ignore=.venv --ignore=bench --ignore=tests --ignore=staticfiles
	DEBUG=1 $(PY) manage.py compilemessages -l en --ignore=.venv

# What CI runs besides the tests: ruff, the formatter, the import contract (pyproject.toml,
# [tool.importlinter]: dependencies between the apps run one way, docs/architecture.md) and
# mypy with django-stubs (pyproject.toml, [tool.mypy]).
lint: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DEBUG=1 $(VENV)/bin/mypy

check: $(VENV)/.dev-deps
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles

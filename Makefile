# The two commands a new user types: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/registry

# Settings for tests: production defaults (debug off) with a throwaway key, plain HTTP.
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key-not-for-production-0123456789 \
	DJANGO_ALLOWED_HOSTS=testserver,localhost,127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 \
	DJANGO_STATIC_MANIFEST=0 REQUIRE_STAFF_2FA=0 DJANGO_LOG_LEVEL=WARNING \
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)}

.PHONY: run test lint format messages check-deploy browser-deps clean lock sbom

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come from the locks only, every file checked against its hash (docs/deployment.md,
# "Dependencies"); requirements*.txt are what we ask for, `make lock` turns them into the locks.
$(VENV)/.installed: requirements.lock $(BIN)/activate
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements.lock requirements-dev.lock $(BIN)/activate
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	touch $(VENV)/.installed $@

PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

## make lock: every runtime and test dependency, with their own dependencies, pinned with the
## hashes of their files (pip-tools), from requirements.txt and requirements-dev.txt
lock: $(BIN)/activate
	$(BIN)/pip install --quiet pip-tools==7.7.0
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

## make sbom: the CycloneDX bill of materials of what production installs (sbom.cdx.json),
## validated against the CycloneDX schema as it is written
sbom: $(VENV)/.installed-dev
	$(BIN)/cyclonedx-py requirements requirements.lock --pyproject pyproject.toml \
		--output-reproducible --of JSON -o sbom.cdx.json

messages: $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

## make run: install, migrate, load the demo government, serve on http://127.0.0.1:8000, with a
## job worker (sends the e-mails, printed here) and the scheduler loop beside the server; both
## stop with it (Ctrl-C, or the server exiting).
run: $(VENV)/.installed messages
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@export DJANGO_DEBUG=1; pids=""; \
	trap 'kill $$pids 2>/dev/null; wait' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM; \
	$(PY) manage.py db_worker --queue-name '*' --no-reload & pids="$$pids $$!"; \
	(trap 'kill $$sleeper 2>/dev/null; exit 0' TERM; \
	 while true; do $(PY) manage.py run_due_jobs; sleep 60 & sleeper=$$!; wait $$sleeper; done) & \
	pids="$$pids $$!"; \
	$(PY) manage.py runserver 127.0.0.1:8000

## make lint: ruff lint and format check; every file's licence and copyright (REUSE.toml)
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/reuse lint --quiet || $(BIN)/reuse lint

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make check-deploy: Django's deployment checks with production settings, failing on any warning
check-deploy: $(VENV)/.installed
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=registry.example.org SITE_URL=$${SITE_URL:-https://registry.example.org} \
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	$(PY) manage.py check --deploy --fail-level WARNING

## make browser-deps: Debian's chromium (apt, only when missing) and the npm test packages (axe-core,
## oidc-provider): `npm ci` when node_modules is missing or older than package-lock.json
browser-deps:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-liberation)
	@test node_modules/.package-lock.json -nt package-lock.json || npm ci --no-audit --no-fund

## make test: lint, deploy checks, then the whole suite on PostgreSQL (browser tests included)
test: $(VENV)/.installed-dev messages lint check-deploy sbom browser-deps
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm .pytest_cache sbom.cdx.json

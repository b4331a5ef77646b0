# The two commands a new user types: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/registry

# Settings for tests: production defaults (debug off) with a throwaway key, plain HTTP.
TEST_SETTINGS := DJANGO_SECRET_KEY=test-only-secret-key-not-for-production-0123456789 \
	DJANGO_ALLOWED_HOSTS=testserver,localhost,127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 \
	DJANGO_STATIC_MANIFEST=0 REQUIRE_STAFF_2FA=0 DJANGO_LOG_LEVEL=WARNING
TEST_ENV := $(TEST_SETTINGS) DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)}

.PHONY: run test test-postgres test-sqlite lint typecheck format messages check-deploy browser-deps \
	extension extension-lint clean lock sbom

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come from the locks only, every file checked against its hash (docs/deployment.md,
# "Dependencies"); requirements*.txt are what we ask for, `make lock` turns them into the locks.
# The standalone verifier (verifier/, this repository's own package, whose hashing and notes the
# registry uses too) is installed from its folder, with the venv's own setuptools: nothing
# downloaded that the locks do not pin.
VERIFIER := $(BIN)/pip install --quiet --no-deps --no-build-isolation -e ./verifier

$(VENV)/.installed: requirements.lock verifier/pyproject.toml $(BIN)/activate
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(VERIFIER)
	touch $@

$(VENV)/.installed-dev: requirements.lock requirements-dev.lock verifier/pyproject.toml $(BIN)/activate
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(VERIFIER)
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
	@DJANGO_DEBUG=1 DJANGO_LOG_LEVEL=WARNING $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

## make run: install, migrate, load the demo government, run the first jobs, then serve on
## http://$(RUN_ADDR) with a job worker (sends the e-mails, printed here) and the scheduler loop
## beside the server; all stop together (Ctrl-C, or one of them exiting). `make run PORT=8001`
## (or RUN_ADDR=0.0.0.0:8000) picks the address; VERBOSE=1 shows every start-up line.
PORT ?= 8000
RUN_ADDR ?= 127.0.0.1:$(PORT)
run: $(VENV)/.installed messages
	@DJANGO_DEBUG=1 DJANGO_LOG_LEVEL=$${DJANGO_LOG_LEVEL:-$(if $(VERBOSE),INFO,WARNING)} \
	$(PY) manage.py serve_demo $(RUN_ADDR) $(if $(VERBOSE),-v 2)

## make lint: ruff lint and format check; every file's licence and copyright (REUSE.toml)
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/reuse lint --quiet || $(BIN)/reuse lint

## make typecheck: mypy, strict on the rules layer (pyproject.toml's [tool.mypy] names it)
typecheck: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/mypy

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make check-deploy: Django's deployment checks with production settings, failing on any warning
check-deploy: $(VENV)/.installed
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=registry.example.org SITE_URL=$${SITE_URL:-https://registry.example.org} \
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	TRANSPARENCY_SIGNING_KEY_FILE=/run/secrets/transparency-log.pem \
	$(PY) manage.py check --deploy --fail-level WARNING

## make browser-deps: Debian's chromium (apt, only when missing) and the npm test packages (axe-core,
## oidc-provider): `npm ci` when node_modules is missing or older than package-lock.json
browser-deps:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-liberation)
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-dejavu-core)
	@test node_modules/.package-lock.json -nt package-lock.json || npm ci --no-audit --no-fund

## make test: lint, deploy checks, then the whole suite on PostgreSQL (browser tests and the
## smoke test of `make run` included), then again on SQLite (`make run`'s database: the
## browser tests there are the citizen's journey). One database alone: `make test DB=sqlite`
## (or DB=postgres), or `make test-sqlite` / `make test-postgres` without lint and checks.
DB ?= both
test: $(VENV)/.installed-dev messages lint typecheck check-deploy sbom browser-deps
	@failed=""; \
	$(if $(filter both postgres,$(DB)),$(MAKE) --no-print-directory test-postgres || failed="$$failed PostgreSQL";) \
	$(if $(filter both sqlite,$(DB)),$(MAKE) --no-print-directory test-sqlite || failed="$$failed SQLite";) \
	if [ -n "$$failed" ]; then echo "make test: the suite failed on$$failed"; exit 1; fi

## make test-postgres: the suite on PostgreSQL from DATABASE_URL (pytest-django makes test_<name>)
test-postgres: $(VENV)/.installed-dev messages browser-deps
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

## make test-sqlite: the suite on a SQLite file in a temporary folder, as `make run` serves it;
## tests of a PostgreSQL-only behaviour are skipped and say why (`postgres_only`); the smoke
## test of `make run` (SQLite already) runs in the PostgreSQL pass only.
test-sqlite: $(VENV)/.installed-dev messages browser-deps
	@folder=$$(mktemp -d); trap 'rm -rf "$$folder"' EXIT; \
	echo "The suite on SQLite ($$folder/test_registry.sqlite3)"; $(TEST_SETTINGS) DATABASE_URL="sqlite:///$$folder/registry.sqlite3" \
	$(BIN)/pytest -m "not browser and not smoke" $(PYTEST_ARGS) \
	$(if $(PYTEST_ARGS),,&& $(TEST_SETTINGS) DATABASE_URL="sqlite:///$$folder/registry.sqlite3" \
	$(BIN)/pytest -m browser tests/browser/test_journey_citizen.py)

## make extension REGISTRY_URL=https://… [REGISTRY_KEY=<vkey>]: the browser extension, unpacked in
## dist/extension/ and zipped to dist/extension.zip; the key is read from the registry's
## /.well-known/official-accounts.pub unless REGISTRY_KEY is given (extension/README.md)
extension:
	@test -n "$(REGISTRY_URL)" || (echo "make extension REGISTRY_URL=https://registry.example.org"; exit 2)
	$(PYTHON) extension/build.py --registry-url "$(REGISTRY_URL)" --registry-key "$(REGISTRY_KEY)"

## make extension-lint REGISTRY_URL=…: Mozilla's web-ext lint on the built extension (npm package)
extension-lint: extension browser-deps
	npx --no-install web-ext lint --source-dir dist/extension

clean:
	rm -rf $(VENV) dist staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm .pytest_cache sbom.cdx.json

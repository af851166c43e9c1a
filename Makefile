# The two commands of the README: `make run` and `make test`; plus lint, format, bench.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
FLASK := $(BIN)/flask --app app
export APP_ENV ?= development

.PHONY: run test test-late test-sqlite test-postgres lint format bench screenshots translations assets clean lock

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Installs come from the lock files: every package, transitive ones included, at one version
# with its hashes (pip refuses anything else). `make lock` regenerates them from the
# requirements*.txt pins after a change there; it keeps the other locked versions.
.stamp-deps: requirements.lock $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	touch $@

.stamp-dev: requirements-dev.lock .stamp-deps
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
	touch $@

PIP_COMPILE := $(BIN)/pip-compile -q --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(BIN)/python
	$(BIN)/pip install -q pip-tools==7.6.2
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

# Front-end libraries from the npm registry, pinned by package-lock.json, copied to static/vendor/.
assets: .stamp-assets
.stamp-assets: package.json package-lock.json scripts/copy_assets.py
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python scripts/copy_assets.py
	touch $@

translations: .stamp-deps
	$(BIN)/pybabel compile -d translations

run: .stamp-deps assets translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) users ensure-admin
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py --workers 2 --bind $(HOST):$(PORT) app:app

# The whole suite on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set. The second
# run also shifts the app's clock to 23:30 UTC (already the next day in Vietnam) in another
# time zone, to prove that no test depends on the hour or the machine's zone. Redis cases
# run only when TEST_REDIS_URL is set.
LATE := TZ=America/New_York TEST_CLOCK_UTC=23:30
test: .stamp-dev assets translations
	@$(BIN)/python scripts/check_browser.py
	$(BIN)/pytest -n 2 --dist loadfile -p no:cacheprovider $(PYTEST_ARGS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "=== the same suite on PostgreSQL ($$TEST_DATABASE_URL), clock at 23:30 UTC, TZ=America/New_York"; \
	  TEST_DB=postgres $(LATE) $(BIN)/pytest -n 2 --dist loadfile -p no:cacheprovider $(PYTEST_ARGS); \
	else echo "TEST_DATABASE_URL is not set: the PostgreSQL run was skipped."; fi

# The SQLite suite with the clock at 23:30 UTC in New York's time zone.
test-late: .stamp-dev assets translations
	$(LATE) $(BIN)/pytest -n 2 --dist loadfile -p no:cacheprovider $(PYTEST_ARGS)

lint: .stamp-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: .stamp-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: .stamp-dev
	$(BIN)/python bench/run_pages.py

screenshots: .stamp-dev assets translations
	$(BIN)/python scripts/screenshots.py
	UPDATE_SCREENSHOTS=1 $(BIN)/pytest -q -p no:cacheprovider tests/e2e/test_editor_flow.py

clean:
	rm -rf $(VENV) node_modules static/vendor .stamp-*

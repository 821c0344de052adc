# Coffeechat: `make run` serves the app, `make test` runs the test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/coffeechat

.PHONY: run install test test-postgres test-browser lint format bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Serve on http://127.0.0.1:8000 with SQLite in ./data (migrations are applied first).
run: $(STAMP)
	$(BIN)/coffeechat serve --host 127.0.0.1 --port 8000

## The whole suite (not the browser tests) on SQLite.
test: $(STAMP)
	$(BIN)/pytest

## The same suite on the PostgreSQL server given by PG_URL.
test-postgres: $(STAMP)
	DATABASE_URL=$(PG_URL) $(BIN)/pytest

## Browser tests in Debian's Chromium through Playwright; every page they visit is also checked
## for width and with axe-core (installed from the npm registry by `npm ci`).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(AXE)

test-browser: $(STAMP) $(AXE)
	$(BIN)/pytest -m browser

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/contacts.py
	$(BIN)/python bench/insights.py
	$(BIN)/python bench/prep.py
	$(BIN)/python bench/serve.py
	$(BIN)/python bench/import.py
	$(BIN)/python bench/checker_accuracy.py

clean:
	rm -rf $(VENV) build *.egg-info node_modules

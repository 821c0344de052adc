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

## Every performance figure with its ratio to a floor measured in the same run, on SQLite and on
## the PostgreSQL server of PG_URL (each bench makes its own database there and drops it). Takes
## a quarter of an hour or more on a quiet machine; `make bench QUICK=1` is a smoke run of a few
## minutes that checks every bench runs (small data, short loads: its figures mean little).
PAGES_ARGS := $(if $(QUICK),--contacts 2000 --requests 3)
QUICK_ARG := $(if $(QUICK),--quick)
bench: $(STAMP)
	$(BIN)/python bench/contacts.py $(PAGES_ARGS)
	$(BIN)/python bench/insights.py $(PAGES_ARGS)
	$(BIN)/python bench/prep.py $(PAGES_ARGS)
	$(BIN)/python bench/serve.py --postgres $(PG_URL) $(QUICK_ARG)
	$(BIN)/python bench/import.py $(QUICK_ARG)
	$(BIN)/python bench/import.py --postgres $(PG_URL) $(QUICK_ARG)
	$(BIN)/python bench/restore.py $(if $(QUICK),--contacts 2000)
	$(BIN)/python bench/checker_accuracy.py

clean:
	rm -rf $(VENV) build *.egg-info node_modules

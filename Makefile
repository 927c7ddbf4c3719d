# The two commands of the README: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck imports pytest pytest-server pytest-embedded services system-packages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

## run: virtualenv, install, then `mandi demo` (embedded PostgreSQL, migrate, seed, serve)
run: system-packages $(VENV)/.installed
	$(BIN)/mandi demo --host $(HOST) --port $(PORT)

## test: lint, types, import boundaries, then pytest on the server PostgreSQL and on the embedded one
test: system-packages lint typecheck imports pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check backend tests bench
	$(BIN)/ruff format --check backend tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy backend

imports: $(VENV)/.installed-dev
	$(BIN)/lint-imports --no-cache

pytest: pytest-server pytest-embedded

pytest-server: system-packages $(VENV)/.installed-dev
	MANDI_TEST_DATABASE_URL="$$(scripts/services.sh up postgres redis nats)" $(BIN)/pytest -q -p no:cacheprovider

pytest-embedded: system-packages $(VENV)/.installed-dev
	env -u MANDI_TEST_DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider

services:
	scripts/services.sh up postgres

# the Debian packages of the contract PDF fonts; only looks for files once they are installed
system-packages:
	scripts/system-packages.sh

bench: $(VENV)/.installed-dev
	MANDI_BENCH_DATABASE_URL="$$(scripts/services.sh up postgres)" $(BIN)/python bench/http_commodities.py

clean:
	rm -rf $(VENV) .mandi .pytest_cache .mypy_cache .ruff_cache

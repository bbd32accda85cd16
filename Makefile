# Two commands for a newcomer: `make demo` and `make test`. Everything they need installs here.

SHELL := /bin/bash
# The interpreter .python-version names (through pyenv when present), else a new enough python3.
PYTHON ?= $(shell (pyenv which python 2>/dev/null) || command -v python3.13 || command -v python3.12 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The port `make demo` serves on: `make demo PORT=8080`.
PORT ?= 8000

.PHONY: demo test bench lint check chromium serve clean line-model

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
		{ echo "Python 3.12+ is needed (found $$($(PYTHON) --version)); install 3.13 or set PYTHON=..."; exit 1; }
	@echo "Creating a virtual environment in $(VENV)…"
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	@echo "Installing dependencies (first run takes a few minutes)…"
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	@echo "Installing the development tools…"
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

## demo: install, migrate an embedded SQLite database, load the demo data, serve on :$(PORT)
## (with a supervised task worker beside the web server, so web imports run in the background;
## it is restarted if it exits)
demo: $(VENV)/.installed
	@echo "Setting up the database (migrations)…"
	@DEBUG=1 $(PY) manage.py migrate --noinput -v0
	@echo "Loading the demo articles, campaigns and logins…"
	@DEBUG=1 $(PY) manage.py load_demo --port $(PORT)
	@echo "Starting the task worker and the web server on http://127.0.0.1:$(PORT)/ (Ctrl-C stops both)…"
	@trap 'kill 0' INT TERM EXIT; \
	DEBUG=1 TASKS_BACKEND=database $(PY) manage.py run_worker --supervise --interval 0.5 & \
	DEBUG=1 TASKS_BACKEND=database $(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: the whole suite (browser tests in Chromium included) in a process per core, a test
## file to a process; DATABASE_URL picks the database (each process gets its own test database)
test: $(VENV)/.installed-dev chromium
	$(PY) -m pytest -n auto --dist loadfile

## bench: the benchmarks in tests/benchmarks, printing their figures
bench: $(VENV)/.installed-dev
	$(PY) -m pytest tests/benchmarks -p no:randomly -s -q --override-ini addopts=

## line-model: refit the text-page line model on the benchmark pages in ../shared
line-model: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) -m tests.benchmarks.line_model

## lint: ruff, mypy (app and tests), the import contracts (docs/architecture.md), module sizes,
## migrations in step with models, Django's system checks
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy annotator articles tests
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m tests.module_sizes
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) manage.py check

## chromium: Debian's Chromium for the browser tests, and curl for the README's API session
## (installed when missing and we are root)
chromium:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "The tests need:$$missing (sudo apt-get install$$missing)"; exit 1; \
		fi; \
	fi

clean:
	rm -rf $(VENV) data staticfiles *.egg-info

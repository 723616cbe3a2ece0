# Two commands set everything up on a fresh machine:
#   make run   - venv, install, migrate, demo data and users, serve on http://127.0.0.1:8000
#   make test  - the same setup, then the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers (pytest-xdist) halve the suite on a 2-core machine; PYTEST_ARGS= runs it in one process.
PYTEST_ARGS ?= -n auto

.PHONY: run test install messages migrate demo lint lock bench clean

run: install messages migrate demo
	@echo ""
	@echo "  Foreign-affairs CRM is starting on http://$(HOST):$(PORT)/"
	@$(PY) manage.py demo_logins
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install messages
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

messages: install
	$(PY) manage.py compile_translations

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

lint: install
	$(BIN)/ruff check .

# Recreate requirements.lock from pyproject.toml's ranges (needs the package registry).
lock:
	rm -rf var/lockvenv && $(PYTHON) -m venv var/lockvenv
	var/lockvenv/bin/pip install --quiet --upgrade pip
	var/lockvenv/bin/pip install --quiet ".[dev]"
	(echo "# Exact versions installed by 'make'. Regenerate with: make lock"; \
	 var/lockvenv/bin/pip freeze --exclude waiban-crm) > requirements.lock

bench: install migrate
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles

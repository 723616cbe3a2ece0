# Two commands set everything up on a fresh machine:
#   make run   - venv, install, migrate, demo data and users, serve on http://127.0.0.1:8000
#   make test  - the same setup, then the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Locks (make lock): requirements/runtime.txt is what production installs, requirements/dev.txt adds the tools.
STAMP := $(VENV)/.installed-$(shell cksum < requirements/dev.txt | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers (pytest-xdist, work stealing so one long test does not leave a worker idle at the end);
# PYTEST_ARGS= runs it in one process.
PYTEST_ARGS ?= -n auto --dist worksteal

.PHONY: run test install messages migrate demo lint typecheck lock bench bench-load clean

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

$(STAMP): requirements/dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements/dev.txt
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
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

# Re-resolve both locks from pyproject.toml's ranges (needs the package registry); existing pins are kept unless a
# range no longer allows them (pip-compile --upgrade-package NAME moves one on purpose). pip-compile runs from its own
# small venv, so a lock that no longer installs (a new dependency without its hash yet) can still be regenerated.
LOCKVENV := var/lockvenv
PIP_COMPILE := $(LOCKVENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
	--no-emit-index-url --no-emit-find-links
lock:
	test -x $(LOCKVENV)/bin/pip-compile || ($(PYTHON) -m venv $(LOCKVENV) && \
	  $(LOCKVENV)/bin/pip install --quiet "$$(grep -m1 '^pip-tools==' requirements/dev.txt | cut -d' ' -f1)")
	$(PIP_COMPILE) --output-file requirements/runtime.txt pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint requirements/runtime.txt --output-file requirements/dev.txt pyproject.toml

bench: install migrate
	$(PY) bench/run.py $(BENCH_ARGS)

# 20 clients, mixed reads and writes, 60 s, on a fresh database (LOAD_ARGS="--database-url postgres://...")
bench-load: install messages
	$(PY) bench/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var staticfiles

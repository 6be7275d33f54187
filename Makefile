# Moukawil — make help lists the targets.
SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
# uv from PATH, else bootstrapped once with pip into .tools/ (a fresh machine needs only Python, Node and make).
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
RUN := $(UV) run --frozen
export UV_PYTHON_DOWNLOADS := never
PYTEST_ARGS ?=

.PHONY: help install demo serve worker test test-sqlite test-postgres test-browser lint format messages migrations-check screenshots clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

.tools/bin/uv:
	$(PYTHON) -m venv .tools && .tools/bin/pip install --quiet uv

install: $(if $(shell command -v uv 2>/dev/null),,.tools/bin/uv) ## Install Python (uv.lock) and front-end (npm ci) packages, compile translations
	$(UV) sync --frozen --quiet
	npm ci --no-audit --no-fund --loglevel=error
	$(RUN) python scripts/compile_messages.py

demo: install ## Migrate SQLite, load reference and demo data, serve on http://127.0.0.1:$(PORT)
	$(RUN) moukawil migrate --noinput
	$(RUN) moukawil demo-data --scale small
	@echo ""; echo "Moukawil tourne sur http://127.0.0.1:$(PORT)  (Ctrl-C pour arrêter)"
	@$(MAKE) --no-print-directory serve

serve: ## Serve without reinstalling (after make demo): the web server and the task worker; Ctrl-C stops both
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN) moukawil worker & worker=$$!; \
	$(RUN) moukawil runserver 127.0.0.1:$(PORT)

worker: ## Run the task worker alone (imports, reminders, recomputation): TASKS_BACKEND=rq for Redis
	$(RUN) moukawil worker

test: install ## Run the whole suite on SQLite, then on PostgreSQL when DATABASE_URL is set
	@bash scripts/run_tests.sh $(PYTEST_ARGS)

lint: install ## ruff (lint + format check), missing migrations, mypy on services and selectors
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) moukawil makemigrations --check --dry-run
	$(RUN) mypy moukawil/core moukawil/accounts/services.py moukawil/accounts/scoping.py moukawil/territory/services.py moukawil/territory/selectors.py \
		moukawil/registry/services.py moukawil/registry/selectors.py moukawil/registry/checks.py \
		moukawil/registry/identity.py moukawil/registry/numbers.py moukawil/registry/workflow.py moukawil/registry/permissions.py \
		moukawil/registry/duplicates.py moukawil/rules moukawil/declarations/services.py moukawil/declarations/calculation.py \
		moukawil/declarations/periods.py moukawil/declarations/selectors.py moukawil/declarations/recompute.py

format: ## Format the code with ruff
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

messages: ## Extract French/Arabic messages into locale/ar (then translate the .po file)
	$(RUN) moukawil makemessages -l ar --no-obsolete --ignore=node_modules --ignore=.venv --ignore=.tools
	$(RUN) python scripts/compile_messages.py

screenshots: ## Screenshot the main pages in French and Arabic into var/screenshots/
	$(RUN) python scripts/screenshots.py

clean: ## Remove the demo database and installed packages
	rm -rf var/moukawil.sqlite3* .venv node_modules .tools staticfiles

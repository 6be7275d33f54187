# Moukawil — make help lists the targets.
SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
# uv from PATH, else bootstrapped once with pip into .tools/ (a fresh machine needs only Python, Node and make).
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
RUN := $(UV) run --frozen
export UV_PYTHON_DOWNLOADS := never
PYTEST_ARGS ?=
# mypy: the kernel and the rules whole, every app's services, selectors, permissions, workflow and imports by glob
# (a new app is checked from its first module), and the helpers those lean on.
MYPY_KINDS := services selectors permissions workflow imports documents
MYPY_PATHS := moukawil/core moukawil/rules moukawil/certificates \
	$(filter-out moukawil/core/% moukawil/rules/% moukawil/certificates/%,$(wildcard $(MYPY_KINDS:%=moukawil/*/%.py))) \
	moukawil/accounts/scoping.py moukawil/registry/checks.py moukawil/registry/identity.py moukawil/registry/admission.py \
	moukawil/registry/numbers.py moukawil/registry/duplicates.py moukawil/declarations/calculation.py \
	moukawil/declarations/periods.py moukawil/declarations/recompute.py moukawil/declarations/simulation.py

.PHONY: help install demo serve serve-prod worker bench test test-sqlite test-postgres test-browser lint format messages migrations-check screenshots clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

.tools/bin/uv:
	$(PYTHON) -m venv .tools && .tools/bin/pip install --quiet uv

install: $(if $(shell command -v uv 2>/dev/null),,.tools/bin/uv) ## Install Python (uv.lock) and front-end (npm ci) packages, compile translations
	$(UV) sync --frozen --quiet
	npm ci --no-audit --no-fund --loglevel=error
	$(RUN) python scripts/compile_messages.py

# Absolute links made without a request (e-mails, commands) point at the port served; pages that render a PDF use
# the request's own address anyway (certificates.kinds.site_url_of).
demo serve: export SITE_URL ?= http://127.0.0.1:$(PORT)

demo: install ## Migrate SQLite, load reference and demo data, serve on http://127.0.0.1:$(PORT)
	$(RUN) moukawil migrate --noinput
	$(RUN) moukawil demo-data --scale small
	@echo ""; echo "Moukawil tourne sur http://127.0.0.1:$(PORT)  (Ctrl-C pour arrêter)"
	@$(MAKE) --no-print-directory serve

serve: ## Serve without reinstalling (after make demo): the web server and the task worker; Ctrl-C stops both
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN) moukawil worker & worker=$$!; \
	$(RUN) moukawil runserver 127.0.0.1:$(PORT)

# The production topology on this machine: settings.prod over plain HTTP on loopback (no TLS proxy here).
serve-prod: export DJANGO_SETTINGS_MODULE := config.settings.prod
serve-prod: export SECRET_KEY ?= local-serve-prod-key-not-for-a-real-deployment-0123456789abcdef
serve-prod: export SECURE_SSL_REDIRECT ?= 0
serve-prod: export SECURE_COOKIES ?= 0
serve-prod: export SECURE_HSTS_SECONDS ?= 0
serve-prod: export CERTIFICATE_KEY_AUTOCREATE ?= 1
serve-prod: export SITE_URL ?= http://127.0.0.1:$(PORT)
serve-prod: export PORT ?= 8000
serve-prod: ## Production topology against PostgreSQL (DATABASE_URL): gunicorn (several processes) + task workers, from the Procfile
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make serve-prod: DATABASE_URL=postgres://… est requis" >&2; exit 2;; esac
	$(RUN) moukawil migrate --noinput
	$(RUN) moukawil collectstatic --noinput -v 0
	$(RUN) python scripts/procfile.py Procfile

# The benchmarks (bench/README.md): PostgreSQL when DATABASE_URL is set (its server; databases moukawil_bench_*),
# else SQLite files in var/bench/. BENCH_SCALE=200k or 1m for the larger data sets, BENCH_ONLY=name,name.
BENCH_DB ?= $(if $(DATABASE_URL),postgres,sqlite)
BENCH_SCALE ?= small
bench: ## Run every benchmark beside its reference (small scale: a few minutes); fails when a result differs from its reference's
	$(UV) run --frozen --group bench python -m bench run --db $(BENCH_DB) --scale $(BENCH_SCALE) $(if $(BENCH_ONLY),--only $(BENCH_ONLY))

worker: ## Run the task worker alone (imports, reminders, recomputation): TASKS_BACKEND=rq for Redis
	$(RUN) moukawil worker

test: install ## Run the whole suite on SQLite, then on PostgreSQL when DATABASE_URL is set
	@bash scripts/run_tests.sh $(PYTEST_ARGS)

lint: install ## ruff (lint + format check), missing migrations, mypy on the kernel and every app's services, selectors, permissions, workflow, imports
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) moukawil makemigrations --check --dry-run
	$(RUN) mypy $(MYPY_PATHS)

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

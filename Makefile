# Two commands matter: `make run` (the demo) and `make test` (everything CI runs).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SANDBOX_PORT ?= 8765
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_URL ?= redis://127.0.0.1:6379/1

.PHONY: help run test lint bench services browser pdf-libs screenshots wrk clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@PYBIN="$$(.ci/find-python)" && "$$PYBIN" -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

run: $(VENV)/.installed pdf-libs ## Migrate, start the sandbox and the portal on http://127.0.0.1:$(PORT)
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} PORT=$(PORT) SANDBOX_PORT=$(SANDBOX_PORT) $(PY) manage.py demo

lint: $(VENV)/.installed ## ruff (lint, format check), mypy with django-stubs, the import contracts (.importlinter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

services: ## Start PostgreSQL and Redis when they are down
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && exit 0; sleep 1; done; \
	  echo "PostgreSQL or Redis did not come up" >&2; exit 1

# WeasyPrint subsets each font of a PDF with HarfBuzz when libharfbuzz-subset is there, and with fontTools
# (pure Python, about half of a 25-line invoice's render) when it is not.
pdf-libs: ## Install Debian's HarfBuzz subsetter (invoices render twice as fast with it)
	@ldconfig -p | grep -q libharfbuzz-subset.so.0 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libharfbuzz-subset0 >/dev/null; }

browser: ## Install Debian's Chromium for the browser tests
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

screenshots: $(VENV)/.installed browser ## Regenerate docs/screenshots/ from the current code (the e2e suite)
	@command -v pdftoppm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }
	PORTAL_SCREENSHOTS=1 $(VENV)/bin/pytest -p no:cacheprovider -q tests/e2e

test: $(VENV)/.installed browser pdf-libs services ## ruff and mypy, then pytest on SQLite + locmem, then on PostgreSQL + Redis
	$(MAKE) lint
	$(VENV)/bin/pytest -p no:cacheprovider
	DATABASE_URL=$(PG_URL) CACHE_URL=$(REDIS_URL) $(VENV)/bin/pytest -p no:cacheprovider

BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/9

wrk: ## Install Debian's wrk (the load generator of bench/load.py)
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

bench: $(VENV)/.installed wrk pdf-libs services ## Print the benchmarks' figures (own database `bench`, Redis db 9)
	@$(VENV)/bin/py-spy --version >/dev/null 2>&1 || $(PY) -m pip install --quiet -e '.[test,bench]'
	@for b in bench/[!_]*.py; do echo "== $$b"; \
	  BENCH_DATABASE_URL=$(BENCH_PG_URL) BENCH_CACHE_URL=$(BENCH_REDIS_URL) $(PY) $$b || exit 1; done

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) db.sqlite3 staticfiles .mypy_cache

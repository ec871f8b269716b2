# Single entry points: `make demo`, `make test`, `make lint`, `make bench`.
# Everything installs into .venv with uv (bootstrapped into .tools/ if it is not on PATH).
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PG_URL ?= postgres://postgres@localhost:5432/test
export SMARTREGIONS_DATA_DIR ?= $(abspath ../shared/data)

.PHONY: install demo serve test test-sqlite test-postgres lint format bench

.tools/bin/uv:
	python3 -m venv .tools && .tools/bin/pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen

## Install, create the SQLite database, load reference + demo data, serve on http://127.0.0.1:8000
demo: install
	$(UV) run smartregions demo
	$(UV) run smartregions serve

serve: install
	$(UV) run smartregions serve

## The whole test suite on SQLite and on PostgreSQL ($(PG_URL)), the two runs side by side
## (one per core); each run's output is printed whole when it ends.
test: install
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-sqlite:
	env -u DATABASE_URL $(UV) run pytest $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=$(PG_URL) $(UV) run pytest $(PYTEST_ARGS)

lint: install
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run smartregions makemigrations --check --dry-run

format: install
	$(UV) run ruff check --fix .
	$(UV) run ruff format .

bench: install
	$(UV) sync --frozen --group bench
	@for script in benchmarks/[!_]*.py; do echo "== $$script"; $(UV) run python $$script || exit 1; done

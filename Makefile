# The commands the README gives. `run` and `test` install first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ICALJS := tests/events/icaljs
AXE := tests/browser/axe

.PHONY: install run test lint format constraints mutate bench screenshots

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --talks 30 --rsvps-per-talk 10
	$(BIN)/python manage.py seed_outreach_demo
	$(BIN)/python -m config.run

test: install $(ICALJS)/node_modules/.package-lock.json $(AXE)/node_modules/.package-lock.json
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Mozilla's ical.js (feed tests) and axe-core (accessibility tests), when npm is
# there; without it those tests skip (CI installs npm, so there they always run).
%/node_modules/.package-lock.json: %/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd $* && npm ci --no-audit --no-fund --loglevel=error; \
	else \
		echo "npm not found: the tests that need $* will be skipped"; \
	fi

# PNGs of the main pages at 1280 and 390 px into docs/screenshots/ (Debian's chromium): a
# throwaway SQLite database with the demo data, or DATABASE_URL's database when it is set.
screenshots: install
	$(BIN)/python docs/screenshots/make_screenshots.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin every transitive dependency after changing pyproject.toml.
constraints: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^community-talks' > constraints.txt

# Mutation testing (docs/testing.md): mutmut makes one small change at a time to the RSVP
# services, the talk lock, the outbox and the calendar builder, and runs the tests that
# reach it; a change no test notices is a gap. Slow, so not part of `test` or CI. It needs
# PostgreSQL (DATABASE_URL, default below); each test run gets its own database
# (tests/mutation_db.py) and, with the filesystem broker, its own broker folder. Starts
# afresh each time; MUTATE_ARGS passes options or mutant names to `mutmut run`.
mutate: install
	@$(BIN)/python -c 'import mutmut' 2>/dev/null || \
		$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,mutation]'
	rm -rf mutants
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/community_talks}" \
		CELERY_BROKER_URL=filesystem:// $(BIN)/mutmut run $(MUTATE_ARGS)
	$(BIN)/mutmut results
	$(BIN)/python -m tests.mutation_score

# The service under load (bench/run.py; results in docs/benchmarks.md): seeds PostgreSQL,
# starts gunicorn as docker-compose.yml does, drives each scenario with wrk (apt-get install
# wrk) and writes the report's generated section and docs/benchmarks.png. PostgreSQL and
# Redis on 127.0.0.1: BENCH_DATABASE_URL (default community_talks_bench) is dropped and
# re-created, BENCH_CACHE_URL (default redis://127.0.0.1:6379/12) emptied; BENCH_PORT
# (8301). About 8 minutes. BENCH_SMOKE=1: tiny data, 2 s per scenario, the report in a
# temporary file, and a failure only when the harness breaks (CI runs this).
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench.run $(if $(filter 1 true yes,$(BENCH_SMOKE)),--smoke) $(BENCH_ARGS)

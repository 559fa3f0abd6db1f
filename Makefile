# Two commands on a fresh machine: `make run` and `make test`. Without DATABASE_URL, each starts a
# private PostgreSQL (initiatives_portal/embedded_postgres.py) for the command and stops it after:
# `make run`'s data is kept in var/postgres, `make test`'s is thrown away.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SEED_INITIATIVES ?= 3000
SEED_UNITS ?= 1500
HOST ?= 127.0.0.1:8000
WITH_DB := $(BIN)/python initiatives_portal/embedded_postgres.py
SETUP = DEBUG=true $(BIN)/python manage.py migrate --noinput \
	&& DEBUG=true $(BIN)/python manage.py seed_demo --initiatives $(SEED_INITIATIVES) --units $(SEED_UNITS) \
	&& DEBUG=true $(BIN)/python manage.py recompute_progress

.PHONY: run setup install test faults lint security messages clean bench stack stack-stop load figures

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade --quiet pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Migrate and load the demo data (idempotent: a second run changes nothing).
setup: install
	$(WITH_DB) -- sh -c '$(SETUP)'

# One server for the set-up and the web server (started once, stopped at Ctrl-C).
run: install
	$(WITH_DB) -- sh -c '$(SETUP) && DEBUG=true exec $(BIN)/python manage.py runserver $(HOST)'

# Both test processes share the throw-away server, each with its own database (test_portal_gw0, _gw1).
test: install
	$(WITH_DB) --temporary -- $(BIN)/python -m pytest -n 2 --dist loadgroup -q

# Slow fault tests (PostgreSQL in DATABASE_URL, redis-server and PostgreSQL 15's binaries):
# private servers restarted and killed, a real Celery worker and gunicorn. About two minutes.
faults: install
	PORTAL_FAULTS=1 $(BIN)/python -m pytest -q operations/tests/test_faults_redis.py \
		operations/tests/test_faults_worker.py operations/tests/test_faults_database.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# bandit (pyproject.toml): any medium or high finding fails; pip-audit: a vulnerable runtime pin fails,
# an advisory source out of reach is reported and does not.
security: install
	$(BIN)/bandit -c pyproject.toml -r . -ll -q
	$(BIN)/python scripts/audit_requirements.py requirements.txt

messages: install
	$(WITH_DB) --temporary -- env DEBUG=true $(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=static --ignore=bench --ignore=e2e --ignore=loadtest
	$(WITH_DB) --temporary -- env DEBUG=true $(BIN)/python manage.py compilemessages -l en -l vi --ignore=.venv

# Scale benchmark on PostgreSQL and Redis (docs/benchmarks.md): its own database, dropped
# at the end unless KEEP=1; REUSE=1 measures a kept one again without regenerating it.
N ?= 1000000
UNITS ?= 130000
KEEP ?=
REUSE ?=
BENCH_ARGS ?=
bench: install
	scripts/services.sh
	$(BIN)/python -m bench --n $(N) --units $(UNITS) $(if $(filter 1 yes true,$(KEEP)),--keep) $(if $(filter 1 yes true,$(REUSE)),--reuse --keep) $(BENCH_ARGS)

# Production-shaped stack on this machine (stack/up.sh): PostgreSQL database portal_stack,
# Redis db 14, gunicorn on 127.0.0.1:$(STACK_PORT), Celery worker and beat; pids and logs
# in var/stack/. Idempotent; `make stack-stop` stops it.
STACK_PORT ?= 8100
export STACK_PORT
stack: install
	stack/up.sh

stack-stop:
	stack/down.sh

# Load test (loadtest/): the stack, 50 workers and 10 officers for LOAD_SECONDS, the figures
# checked; the stack is stopped whatever the outcome.
LOAD_SECONDS ?= 60
load: install
	status=0; stack/up.sh && loadtest/run.sh --seconds $(LOAD_SECONDS) || status=$$?; stack/down.sh; exit $$status

# Usability figures (docs/usability.md): Lighthouse (mobile), axe-core at 375 and 1280 px and the
# bytes of the initiative form, on a throw-away database and gunicorn with production settings.
# A measurement, not a test: it fails only when it cannot measure. FIGURES_ARGS="--screenshots DIR".
FIGURES_ARGS ?=
figures: install
	$(BIN)/python scripts/usability_figures.py $(FIGURES_ARGS)

clean:
	rm -rf $(VENV) staticfiles var

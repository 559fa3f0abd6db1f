# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SEED_INITIATIVES ?= 3000
SEED_UNITS ?= 1500
HOST ?= 127.0.0.1:8000

.PHONY: run setup install test lint messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade --quiet pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Migrate and load the demo data (idempotent: a second run changes nothing).
setup: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py seed_demo --initiatives $(SEED_INITIATIVES) --units $(SEED_UNITS)
	DEBUG=true $(BIN)/python manage.py recompute_progress

run: setup
	DEBUG=true $(BIN)/python manage.py runserver $(HOST)

test: install
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

lint: install
	$(BIN)/ruff check .

messages: install
	DEBUG=true $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=static --ignore=bench
	DEBUG=true $(BIN)/python manage.py compilemessages -l en --ignore=.venv

# Scale benchmark on PostgreSQL and Redis (docs/benchmarks.md): its own database, dropped
# at the end unless KEEP=1; REUSE=1 measures a kept one again without regenerating it.
N ?= 1000000
UNITS ?= 130000
KEEP ?=
REUSE ?=
BENCH_ARGS ?=
bench: install
	bench/services.sh
	$(BIN)/python -m bench --n $(N) --units $(UNITS) $(if $(filter 1 yes true,$(KEEP)),--keep) $(if $(filter 1 yes true,$(REUSE)),--reuse --keep) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 var

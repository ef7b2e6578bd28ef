# The two commands a new user needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
VAR := var
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto
BENCH_ARGS ?=

export DJANGO_SETTINGS_MODULE := halong_portal.settings

.PHONY: run test test-faults screenshots install setup serve lint format hooks check-migrations benchmark benchmark-photos benchmark-import bench profile instructions messages clean

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Need $(PYTHON) (Python 3.11); set PYTHON=... if it has another name."; exit 1; }
	@test -x $(BIN)/python || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "Could not create $(VENV): on Debian/Ubuntu install the python3.11-venv package."; exit 1; }; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

$(VAR)/secret_key: | $(STAMP)
	@mkdir -p $(VAR)
	@umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@echo "Generated a local secret key in $@ (never committed)."

# Everything `make run` needs, without serving: database, demo content, admin, static files.
# PORTAL_DEMO=1 installs the demo app, which has `seed_demo`.
setup: $(STAMP) $(VAR)/secret_key
	@export DJANGO_SECRET_KEY="$$(cat $(VAR)/secret_key)" PORTAL_DEMO=1; \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py seed_demo --if-empty && \
	$(BIN)/python manage.py ensure_superuser && \
	$(BIN)/python manage.py demo_accounts && \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

serve:
	@echo "Cổng thông tin: http://$(HOST):$(PORT)/   Quản trị: http://$(HOST):$(PORT)/admin/"
	@echo "Bản chạy thử: xác thực hai bước không bắt buộc (PORTAL_TWO_FACTOR_ENFORCED=1 để bắt buộc như khi triển khai)."
	@export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(VAR)/secret_key)}" \
	        DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	        PORTAL_TWO_FACTOR_ENFORCED="$${PORTAL_TWO_FACTOR_ENFORCED:-0}"; \
	exec $(BIN)/gunicorn halong_portal.wsgi -c halong_portal/gunicorn.conf.py --bind $(HOST):$(PORT)

run: setup serve

# The whole suite, with coverage (under the floor in pyproject.toml, [tool.coverage.report], it
# fails) and its 15 slowest tests, to keep it quick.
# The fault tests (tests/faults/) start servers of their own and load them: `make test-faults`.
test: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not faults" --durations=15 --cov --cov-report=term:skip-covered

# PostgreSQL stopped and Redis stopped under load, and a bounded load test (30 s, 32
# connections), against gunicorn and servers of their own on loopback; figures printed and
# written to test-artifacts/faults/. One at a time: they measure.
test-faults: $(STAMP)
	$(BIN)/python -m pytest -m faults tests/faults -v

# The admin's screenshots in the README (docs/screenshots/): demo content in Chromium at
# 1,366 × 768 and on a phone, taken by a browser test.
screenshots: $(STAMP)
	PORTAL_DOCS_SCREENSHOTS=1 $(BIN)/python -m pytest -p no:cacheprovider tests/browser/test_newsroom.py -k screenshots -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo

# Git hooks: ruff and the layers' contracts before each commit (.pre-commit-config.yaml).
hooks: $(STAMP)
	$(BIN)/pre-commit install

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: $(STAMP)
	PORTAL_TESTING=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Recompile locale/vi/LC_MESSAGES/*.mo after editing the .po files (needs GNU gettext).
messages: $(STAMP) $(VAR)/secret_key
	cd locale && ../$(BIN)/python ../manage.py compilemessages --locale vi

benchmark: $(STAMP)
	$(BIN)/python scripts/benchmark.py

benchmark-photos: $(STAMP)
	$(BIN)/python scripts/benchmark_photo_upload.py

benchmark-import: $(STAMP)
	$(BIN)/python scripts/benchmark_import.py

# Where a page's time goes: `make profile PAGE=/tin-tuc/` (DATABASE_URL: the benchmark's database).
PAGE ?= /
profile: $(STAMP)
	$(BIN)/python scripts/profile_page.py $(PAGE) $(PROFILE_ARGS)

# Instructions per first reading of an archive article (callgrind): compares code, not machines.
instructions: $(STAMP)
	$(BIN)/python scripts/count_instructions.py

# The HTTP benchmark: gunicorn driven by wrk at portal scale (PostgreSQL, Redis, wrk; README
# "HTTP benchmark"). Options through BENCH_ARGS, e.g. BENCH_ARGS="--var-dir /srv/bench --seconds 5".
bench: $(STAMP)
	$(BIN)/python scripts/bench_http.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(VAR)/static .pytest_cache

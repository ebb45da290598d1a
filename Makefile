# PeerCities: `make run` serves the demo network, `make test` runs the whole suite.
# Both set up everything they need on a fresh machine: a virtual environment in .venv
# with the Python packages, the database schema and the demo data.

PORT ?= 8000
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed

.PHONY: system-packages browser-packages install lock lock-upgrade messages migrate demo run test lint format serve worker beat bench backup restore

# Translations: the .mo files are build products of the .po catalogues in locale/,
# compiled with Debian's gettext as `compilemessages` would, and never committed.
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

%.mo: %.po | system-packages
	msgfmt --check-format -o $@ $<

# The libraries' Brazilian catalogues as the `pt` of the pages (base/brazilian_catalogue.py).
BRAZILIAN_MO := build/locale-pt-br/pt/LC_MESSAGES/django.mo
$(BRAZILIAN_MO): $(PY_STAMP) base/brazilian_catalogue.py | system-packages
	rm -rf $(dir $@)parts && mkdir -p $(dir $@)parts
	n=0; for mo in $$($(BIN)/python -m base.brazilian_catalogue); do \
	  n=$$((n + 1)); msgunfmt -o $(dir $@)parts/$$n.po "$$mo"; done
	msgcat --use-first -o $(dir $@)django.po $(dir $@)parts/*.po
	msgfmt -o $@ $(dir $@)django.po

# Debian packages: gettext (msgfmt) for the translations and Pango for WeasyPrint's PDF
# dossiers; `make test` adds chromium for the browser tests. apt-get installs whichever
# is missing (as root, else through sudo); elsewhere, install them by hand.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
define debian_packages
	@if command -v dpkg >/dev/null 2>&1; then \
	  missing=""; for package in $(1); do \
	    dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    $(SUDO) apt-get update -qq && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi; \
	fi
endef

system-packages:
	$(call debian_packages,gettext libpango-1.0-0 libpangoft2-1.0-0)

browser-packages:
	$(call debian_packages,chromium)

# Python packages: exactly the versions in requirements/lock.txt, each file checked
# against its hash, then the project itself (its dependencies are all in the lock).
LOCK := requirements/lock.txt

$(PY_STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# `make lock` writes requirements/lock.txt from pyproject.toml's dependencies and dev
# extras: exact versions with the hashes of their files, for CPython 3.11 on Linux, from
# PyPI (or UV_DEFAULT_INDEX). Run it after changing pyproject.toml's dependencies: it
# keeps the versions already locked that still fit. `make lock-upgrade` takes the newest
# releases pyproject.toml allows instead (security fixes): run the tests after either.
# Needs no installed project, only a virtual environment with uv (made here if missing).
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes \
	--python-version 3.11 --python-platform linux \
	--custom-compile-command "make lock" --quiet --output-file $(LOCK)

$(BIN)/uv:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv>=0.9,<1"

lock: $(BIN)/uv
	mkdir -p $(dir $(LOCK))
	$(UV_COMPILE)

lock-upgrade: $(BIN)/uv
	mkdir -p $(dir $(LOCK))
	$(UV_COMPILE) --upgrade

install: system-packages $(PY_STAMP) $(MO_FILES) $(BRAZILIAN_MO)

# `make messages` refreshes the catalogues from the strings marked in the code and
# templates; translators then fill locale/<language>/LC_MESSAGES/django.po.
messages: install
	$(BIN)/python manage.py makemessages -l fr -l es -l pt --no-obsolete \
		-i .venv -i node_modules -i staticfiles -i bench -i tests -i devtools

# Front-end libraries from the npm registry (package-lock.json), served by staticfiles.
node_modules/.installed: package.json package-lock.json
	npm ci
	touch $@

migrate: install
	$(BIN)/python manage.py migrate --noinput

# The demo network, with an account per role whose passwords are printed once (DEBUG only).
demo: migrate
	$(BIN)/python manage.py load_demo --with-accounts

# Without REDIS_URL or CELERY_BROKER_URL, background tasks (mail, PDF dossiers) run in the
# server's own process; with a broker, run `make worker` beside it.
run: demo node_modules/.installed
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# `make test`: the suite on every core (pytest-xdist), a test module at a time per worker so
# that a module's shared fixtures are built once. Locally each worker's test database is
# kept between runs (--reuse-db: new migrations are still applied; PYTEST_ARGS=--create-db
# builds them afresh); CI (CI=true) always builds them fresh. PYTEST_ARGS adds options,
# e.g. PYTEST_ARGS="-k search" or PYTEST_WORKERS=0 for one process.
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
TEST_DATABASES := $(if $(filter true,$(CI)),--create-db,--reuse-db)

test: install browser-packages node_modules/.installed
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope $(TEST_DATABASES) $(PYTEST_ARGS)

# `make serve`: the production configuration (gunicorn, DEBUG off, hashed and compressed
# static files served by whitenoise) on 127.0.0.1:$(PORT), honouring DATABASE_URL and
# REDIS_URL. It speaks plain http to this machine, so HTTPS redirects, secure cookies and
# HSTS are off unless the environment turns them on (as it must behind a TLS proxy: see
# the README). SECRET_KEY comes from the environment, else from .secret_key, made once
# here and never committed. Every default below yields to the environment. Without
# REDIS_URL the API's rate limits would count per worker: the system checks (run by
# migrate) refuse to start unless ALLOW_LOCAL_THROTTLES=true says that is meant.
BIND ?= 127.0.0.1:$(PORT)
WORKERS ?= 3
SERVE_ENV = DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-localhost,127.0.0.1,[::1]}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
	SESSION_COOKIE_SECURE="$${SESSION_COOKIE_SECURE:-false}" \
	CSRF_COOKIE_SECURE="$${CSRF_COOKIE_SECURE:-false}" \
	SECURE_HSTS_SECONDS="$${SECURE_HSTS_SECONDS:-0}"

.secret_key:
	umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# Hashing and compressing the static files takes a while: only when a source changed (our
# files, the npm packages, the Python packages that ship static files).
STATIC_SOURCES := $(shell find static -type f 2>/dev/null)
staticfiles/staticfiles.json: $(STATIC_SOURCES) $(PY_STAMP) node_modules/.installed .secret_key
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --clear --verbosity 0
	touch $@

serve: install node_modules/.installed .secret_key staticfiles/staticfiles.json
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) exec $(BIN)/gunicorn config.wsgi --config gunicorn.conf.py \
		--bind $(BIND) --workers $(WORKERS)

# `make worker` and `make beat`: the task queue's processes beside `make serve`, with its
# environment (REDIS_URL, or CELERY_BROKER_URL, names the broker). Workers run on any
# number of hosts (WORKER_CONCURRENCY processes each, default: the number of cores);
# beat, which queues the daily jobs, on exactly one.
WORKER_CONCURRENCY ?= $(shell nproc 2>/dev/null || echo 2)
worker: install .secret_key
	$(SERVE_ENV) exec $(BIN)/celery -A config worker --loglevel=INFO \
		--concurrency=$(WORKER_CONCURRENCY)

beat: install .secret_key
	$(SERVE_ENV) exec $(BIN)/celery -A config beat --loglevel=INFO \
		--schedule=celerybeat-schedule

# `make bench`: the synthetic network at scale in a scratch PostgreSQL database, served by
# `make serve`; prints latencies, ratios to the floor endpoint, throughput and memory
# (bench/run.py; BENCH_ARGS=--help for its options).
bench: install node_modules/.installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# `make backup` / `make restore`: the database (DATABASE_URL) to and from BACKUP_FILE:
# pg_dump's custom format for PostgreSQL, a copy of the file for SQLite.
BACKUP_FILE ?=
backup: install
	$(BIN)/python manage.py backup $(BACKUP_FILE)

restore: install
	@test -n "$(BACKUP_FILE)" || { echo "make restore BACKUP_FILE=path/to/backup"; exit 2; }
	$(BIN)/python manage.py restore $(BACKUP_FILE)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Heard: `make run` to try it, `make test` to check it. Everything lives in .venv/.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run serve worker test bench lint install install-dev assets migrate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.runtime-installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime-installed

## assets: GOV.UK Frontend from npm, compiled with the council's brand into static/dist/ (generated, not committed)
ASSET_SOURCES := $(wildcard static/src/*)
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/.built: node_modules/.installed $(ASSET_SOURCES)
	npm run --silent build
	touch $@

assets: static/dist/.built

install-dev: $(VENV)/.dev-installed

migrate: install assets
	$(BIN)/heard migrate

## run: install, migrate the embedded SQLite database, seed the demo once, serve on 127.0.0.1:$(PORT)
run: migrate
	$(BIN)/heard seed-demo --if-empty
	@echo "Heard is starting on http://127.0.0.1:$(PORT)/  (demo survey: http://127.0.0.1:$(PORT)/s/demo-staff-pulse)"
	@echo "Signing in as admin@ or leader@demo.invalid asks for an authenticator code: in another terminal run  $(BIN)/heard demo-code admin@demo.invalid"
	$(BIN)/flask --app wsgi run --host 127.0.0.1 --port $(PORT)

## serve: the same app and database under gunicorn with several workers, as production runs it
## (in production also HEARD_ENV=production, SECRET_KEY and SESSION_COOKIE_SECURE=1: see gunicorn.conf.py)
serve: migrate
	$(BIN)/heard seed-demo --if-empty
	$(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

## worker: the RQ worker for background jobs (analysis, invitation and reminder emails); needs REDIS_URL
worker: install
	$(BIN)/heard worker

## test: install what the tests need and run the whole suite
test: install-dev assets
	$(BIN)/python -m pytest

## bench: run every benchmark under benchmarks/, each printing its figures
bench: install-dev
	@set -e; for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script; done

## lint: ruff (with its flake8-bandit security rules), the formatter check, and bandit on the app code
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r surveyapp analysis questionnaires -c pyproject.toml

clean:
	rm -rf $(VENV) static/dist node_modules

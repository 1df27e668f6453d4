# Postdesk: `make run` opens the demo blog, `make test` runs the whole suite headless.
# Both do all set-up: Debian system packages, .venv, the package and its dev tools.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SYSDEPS_STAMP := $(VENV)/.system-deps

.PHONY: run test lint bench bench-json bench-screen setup clean dist dist-check

setup: $(STAMP) $(SYSDEPS_STAMP)

$(SYSDEPS_STAMP): scripts/system-deps.sh
	bash scripts/system-deps.sh
	@mkdir -p $(VENV) && touch $@

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

BLOG ?= content

run: setup
	$(VENV)/bin/postdesk $(BLOG)

test: setup
	QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 $(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check app tests benchmarks
	$(VENV)/bin/mypy

bench: setup
	$(PY) -m benchmarks

bench-json: setup
	$(PY) -m benchmarks --json benchmarks/results.json

# what a user sees: keys in as X events, pixels read back off a private Xvfb
bench-screen: setup
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) -m benchmarks.screen --json benchmarks/results-screen.json

dist: setup
	$(PY) -m pip install --quiet -e '.[build]'
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec

dist-check: dist
	QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 dist/postdesk/postdesk --smoke-test

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis

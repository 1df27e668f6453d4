# Postdesk: `make run` opens the demo blog, `make test` runs the whole suite headless.
# Both do all set-up: Debian system packages, .venv, the package and its dev tools.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SYSDEPS_STAMP := $(VENV)/.system-deps

.PHONY: run test lint bench bench-json bench-screen setup mermaid clean dist dist-check oracle

setup: $(STAMP) $(SYSDEPS_STAMP) mermaid

# the diagram drawer the preview runs (mermaid's JS, pinned and verified; skipped
# without npm, and then the preview shows diagrams as code)
mermaid: $(STAMP)
	$(PY) scripts/fetch-mermaid.py

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

# Dev-only: render tests/oracle/samples with the real tools and store what they publish
# in tests/oracle/expected/ (committed: `make test` needs none of these tools). Needs
# node >= 18 + npm (the pinned packages in scripts/oracle/package-lock.json:
# gatsby-transformer-remark 2.16.1 and 6.16.0 with their sub-plugins; gatsby-plugin-sharp
# is a stand-in, sharp cannot be fetched here), hugo (Debian's
# 0.111.3) and jekyll (Debian's 4.3.1, kramdown). See tests/oracle/README.md.
ORACLE := tests/oracle
oracle:
	cd scripts/oracle && npm ci --no-audit --no-fund
	for o in gatsby2 gatsby5 gatsby5-ids; do \
		node scripts/oracle/gatsby.js $$o $(ORACLE)/samples $(ORACLE)/blogs/$$o $(ORACLE)/expected/$$o || exit 1; \
	done
	for o in hugo jekyll; do \
		$(PYTHON) scripts/oracle/sites.py $$o $(ORACLE)/samples $(ORACLE)/blogs/$$o $(ORACLE)/expected/$$o || exit 1; \
	done
	cd $(ORACLE)/samples && sha256sum * > ../expected/samples.sha256
	@echo "expected HTML written to $(ORACLE)/expected; compare: python -m tests.oracle.compare"

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis

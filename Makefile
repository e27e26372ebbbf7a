# Two commands on a fresh machine: `make site` builds the site into site/,
# `make test` lints, then runs every test. Both create the virtual environment the first time.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-fast lint check serve serve-all translations catalogs bench lighthouse weight clean

site: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

# On every core: each test file on one worker, the browser tests together (tests/conftest.py).
test: lint
	$(BIN)/pytest -n auto

# The unit and snapshot tests only: no site build, no browser; on every core too.
test-fast: $(VENV)/.installed
	$(BIN)/pytest tests/unit tests/snapshots -q -n auto

# ruff (the rules in pyproject.toml; no formatting) and mypy (its files and strictness there too).
lint: $(VENV)/.installed
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/ruff format --check plugins tests benchmarks
	$(BIN)/mypy

check: $(VENV)/.installed
	$(BIN)/caucus check

# While serving, a rebuild builds English and the languages whose files you edited;
# serve-all builds every language each time (slower).
serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

serve-all: $(VENV)/.installed
	CAUCUS_SERVE_LANGUAGES=all $(BIN)/mkdocs serve

translations: $(VENV)/.installed
	$(BIN)/caucus translations

# Build synthetic catalogs of 100 and 1,000 lessons with our plugins and with stock
# Material + static-i18n, time mkdocs serve after an edit, the real site's handouts and
# make test; writes .cache/bench/results.json (see benchmarks/bench.py).
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench.py --tests

# Reader speed (issue #19): Lighthouse mobile on one page of every kind in every language,
# served gzip under /lessons/ and without compression (about 20 minutes; installs
# Lighthouse from npm into .cache/node; subsets: benchmarks/lighthouse.py --help).
# Writes .cache/lighthouse/results.json.
lighthouse: $(VENV)/.installed
	$(BIN)/python benchmarks/lighthouse.py

# First-view weight of every lesson page in every language (.cache/lighthouse/weight.json).
weight: $(VENV)/.installed
	$(BIN)/python benchmarks/weight.py

# Extract the labels of our code and templates, and merge them into each language's catalog.
catalogs: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ --no-location --sort-output --omit-header -o translations/caucus.pot .
	$(BIN)/pybabel update -D caucus -i translations/caucus.pot -d translations --no-fuzzy-matching --omit-header

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf site .cache

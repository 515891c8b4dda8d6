# Two commands on a fresh machine with Python 3.11+:
#   make demo   - the main job: an end-to-end school year on the embedded defaults
#   make test   - every check: lint, format, types, import contracts, tests (with coverage)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint typecheck contracts pytest bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[all,dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/vnschool demo --out demo-output

lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks
	$(BIN)/ruff format --check src tests examples benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider --cov --cov-report=term:skip-covered
	$(BIN)/python -m coverage report --fail-under=100 --include="src/vnschool_records/_decimal.py,src/vnschool_records/_text.py,src/vnschool_records/models/*,src/vnschool_records/regulations/*"

test: lint typecheck contracts pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

docs: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov

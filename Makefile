# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench mutation clean examples

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dev,collect]'
	$(BIN)/python -m compileall -q alignment_cli  # an editable install gets no bytecode from pip
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/alignment workshop

test: $(STAMP)
	$(BIN)/python -m ruff check alignment_cli tests benchmarks
	$(BIN)/python -m mypy alignment_cli
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/python -m ruff check alignment_cli tests benchmarks
	$(BIN)/python -m mypy alignment_cli

bench: $(STAMP)
	$(BIN)/python -m compileall -q alignment_cli  # time the installed program, not a first compile of edited sources
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/report_scale.py
	$(BIN)/python benchmarks/autosave.py
	$(BIN)/python benchmarks/crm_import.py

examples: $(STAMP)
	ALIGNMENT=$(BIN)/alignment examples/regenerate.sh

# Not part of `make test`: mutates the scoring code and runs the tests against each mutant.
mutation: $(STAMP)
	$(BIN)/mutmut run
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache mutants

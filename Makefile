# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint bench mutation mutation-edges clean examples

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dev,collect]'
	$(BIN)/python -m compileall -q alignment_cli  # an editable install gets no bytecode from pip
	touch $(STAMP)

# `make run` needs only what running needs; its files (responses, reports, actions) go into
# workshop/, never the repository's root
RUN_STAMP := $(VENV)/.installed-run

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q alignment_cli
	touch $(RUN_STAMP)

run: $(RUN_STAMP)
	mkdir -p workshop && cd workshop && ../$(BIN)/alignment workshop

# The whole suite, on every core (pytest-xdist). pytest's own exit code is make's: 1 for a
# failure, 5 when no test was collected, so CI never passes a run that tested nothing.
test: $(STAMP)
	$(BIN)/python -m ruff check alignment_cli tests benchmarks
	$(BIN)/python -m ruff format --check alignment_cli tests benchmarks
	$(BIN)/python -m mypy alignment_cli
	$(BIN)/python -m pytest -q -n auto

# The edit-run loop: everything but the browser, real-terminal and slow tests (see the markers
# in pyproject.toml).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -n auto -m "not slow and not browser and not terminal"

lint: $(STAMP)
	$(BIN)/python -m ruff check alignment_cli tests benchmarks
	$(BIN)/python -m ruff format --check alignment_cli tests benchmarks
	$(BIN)/python -m mypy alignment_cli

bench: $(STAMP)
	$(BIN)/python -m compileall -q alignment_cli  # time the installed program, not a first compile of edited sources
	@status=0; for script in startup report_scale autosave crm_import import_scale; do \
		$(BIN)/python benchmarks/$$script.py || status=1; \
	done; exit $$status  # every benchmark runs; any over its budget fails the target

examples: $(STAMP)
	ALIGNMENT=$(BIN)/alignment examples/regenerate.sh

# Not part of `make test`: mutates the scoring code and runs the tests against each mutant.
mutation: $(STAMP)
	$(BIN)/mutmut run "alignment_cli.scoring*"
	$(BIN)/mutmut results

# The same for the edges: the readers in io/ and the models in model/.
mutation-edges: $(STAMP)
	$(BIN)/mutmut run "alignment_cli.io*" "alignment_cli.model*"
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache mutants

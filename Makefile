# Two entry points on a fresh machine: `make run` and `make test`. Each builds .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= data

.PHONY: install run test lint schema bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# The main job on the embedded default: normalize the samples (and any crawled postings), index them, search, serve.
run: install
	mkdir -p $(DATA)/records
	$(BIN)/jobboard parse $(DATA)/samples > $(DATA)/records/samples.ndjson
	@echo "wrote $$(wc -l < $(DATA)/records/samples.ndjson) records to $(DATA)/records/samples.ndjson"
	$(BIN)/jobboard index --rebuild
	$(BIN)/jobboard search --include-archived
	@echo "serving the job board: page http://127.0.0.1:8000/  API docs http://127.0.0.1:8000/docs  (Ctrl-C stops)"
	$(BIN)/jobboard serve --host 127.0.0.1 --port 8000

# Tests run on every core (pytest-xdist); `pytest -q` alone runs them in one process.
test: install
	$(BIN)/python -m pytest -q -n auto

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

schema: install
	$(BIN)/jobboard schema

bench: install
	$(BIN)/python bench/parse.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

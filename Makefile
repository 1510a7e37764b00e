# Two entry points: `make demo` (the main job) and `make test` (what CI runs).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean bench mutation lock

# Two distributions, both editable: the product, and the demo with the test doubles.
$(STAMP): pyproject.toml doubles/pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' -e ./doubles
	$(BIN)/python -m report.masking --prepare
	touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The browser tests save screenshots of every kind of web page (390 px and 1280 px) here.
SCREENSHOTS := test-output/screenshots

test: lint
	NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost \
		INSPRAAK_TEST_SCREENSHOTS=$(SCREENSHOTS) $(BIN)/pytest -q
	@echo "Web form screenshots: $(SCREENSHOTS)/"

demo: $(STAMP)
	NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost $(BIN)/inspraak demo

bench: $(STAMP)
	$(BIN)/python bench/report_bench.py
	$(BIN)/python bench/masking_bench.py
	$(BIN)/python bench/bot_bench.py

# Mutation testing (slow, not part of `make test`): see README.md, "Mutation testing".
mutation: $(STAMP)
	$(BIN)/python tools/mutation.py run

# The production dependencies pinned with hashes, for Python 3.11 on Linux (the container, the
# README's install without containers). Run after changing [project] dependencies.
lock: $(STAMP)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 --custom-compile-command "make lock" \
		--output-file requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache demo-output test-output mutants

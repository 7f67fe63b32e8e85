# One task runner: `make demo` runs qes on the bundled manual, `make test` is what CI runs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test lint fmt bench bench-pdf bench-import fuzz faults clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: install
	$(BIN)/qes --version
	$(BIN)/qes --manual manual check
	$(BIN)/qes --manual manual toc --check
	@if [ -f manual/data/sample-2025.csv ]; then \
	  $(BIN)/qes --manual manual check-targets manual/data/sample-2025.csv; rc=$$?; \
	  if [ $$rc -eq 1 ]; then echo "(some targets were missed in the sample data: shown above)"; \
	  elif [ $$rc -ne 0 ]; then exit $$rc; fi; \
	fi

test: install
	$(BIN)/python -m pytest
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/run.py

# the PDF engines compared (WeasyPrint, typst, Chromium) and qes build --pdf against its goal
bench-pdf: install
	$(BIN)/python -m pip install --quiet typst
	$(BIN)/python bench/pdf_engines.py

# qes import's Word converter against pandoc (README, "Adoption")
bench-import: install
	$(BIN)/python -m pip install --quiet pypandoc-binary
	$(BIN)/python bench/import_converters.py

fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/reliability tests/test_yamlread.py tests/test_frontmatter.py tests/test_versions.py tests/test_numbers.py

# kill -9 at many random moments of a release; the next writer must finish or undo it
faults: install
	QES_FAULT_ROUNDS=$${QES_FAULT_ROUNDS:-100} $(BIN)/python -m pytest -q tests/reliability/test_guarantees.py -k kill

fmt: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache

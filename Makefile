# Where the Data Lives: build, test and maintenance commands.
#   make book     set up .venv, build the HTML book, print where to open it
#   make test     set up .venv and run every test (strict build, data, package, notebooks, site)
#   make refresh  re-execute the notebooks in place so their stored outputs are current
#   make pdf      build the printed book, _build/latex/where-the-data-lives.pdf (installs TeX if missing)
#   make clean    remove the build
# Every target installs what it needs into .venv from requirements*.txt.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD  := _build
PDF    := $(BUILD)/latex/where-the-data-lives.pdf

.PHONY: book book-strict test unit notebooks refresh pdf tex clean distclean

$(STAMP): requirements.txt requirements-book.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

venv: $(STAMP)

# Everyday build: incremental, but a change to data/ or wdl/ re-executes every notebook
# (the execution cache only looks at a notebook's own code).
book: $(STAMP)
	@$(BIN)/python tools/inputs_changed.py $(BUILD) && rm -rf $(BUILD)/.jupyter_cache $(BUILD)/html $(BUILD)/.doctrees || true
	$(BIN)/jupyter-book build . --path-output . -W -n --keep-going
	@$(BIN)/python tools/inputs_changed.py --record $(BUILD)
	@echo "The book is built: open $(CURDIR)/$(BUILD)/html/index.html"

# What CI checks: a cold build from a clean tree, warnings as errors.
book-strict: $(STAMP)
	rm -rf $(BUILD)
	$(BIN)/jupyter-book build . --path-output . --all -W -n --keep-going

test: book-strict
	$(BIN)/python -m pytest

# The printed book: XeLaTeX through Jupyter Book's pdflatex builder (settings: the latex
# section of _config.yml and tools/latex/). Not part of `make test`.
tex:
	@sh tools/install_tex.sh

pdf: $(STAMP) tex
	@$(BIN)/python tools/inputs_changed.py $(BUILD) && rm -rf $(BUILD)/.jupyter_cache $(BUILD)/html $(BUILD)/latex $(BUILD)/.doctrees || true
	$(BIN)/jupyter-book build . --path-output . --builder pdflatex -n --keep-going
	@$(BIN)/python tools/inputs_changed.py --record $(BUILD)
	@if grep -q "^Missing character" $(BUILD)/latex/*.log; then \
	  echo "Warning: the PDF's fonts have no glyph for these characters, which are left out:"; \
	  grep "^Missing character" $(BUILD)/latex/*.log | sort -u; fi
	@echo "The printed book is built: open $(CURDIR)/$(PDF)"

refresh: $(STAMP)
	$(BIN)/python tools/refresh_notebooks.py book/*.ipynb

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf $(VENV)

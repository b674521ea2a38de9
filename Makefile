# Where the Data Lives: build, test and maintenance commands.
#   make check    the fast loop, no build: validate data/, then the data, loader, source and package tests
#   make book     set up .venv, build the HTML book, print where to open it
#   make test     set up and run every test (strict HTML and PDF builds, data, package, notebooks, site, browser)
#   make refresh  re-execute the notebooks in place so their stored outputs are current
#   make benchmark  time builds and notebooks, measure sizes, run Lighthouse; writes benchmarks/latest.md
#   make pdf      build the printed book, _build/latex/where-the-data-lives.pdf (installs TeX if missing)
#   make clean    remove the build
# Every target installs what it needs: Python packages into .venv from requirements*.txt, the
# npm packages of package-lock.json into node_modules/ (`make book`: only the offline copies of
# the scripts the book serves; `make test` and `make benchmark`: the site-testing tools too), and
# Debian's Chromium for the browser tests.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_BOOK  := node_modules/.installed-book
NODE_ALL   := node_modules/.installed
CHROMIUM   := /usr/bin/chromium
BUILD  := _build
# The book's own build adds what only print needs: figures as vector PDF (wdl/style.py) and
# tables as MyST list-tables (wdl/tables.py). nbval, classrooms and the stored notebooks do without.
JB     := WDL_BOOK_BUILD=1 $(BIN)/jupyter-book
# apt-get needs root; as another user, go through sudo.
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)
PDF    := $(BUILD)/latex/where-the-data-lives.pdf

.PHONY: student check book book-strict book-pdf test refresh pdf tex clean distclean venv setup chromium benchmark

$(STAMP): requirements.txt requirements-book.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

venv: $(STAMP)

# npm packages pinned by package-lock.json. `npm ci` installs exactly the lock file (and first
# empties node_modules/, which removes the stamps). What the book serves (require.js, the
# ipywidgets HTML manager, MathJax) are dependencies; the tools only the tests and the benchmark
# use (axe-core, linkinator, Lighthouse) are devDependencies.
$(NODE_BOOK): package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	touch $(NODE_BOOK)

$(NODE_ALL): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_ALL) $(NODE_BOOK)

# Debian's Chromium for the browser tests (skipped when it is already there).
chromium:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-liberation; }

setup: $(STAMP) $(NODE_ALL) chromium

# The fast loop while editing data/ or wdl/ (a few seconds; no build, no notebooks, no browser):
# the loader's own report on data/ (or $WDL_DATA_DIR), then every test without a tier marker
# (tests/README.md).
# Both run even when the first fails; the target fails if either did.
check: $(STAMP)
	@status=0; \
	$(BIN)/python -c "import sys, wdl.data; sys.exit(wdl.data.validate())" || status=1; \
	$(BIN)/python -m pytest -q -m "not slow and not notebooks" tests || status=1; \
	exit $$status

# Everyday build: incremental, but a change to data/ or wdl/ re-executes every notebook
# (the execution cache only looks at a notebook's own code).
book: $(STAMP) $(NODE_BOOK)
	@$(BIN)/python tools/inputs_changed.py $(BUILD) && rm -rf $(BUILD)/.jupyter_cache $(BUILD)/html $(BUILD)/.doctrees || true
	$(JB) build . --path-output . -W -n --keep-going
	@$(BIN)/python tools/inputs_changed.py --record $(BUILD)
	@echo "The book is built: open $(CURDIR)/$(BUILD)/html/index.html"

# What CI checks: a cold build from a clean tree, warnings as errors.
book-strict: $(STAMP) $(NODE_BOOK)
	rm -rf $(BUILD)
	$(JB) build . --path-output . --all -W -n --keep-going

# The printed book, from the same build tree and execution cache, warnings as errors;
# tests/test_pdf.py then checks it. The site publishes it: the download menu links
# _build/html/where-the-data-lives.pdf (bookext/printed.py).
book-pdf: book-strict tex
	$(JB) build . --path-output . --builder pdflatex -W -n --keep-going
	cp $(PDF) $(BUILD)/html/

# $(NODE_ALL) first, so that the build does not install the book's packages alone before it.
test: $(NODE_ALL) book-strict book-pdf chromium
	$(BIN)/python -m pytest

# Not a test: timings and sizes on this machine, printed and written to benchmarks/latest.md.
benchmark: setup
	$(BIN)/python tools/benchmark.py

# The printed book: XeLaTeX through Jupyter Book's pdflatex builder (settings: the latex
# section of _config.yml and tools/latex/). `make test` builds and checks it too (book-pdf).
tex:
	@sh tools/install_tex.sh

pdf: $(STAMP) tex
	@$(BIN)/python tools/inputs_changed.py $(BUILD) && rm -rf $(BUILD)/.jupyter_cache $(BUILD)/html $(BUILD)/latex $(BUILD)/.doctrees || true
	$(JB) build . --path-output . --builder pdflatex -n --keep-going
	@$(BIN)/python tools/inputs_changed.py --record $(BUILD)
	@if grep -q "^Missing character" $(BUILD)/latex/*.log; then \
	  echo "Warning: the PDF's fonts have no glyph for these characters, which are left out:"; \
	  grep "^Missing character" $(BUILD)/latex/*.log | sort -u; fi
	@if [ -d $(BUILD)/html ]; then cp $(PDF) $(BUILD)/html/; fi
	@echo "The printed book is built: open $(CURDIR)/$(PDF)"

refresh: $(STAMP)
	$(BIN)/python tools/setup_cell.py
	$(BIN)/python tools/refresh_notebooks.py book/*.ipynb

# The notebooks for a class: _build/editions/student/ (solutions removed) and
# _build/editions/instructor/ (solutions kept), each with data/ and wdl/, for nbgitpuller or a download.
student: $(STAMP)
	$(BIN)/python tools/solutions.py editions

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf $(VENV) node_modules

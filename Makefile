# Where the Data Lives: build, test and maintenance commands.
#   make book     set up .venv, build the HTML book, print where to open it
#   make test     set up and run every test (strict HTML and PDF builds, data, package, notebooks, site, browser)
#   make refresh  re-execute the notebooks in place so their stored outputs are current
#   make benchmark  time builds and notebooks, measure sizes, run Lighthouse; writes benchmarks/latest.md
#   make pdf      build the printed book, _build/latex/where-the-data-lives.pdf (installs TeX if missing)
#   make clean    remove the build
# Every target installs what it needs: Python packages into .venv from requirements*.txt, the
# npm packages of package-lock.json into node_modules/ (offline copies of the scripts the book
# serves, and the site-testing tools), and Debian's Chromium for the browser tests.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CHROMIUM   := /usr/bin/chromium
BUILD  := _build
# apt-get needs root; as another user, go through sudo.
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)
PDF    := $(BUILD)/latex/where-the-data-lives.pdf

.PHONY: book book-strict book-pdf test unit notebooks refresh pdf tex clean distclean setup chromium benchmark

$(STAMP): requirements.txt requirements-book.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

venv: $(STAMP)

# npm packages pinned by package-lock.json (require.js, the ipywidgets HTML manager, MathJax,
# axe-core, linkinator, Lighthouse). `npm ci` installs exactly the lock file.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Debian's Chromium for the browser tests (skipped when it is already there).
chromium:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-liberation; }

setup: $(STAMP) $(NODE_STAMP) chromium

# Everyday build: incremental, but a change to data/ or wdl/ re-executes every notebook
# (the execution cache only looks at a notebook's own code).
book: $(STAMP) $(NODE_STAMP)
	@$(BIN)/python tools/inputs_changed.py $(BUILD) && rm -rf $(BUILD)/.jupyter_cache $(BUILD)/html $(BUILD)/.doctrees || true
	$(BIN)/jupyter-book build . --path-output . -W -n --keep-going
	@$(BIN)/python tools/inputs_changed.py --record $(BUILD)
	@echo "The book is built: open $(CURDIR)/$(BUILD)/html/index.html"

# What CI checks: a cold build from a clean tree, warnings as errors.
book-strict: $(STAMP) $(NODE_STAMP)
	rm -rf $(BUILD)
	$(BIN)/jupyter-book build . --path-output . --all -W -n --keep-going

# The printed book, from the same build tree and execution cache, warnings as errors;
# tests/test_pdf.py then checks it. The site publishes it: the download menu links
# _build/html/where-the-data-lives.pdf (bookext/printed.py).
book-pdf: book-strict tex
	$(BIN)/jupyter-book build . --path-output . --builder pdflatex -W -n --keep-going
	cp $(PDF) $(BUILD)/html/

test: book-strict book-pdf chromium
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
	$(BIN)/jupyter-book build . --path-output . --builder pdflatex -n --keep-going
	@$(BIN)/python tools/inputs_changed.py --record $(BUILD)
	@if grep -q "^Missing character" $(BUILD)/latex/*.log; then \
	  echo "Warning: the PDF's fonts have no glyph for these characters, which are left out:"; \
	  grep "^Missing character" $(BUILD)/latex/*.log | sort -u; fi
	@if [ -d $(BUILD)/html ]; then cp $(PDF) $(BUILD)/html/; fi
	@echo "The printed book is built: open $(CURDIR)/$(PDF)"

refresh: $(STAMP)
	$(BIN)/python tools/refresh_notebooks.py book/*.ipynb

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf $(VENV) node_modules

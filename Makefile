# Build and test the book. Every target sets up what it needs first:
#   make book     HTML + exported figures + PDF (the default)
#   make html     HTML (with the figure files its catalogue links), into _build/html
#   make pdf      PDF only, into _build/latex/book.pdf
#   make figures  figure files (PNG, SVG, CSV, catalog.json) into _build/figures
#   make test     lint, then the whole test suite, including the slow book/browser/PDF tests
#   make lint     ruff check and ruff format --check (settings in pyproject.toml)
#   make clean    remove _build (keeps .venv)
# Builds are strict: any Sphinx warning, notebook error or LaTeX problem fails them.
# Each output has a stamp under _build/.kz: with nothing changed, make does nothing.

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := book
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUILD := _build

# Keep tool caches inside _build so that builds do not depend on the home folder.
export MPLCONFIGDIR := $(CURDIR)/$(BUILD)/.cache/matplotlib
export IPYTHONDIR := $(CURDIR)/$(BUILD)/.cache/ipython
export TEXMFVAR := $(CURDIR)/$(BUILD)/.cache/texmf-var
export XDG_CACHE_HOME := $(CURDIR)/$(BUILD)/.cache/xdg
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export JUPYTER_PREFER_ENV_PATH := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Python keeps the bytecode of what it imports (__pycache__, git-ignored) even
# where the environment asks it not to: otherwise each of the build's dozen
# processes compiles every module it imports again, on every build.
unexport PYTHONDONTWRITEBYTECODE

# The Python set-up is redone only when the pins or the package metadata change.
SETUP_KEY := $(shell cat requirements.txt pyproject.toml tools/jupyterlab_overrides.json | sha256sum | cut -c1-16)
STAMP := $(VENV)/.setup-$(SETUP_KEY)

.PHONY: book html pdf figures test lint setup sysdeps clean

# Make-level stamps: an output is rebuilt only when one of the files it is
# made from is newer than its stamp, so a build with nothing changed runs no
# Python, no Sphinx and no LaTeX. (tools/build_book.py then decides, by
# content, which chapters to run again.) The data directory is KZ_DATA_DIR
# when set; switching to another one counts as a change.
DATA_DIR := $(if $(KZ_DATA_DIR),$(abspath $(KZ_DATA_DIR)),$(CURDIR)/data)
KZ := $(BUILD)/.kz
$(shell mkdir -p $(KZ) && (echo '$(DATA_DIR)' | cmp -s - $(KZ)/data-dir || echo '$(DATA_DIR)' > $(KZ)/data-dir))
BOOK_INPUTS := _config.yml _toc.yml requirements.txt tools/build_book.py $(KZ)/data-dir \
	$(shell find chapters _ext _static _latex kzanalysis '$(DATA_DIR)' -type f \
	        -not -path '*/__pycache__/*' -not -path '*/.ipynb_checkpoints/*' -not -name '*.pyc' \
	        -not -name '*.ipynb' -not -name '.*' 2>/dev/null)
BOOK_STAMP := $(KZ)/book.stamp
HTML_STAMP := $(KZ)/html.stamp
FIGURES_STAMP := $(KZ)/figures.stamp
PDF_STAMP := $(KZ)/pdf.stamp
# A stamp whose output has gone is no stamp.
$(shell test -f $(BUILD)/html/index.html || rm -f $(HTML_STAMP) $(FIGURES_STAMP) $(BOOK_STAMP))
$(shell test -f $(BUILD)/figures/catalog.json || rm -f $(FIGURES_STAMP) $(BOOK_STAMP))
$(shell test -f $(BUILD)/latex/book.pdf || rm -f $(PDF_STAMP) $(BOOK_STAMP))

book: $(BOOK_STAMP)
html: $(HTML_STAMP)
figures: $(FIGURES_STAMP)
pdf: $(PDF_STAMP)

# One run for the whole book, so that HTML, figures and PDF are made in parallel.
$(BOOK_STAMP): $(BOOK_INPUTS) | $(STAMP) sysdeps
	$(PY) tools/build_book.py html figures pdf
	touch $(HTML_STAMP) $(FIGURES_STAMP) $(PDF_STAMP) $@

# The HTML's figure catalogue links the exported figure files, so they are made with it.
$(HTML_STAMP): $(BOOK_INPUTS) | $(STAMP)
	$(PY) tools/build_book.py html figures
	touch $(FIGURES_STAMP) $@

$(FIGURES_STAMP): $(BOOK_INPUTS) | $(STAMP)
	$(PY) tools/build_book.py html figures
	touch $(HTML_STAMP) $@

$(PDF_STAMP): $(BOOK_INPUTS) | $(STAMP) sysdeps
	$(PY) tools/build_book.py pdf
	touch $@

LINT_PATHS := kzanalysis tests _ext tools benchmarks

test: lint setup sysdeps
	mkdir -p "$(MPLCONFIGDIR)" "$(IPYTHONDIR)" "$(TEXMFVAR)" "$(XDG_CACHE_HOME)"
	$(PY) -m pytest -q

# Lint and format check of the code (not the chapters, which are MyST notebooks).
lint: setup
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)

# Python packages (exact pins), the kzanalysis package (editable), and a
# JupyterLab setting that opens the chapters (MyST Markdown) as notebooks.
# The pins are installed by uv (itself pinned in requirements.txt), which
# fetches, unpacks and compiles them in parallel: well under a minute, where
# pip takes minutes. If uv cannot be installed, pip installs the same pins.
# (-qq: pip's errors only, not its notes on the machine's own index settings.)
setup: $(STAMP)

UV_PIN = $(shell grep -E '^uv==' requirements.txt)

$(STAMP):
	@mkdir -p "$(MPLCONFIGDIR)" "$(IPYTHONDIR)" "$(TEXMFVAR)" "$(XDG_CACHE_HOME)"
	@test -x $(PY) || { echo "set-up: creating $(VENV) ($(PYTHON) -m venv)"; $(PYTHON) -m venv $(VENV); }
	@echo "set-up: installing the pinned packages of requirements.txt into $(VENV) (uv, under a minute)"
	@if $(PY) -m pip install -qq '$(UV_PIN)'; then \
	  $(VENV)/bin/uv pip install --quiet --no-cache --compile-bytecode --python $(PY) -r requirements.txt; \
	else \
	  echo "set-up: uv could not be installed: pip installs the pins instead (a few minutes)"; \
	  $(PY) -m pip install -r requirements.txt; \
	fi
	@echo "set-up: installing kzanalysis (editable) and the JupyterLab setting"
	@$(PY) -m pip install -q --no-build-isolation --no-deps -e .
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp tools/jupyterlab_overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@rm -f $(VENV)/.setup-*
	@touch $@

sysdeps:
	bash tools/system_deps.sh

clean:
	rm -rf $(BUILD) chapters/.ipynb_checkpoints

# Build and test the book. Every target sets up what it needs first:
#   make book     HTML + exported figures + PDF (the default)
#   make html     HTML only, into _build/html
#   make pdf      PDF only, into _build/latex/book.pdf
#   make figures  figure files (PNG, SVG, CSV, catalog.json) into _build/figures
#   make test     the whole test suite, including the slow book/browser/PDF tests
#   make clean    remove _build (keeps .venv)
# Builds are strict: any Sphinx warning, notebook error or LaTeX problem fails them.

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

# The Python set-up is redone only when the pins or the package metadata change.
SETUP_KEY := $(shell cat requirements.txt pyproject.toml tools/jupyterlab_overrides.json | sha256sum | cut -c1-16)
STAMP := $(VENV)/.setup-$(SETUP_KEY)

.PHONY: book html pdf figures test setup sysdeps clean

book: setup sysdeps
	$(PY) tools/build_book.py html figures pdf

html: setup
	$(PY) tools/build_book.py html

figures: setup
	$(PY) tools/build_book.py html figures

pdf: setup sysdeps
	$(PY) tools/build_book.py pdf

test: setup sysdeps
	mkdir -p "$(MPLCONFIGDIR)" "$(IPYTHONDIR)" "$(TEXMFVAR)" "$(XDG_CACHE_HOME)"
	$(PY) -m pytest -q

# Python packages (exact pins), the kzanalysis package (editable), and a
# JupyterLab setting that opens the chapters (MyST Markdown) as notebooks.
setup: $(STAMP)

$(STAMP):
	mkdir -p "$(MPLCONFIGDIR)" "$(IPYTHONDIR)" "$(TEXMFVAR)" "$(XDG_CACHE_HOME)"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -r requirements.txt
	$(PY) -m pip install --no-build-isolation --no-deps -e .
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp tools/jupyterlab_overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	rm -f $(VENV)/.setup-*
	touch $@

sysdeps:
	bash tools/system_deps.sh

clean:
	rm -rf $(BUILD) chapters/.ipynb_checkpoints

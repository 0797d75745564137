# aim-workbook: every target installs what it needs (npm packages, Jupyter, the tslab kernel, fonts).
# The two set-up commands of the README are `make figures` and `make test`.

SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := /usr/bin/python3
BIN := node_modules/.bin
export JUPYTER_PATH := $(CURDIR)/.jupyter/share/jupyter
KERNEL := .jupyter/share/jupyter/kernels/tslab/kernel.json
FONT := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
TESTS = $(shell find test -name '*.test.ts' | sort)
BENCHES = $(sort $(wildcard bench/*.bench.ts))

.PHONY: help install build typecheck test test-unit notebooks figures bench lab data jupyter kernel fonts clean

help:
	@echo "make figures    regenerate figures/*.svg and *.png from data/ (no Jupyter needed)"
	@echo "make test       unit tests + type check + execute every notebook"
	@echo "make test-unit  unit tests + type check only"
	@echo "make notebooks  convert notebooks/src/*.ts and execute them in place (fails on any cell error)"
	@echo "make bench      benchmark tables"
	@echo "make data       recompute data/ (resumable)"
	@echo "make lab        JupyterLab with the repository's TypeScript kernel"

# npm ci when node_modules is missing or older than the lock file (never through a symlinked node_modules)
node_modules/.package-lock.json: package-lock.json package.json
	@if [ -L node_modules ]; then echo "node_modules is a link: not reinstalling"; else npm ci --no-audit --no-fund; fi
	@touch $@

install: node_modules/.package-lock.json

build: install
	$(BIN)/tsc -p tsconfig.build.json

typecheck: install
	$(BIN)/tsc -p tsconfig.json --noEmit

test-unit: typecheck
	node --import tsx --test $(TESTS)

test: test-unit notebooks

# Jupyter: an existing one on /usr/bin/python3, else Debian's packages, else a one-line instruction
jupyter:
	@if $(PY) -c "import nbclient, nbformat, jupyter_client" 2>/dev/null && command -v jupyter >/dev/null; then :; \
	elif command -v apt-get >/dev/null; then \
	  echo "installing Jupyter from Debian packages"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends jupyter-nbconvert python3-nbclient python3-ipython >/dev/null; \
	else echo "Jupyter is missing: run 'pip install jupyterlab nbclient' (for $(PY)) and retry"; exit 1; fi

$(KERNEL): | node_modules/.package-lock.json
	$(BIN)/tslab install --python $(PY) --binary $(CURDIR)/$(BIN)/tslab --prefix $(CURDIR)/.jupyter

kernel: install jupyter $(KERNEL)

notebooks: build kernel
	$(BIN)/tsx scripts/notebooks.ts
	$(PY) scripts/run_notebooks.py

fonts:
	@if [ ! -f $(FONT) ] && [ -z "$$AIM_FONT" ]; then \
	  if command -v apt-get >/dev/null; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq fonts-dejavu-core >/dev/null; \
	  else echo "DejaVu Sans is missing: install fonts-dejavu or set AIM_FONT=/path/to/DejaVuSans.ttf"; exit 1; fi; fi

figures: build fonts
	$(BIN)/tsx scripts/figures.ts

bench: install
	@for f in $(BENCHES); do echo; echo "### $$f"; $(BIN)/tsx $$f || exit 1; done

# recompute the data behind the figures (resumable: finished points are skipped)
data: install
	@echo "data targets are added per experiment (AMP, GD)"
	# phases: Bayes test error on y over ρ × β × α for T = 2, 3, 4 (figure generalization)
	for spec in "2 0.275" "3 0.11" "4 0.0611"; do set -- $$spec; \
	  ./bin/aim.cjs sweep gen --rho 0.25,0.5,0.75,1,1.25,1.5,1.75,2 --T $$1 --beta 0.5,1,2,4,8 --alpha lin:0:$$2:23 \
	    --out data/generalization.csv || exit 1; done
	# gd: GD single/averaged vs SE, T = 2..6 (figure softmax-gd), and the d = 100/200 table of notebook 04
	./bin/aim.cjs data gd --preset quick
	./bin/aim.cjs gd --d 100 --rho 0.5 --T 2 --alpha 0.05,0.1,0.15 --average 32 --samples 2 --seed 0 --out gd-table-d100.csv
	./bin/aim.cjs gd --d 200 --rho 0.5 --T 2 --alpha 0.05,0.1,0.15 --average 8 --samples 1 --seed 0 --out gd-table-d200.csv

lab: kernel
	@if command -v jupyter-lab >/dev/null; then jupyter lab notebooks; \
	else echo "JupyterLab is not installed: run 'pip install jupyterlab' (the kernel is registered in .jupyter/)"; exit 1; fi

clean:
	rm -rf dist .jupyter

# aim-workbook: every command a user or CI needs. `make help` lists the targets.
# Each target installs what it needs first: `make figures` and `make test` work on a fresh clone.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Jupyter runs on the system Python (Debian's packages), not on a pyenv/venv python3 that may come first on PATH.
PYTHON ?= $(firstword $(wildcard /usr/bin/python3) python3)
JUPYTER_DIR := $(CURDIR)/.jupyter
# the repository's kernel spec is found through JUPYTER_PATH (the runner and `make lab` use it)
KERNELS := $(JUPYTER_DIR)/share/jupyter
export JUPYTER_PATH := $(KERNELS)$(if $(JUPYTER_PATH),:$(JUPYTER_PATH))
# the repository's Jupyter configuration (jupyter/jupyter_config.json: nbconvert prefers a figure's PNG to its SVG,
# which nbconvert 6.5 always sanitizes away), read by every Jupyter command run from here and by make lab
export JUPYTER_CONFIG_PATH := $(CURDIR)/jupyter$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH))
# puppeteer-core never downloads a browser; the tests use Debian's chromium
export PUPPETEER_SKIP_DOWNLOAD := 1
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
NPX := npx --no-install
# apt needs root: use sudo only when not root
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
HAVE_APT := $(shell command -v apt-get 2>/dev/null)
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

TEST_FILES := $(shell find test -name '*.test.ts' | sort)
BROWSER_TEST_FILES := $(sort $(wildcard test/browser/*.browser.ts))
BENCH_FILES := $(sort $(wildcard bench/*.bench.ts))
# `make notebooks NOTEBOOKS="notebooks/02-replica.ipynb"` runs a subset
NOTEBOOKS ?=
# `make html`: where the HTML exports go (git-ignored)
HTML_DIR ?= build/html
# `make lab`: the server's port, NO_BROWSER=1 to not open a browser (headless machines), FRONT_END=lab|notebook
PORT ?= 8888
NO_BROWSER ?=
FRONT_END ?=

.PHONY: help install build jupyter kernel fonts notebook-server chromium test test-unit test-browser typecheck notebooks check-notebooks html figures bench lab data clean

help:
	@echo "make figures    regenerate figures/*.svg and *.png from data/ (no Jupyter needed)"
	@echo "make test       unit tests + type check + execute every notebook + browser tests (= test-unit notebooks test-browser)"
	@echo "make test-unit  unit tests (node --test) and tsc --noEmit"
	@echo "make test-browser  headless chromium: nbconvert exports show every figure, the gallery page works, a notebook runs in make lab's server"
	@echo "make html       export every notebook to HTML in $(HTML_DIR)/ (figures as PNG)"
	@echo "make notebooks  convert notebooks/src/*.ts and execute every notebook in place; fails on any error"
	@echo "make check-notebooks  committed notebooks match their sources and carry clean outputs (no execution)"
	@echo "make bench      run every bench/*.bench.ts (markdown tables of medians)"
	@echo "make lab        JupyterLab (or Jupyter Notebook) with the repository's TypeScript kernel on 127.0.0.1:PORT with a token"
	@echo "make data       recompute the data/ tables used by the figures (long)"
	@echo "make install | build | jupyter | kernel | fonts | notebook-server | chromium | clean"

# npm ci when node_modules is missing or older than the lock file (npm ci writes node_modules/.package-lock.json).
# A symlinked node_modules is a shared install (git worktrees): it is never reinstalled from here.
install: node_modules/.package-lock.json

node_modules/.package-lock.json: package-lock.json
	@if [ -L node_modules ]; then \
	  echo "install: node_modules is a link to a shared install; not reinstalling"; \
	else \
	  npm ci --no-audit --no-fund && touch $@; \
	fi

build: install
	rm -rf dist
	npm run --silent build

# Jupyter for executing notebooks: the system Python's nbclient if importable; on Debian/Ubuntu the distribution
# packages; elsewhere a one-line instruction.
jupyter:
	@if $(PYTHON) -c "import nbclient, nbformat, jupyter_client" 2>/dev/null; then \
	  true; \
	elif [ -n "$(HAVE_APT)" ]; then \
	  echo "jupyter: installing jupyter-nbconvert python3-nbclient python3-ipython with apt"; \
	  $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient python3-ipython; \
	else \
	  echo "jupyter: Jupyter is missing for $(PYTHON): run  $(PYTHON) -m pip install jupyterlab nbclient  (or make PYTHON=/path/to/python)"; \
	  exit 1; \
	fi

# The tslab kernel, registered inside the repository (.jupyter/, git-ignored), found through JUPYTER_PATH.
# Re-registered every time (under a second), so the spec always points at this checkout's tslab.
kernel: install jupyter
	@$(NPX) tslab install --python $(PYTHON) --binary $(CURDIR)/node_modules/.bin/tslab --prefix $(JUPYTER_DIR) >/dev/null
	@echo "kernel: tslab registered in $(KERNELS)"

# DejaVu Sans draws the text of the PNG figures (resvg is given the font file explicitly). Elsewhere than Debian,
# scripts/figures.ts looks in the usual font directories and says what to install if it finds none.
fonts:
	@if [ -n "$$AIM_FONT" ] || [ -f $(DEJAVU) ]; then \
	  true; \
	elif [ -n "$(HAVE_APT)" ]; then \
	  echo "fonts: installing fonts-dejavu-core with apt"; \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends fonts-dejavu-core; \
	fi

# A notebook front end for make lab: JupyterLab or Jupyter Notebook when either is installed; otherwise on
# Debian/Ubuntu the distribution's Jupyter Notebook; elsewhere a one-line instruction.
notebook-server: jupyter
	@if command -v jupyter-lab >/dev/null || $(PYTHON) -c "import jupyterlab" 2>/dev/null || $(PYTHON) -c "import notebook" 2>/dev/null; then \
	  true; \
	elif [ -n "$(HAVE_APT)" ]; then \
	  echo "notebook-server: installing jupyter-notebook with apt"; \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends jupyter-notebook; \
	else \
	  echo "notebook-server: no Jupyter front end for $(PYTHON): run  $(PYTHON) -m pip install jupyterlab  (or make PYTHON=/path/to/python)"; \
	  exit 1; \
	fi

# The headless browser of the browser tests: $(CHROMIUM) if present; on Debian/Ubuntu the chromium package.
chromium:
	@if [ -x "$(CHROMIUM)" ]; then \
	  true; \
	elif [ -n "$(HAVE_APT)" ]; then \
	  echo "chromium: installing chromium with apt"; \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium; \
	else \
	  echo "chromium: no browser at $(CHROMIUM): install Chromium and run  make test-browser CHROMIUM=/path/to/chromium"; \
	  exit 1; \
	fi

test: test-unit notebooks test-browser

typecheck: install
	$(NPX) tsc -p tsconfig.json --noEmit

test-unit: typecheck
	node --import tsx --test --test-reporter=spec $(TEST_FILES)

# Seconds, no kernel: every committed notebook matches its source and shows every cell run without error.
check-notebooks: install
	$(NPX) tsx scripts/notebooks.ts --check
	$(PYTHON) scripts/run_notebooks.py --check-outputs

# Headless chromium (puppeteer-core): every notebook's nbconvert export shows each figure as a drawn image, the
# gallery page figures/index.html renders every figure and its sliders change them, and a notebook runs to the
# end in make lab's server. Screenshots go to test-output/browser/.
test-browser: build kernel fonts notebook-server chromium
	node --import tsx --test --test-reporter=spec $(BROWSER_TEST_FILES)

notebooks: build kernel fonts
	$(NPX) tsx scripts/notebooks.ts
	$(PYTHON) scripts/run_notebooks.py $(NOTEBOOKS)

# The notebooks as HTML pages, with their figures (jupyter/jupyter_config.json picks the PNG of each figure).
html: jupyter
	$(PYTHON) -m nbconvert --to html --output-dir $(HTML_DIR) $(or $(NOTEBOOKS),$(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb)))

figures: build fonts
	$(NPX) tsx scripts/figures.ts

bench: install
	@for f in $(BENCH_FILES); do echo; echo "## $$f"; $(NPX) tsx $$f || exit 1; done

# JupyterLab when installed, else Jupyter Notebook (installed from Debian's packages by notebook-server), serving
# notebooks/ with the tslab kernel on 127.0.0.1:$(PORT), token required (JUPYTER_TOKEN or a random one; the URL
# printed carries it). scripts/lab.py says how.
lab: build kernel notebook-server
	@PORT="$(PORT)" NO_BROWSER="$(NO_BROWSER)" FRONT_END="$(FRONT_END)" $(PYTHON) scripts/lab.py

# Recomputes the data tables in data/ (CSV + manifest each; resumable: rerun to continue an interrupted run).
data: install
	@# hardmax: SE curves (both scores) and the ρ → 0 limit behind figures hardmax-se and hardmax-rho0 (~10 s)
	$(NPX) tsx -e 'require("./lib/figures/hardmax-se").writeHardmaxFigureData()'
	@# phases: Bayes test error on y over ρ × β × α for T = 2, 3, 4 (figure generalization)
	for spec in "2 0.275" "3 0.11" "4 0.0611"; do set -- $$spec; \
	  ./bin/aim.cjs sweep gen --rho 0.25,0.5,0.75,1,1.25,1.5,1.75,2 --T $$1 --beta 0.5,1,2,4,8 --alpha lin:0:$$2:23 \
	    --out data/generalization.csv || exit 1; done
	@# phases: AMP's Bayes and plug-in test errors on fresh samples at d = 200 vs theory (notebook 06)
	./bin/aim.cjs sweep amptest --channel softmax --T 2 --rho 0.5 --alpha 0.05,0.1,0.15 --d 200 --samples 4 --out data/amp-test-error.csv
	./bin/aim.cjs sweep amptest --channel softmax --T 3 --rho 0.5 --alpha 0.02,0.04,0.06 --d 200 --samples 4 --out data/amp-test-error.csv
	./bin/aim.cjs sweep amptest --channel hardmax --T 2 --rho 0.5 --alpha 0.3,0.6,1 --d 200 --samples 4 --out data/amp-test-error-hardmax.csv
	# gd: GD single/averaged vs SE, T = 2..6 (figure softmax-gd), and the d = 100/200 table of notebook 04
	./bin/aim.cjs data gd --preset quick
	# (fewer runs at the costlier points, to fit a shared 2-core machine; the manifests record each command)
	./bin/aim.cjs gd --d 100 --rho 0.5 --T 2 --alpha 0.05,0.1 --average 32 --samples 2 --seed 0 --out gd-table-d100.csv
	./bin/aim.cjs gd --d 100 --rho 0.5 --T 2 --alpha 0.15 --average 16 --samples 1 --seed 0 --out gd-table-d100.csv
	./bin/aim.cjs gd --d 100 --rho 0.5 --T 2 --alpha 0.15 --average 32 --samples 1 --seed 0 --out gd-table-d100.csv
	./bin/aim.cjs gd --d 200 --rho 0.5 --T 2 --alpha 0.05,0.1 --average 8 --samples 1 --seed 0 --out gd-table-d200.csv
	./bin/aim.cjs gd --d 200 --rho 0.5 --T 2 --alpha 0.15 --average 4 --samples 1 --seed 0 --out gd-table-d200.csv
	./bin/aim.cjs gd --d 200 --rho 0.5 --T 2 --alpha 0.15 --average 8 --samples 1 --seed 0 --out gd-table-d200.csv
	# gd: two-layer students, per-layer errors and oracle runs (figures deep-gd, deep-oracle; notebook 07)
	./bin/aim.cjs data gd --preset deep

	@# amp: AMP points of figures softmax-amp / hardmax-amp, the hardmax score question and the d = 200 validation
	@# (about 1.5 h on 2 cores with float32 products; every point is resumable; data/*.manifest.json says what ran).
	@# float64 reference rows on the same problems, for the precision check of notebook 03, come from the same
	@# commands without --precision (the d = 200 ones take several hours in float64).
	./bin/aim.cjs data amp --set softmax
	./bin/aim.cjs data amp --set validation --precision float32
	./bin/aim.cjs data amp --set question --precision float32
	./bin/aim.cjs data amp --set hardmax --precision float32

clean:
	rm -rf dist .jupyter notebooks/.ipynb_checkpoints build/html test-output

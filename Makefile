# Upstream: build the book, run the tests, run the lessons live.
#   make book   builds the HTML book (creates .venv if there is none) and prints where it is
#   make test   runs the whole test suite (unit, notebooks, book build, browser, JupyterLab)
#   make lab    runs the lessons live in JupyterLab (as root too) and prints the URL to open
PYTHON   ?= python3
VENV     ?= .venv
BIN       = $(VENV)/bin
LAB_IP   ?= 127.0.0.1
LAB_PORT ?= 8888
# ipykernel reads this file in the environment's etc/ipython (see the file for why)
KERNEL_CONFIG = $(VENV)/etc/ipython/ipython_kernel_config.py

.PHONY: book test bench lab serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# One stamp per set of extras, so `make book` installs only what the book needs
# (the test extra adds pytest, Playwright, axe-core and the lab extra).
$(VENV)/.installed-book: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-lab: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(KERNEL_CONFIG): book/_ext/ipython_kernel_config.py | $(BIN)/python
	mkdir -p $(dir $@)
	cp book/_ext/ipython_kernel_config.py $@

book: $(VENV)/.installed-book $(KERNEL_CONFIG)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo ""
	@echo "The book is built. Open this file in a browser:"
	@echo "  $(CURDIR)/_build/html/index.html"
	@echo "(or run 'make serve' and visit http://127.0.0.1:8000/)"

# axe-core for the browser tests, exactly as package-lock.json pins it (from the npm registry)
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: $(VENV)/.installed-test $(KERNEL_CONFIG) node_modules/.package-lock.json
	$(BIN)/python -m pytest -n 2 --dist loadgroup --no-loadscope-reorder

# The in-page explorers are timed in the book built by `make book` when there is one
# (bench_explorers.py builds a copy in a temporary folder otherwise).
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/page_weight.py
	node benchmarks/bench_js_models.mjs
	$(BIN)/python benchmarks/bench_explorers.py $(if $(wildcard _build/html/index.html),--html _build/html)

# JupyterLab with the MyST renderer (jupyterlab-myst), serving the repository and
# opening the lessons folder. The token is random each time and passed in the
# environment (not on the command line, where other users could read it).
# As root (Docker, lab machines, a hub admin) it adds --allow-root.
# LAB_IP=0.0.0.0 listens on every interface (inside Docker); LAB_PORT picks the port.
lab: $(VENV)/.installed-lab $(KERNEL_CONFIG)
	@token=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(24))'); \
	root=""; if [ "$$(id -u)" = 0 ]; then root="--allow-root"; fi; \
	echo ""; \
	echo "Starting JupyterLab on the lessons folder (notebooks/). Open this URL in a browser:"; \
	echo ""; \
	echo "    http://127.0.0.1:$(LAB_PORT)/lab/tree/notebooks?token=$$token"; \
	echo ""; \
	echo "Stop it with Ctrl-C (twice). Solutions are collapsed: click a solution or a ⋯ cell to show it."; \
	echo ""; \
	JUPYTER_TOKEN=$$token exec $(BIN)/jupyter lab $$root --no-browser \
	  --ServerApp.ip=$(LAB_IP) --ServerApp.port=$(LAB_PORT) --ServerApp.port_retries=0 \
	  --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks \
	  --log-level=WARN

serve:
	@test -f _build/html/index.html || { echo "No built book: run 'make book' first."; exit 1; }
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html 8000

clean:
	rm -rf _build node_modules

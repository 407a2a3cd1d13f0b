# Upstream: build the book, run the tests, run the lessons live.
#   make book   builds the HTML book (creates .venv if there is none) and prints where it is
#   make test   runs the whole test suite (unit, notebooks, book build, browser)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp

.PHONY: book test bench lab serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo ""
	@echo "The book is built. Open this file in a browser:"
	@echo "  $(CURDIR)/_build/html/index.html"
	@echo "(or run 'make serve' and visit http://127.0.0.1:8000/)"

# axe-core for the browser tests, exactly as package-lock.json pins it (from the npm registry)
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python -m pytest -n 2 --dist loadgroup

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/page_weight.py

lab: $(STAMP)
	$(BIN)/python -m pip install --quiet 'jupyterlab>=4.2,<5'
	$(BIN)/jupyter lab notebooks/

serve:
	@test -f _build/html/index.html || { echo "No built book: run 'make book' first."; exit 1; }
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html 8000

clean:
	rm -rf _build node_modules

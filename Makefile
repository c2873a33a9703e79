# The two commands a newcomer needs: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run demo test test-fast lint bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[all,dev]'
	touch $(STAMP)

install: $(STAMP)

## run: set up, migrate, load the demo data (once; the registry's units come from the verified demo MRV result), print the demo accounts, serve http://127.0.0.1:8000
run: install
	mkdir -p var
	$(BIN)/python -m fourpermille.web migrate --noinput
	$(BIN)/python -m fourpermille.web load_demo
	$(BIN)/python -m fourpermille.web load_dashboard_demo
	$(BIN)/python -m fourpermille.web registry_demo
	$(BIN)/python -m fourpermille.web runserver 127.0.0.1:8000

## demo: the command-line demo analysis (written under var/demo)
demo: install
	$(BIN)/fourpermille demo --out var/demo

## test: lint, import contract, then every test
test: install lint
	$(BIN)/pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "web tests again on $$TEST_DATABASE_URL"; \
		PYTEST_DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/pytest tests/web; fi

test-fast: install
	$(BIN)/pytest -m "not slow"

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

## bench: benchmarks, one JSON line per figure
bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var .pytest_cache

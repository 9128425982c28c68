# make run: set up and serve on http://127.0.0.1:8000 with the scheduler.
# make test: set up and run every test (SQLite with the browser and live-server tests, then PostgreSQL when
# ELDERCARE_TEST_POSTGRES_URL is set).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres lint bench bench-province screenshots clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	mkdir -p var
	$(BIN)/eldercare migrate
	$(BIN)/eldercare demo --if-empty
	@$(BIN)/python -m eldercare.demo.welcome http://127.0.0.1:8000
	$(BIN)/eldercare serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check eldercare jobs tests $(wildcard bench)

test: lint test-sqlite test-postgres

test-sqlite: $(STAMP)
	ELDERCARE_TEST_ENGINE=sqlite $(BIN)/pytest -q

test-postgres: $(STAMP)
	@if [ -n "$$ELDERCARE_TEST_POSTGRES_URL" ]; then \
		ELDERCARE_TEST_ENGINE=postgres $(BIN)/pytest -q -m "not browser and not live"; \
	elif [ "$$CI" = "true" ]; then \
		echo "CI: ELDERCARE_TEST_POSTGRES_URL is not set, the PostgreSQL run cannot be skipped"; exit 1; \
	else \
		echo "skipped the PostgreSQL run: ELDERCARE_TEST_POSTGRES_URL is not set"; \
	fi

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

# make screenshots: each role's main pages at 1366 px and 375 px into docs/screenshots/ (a fresh demo county).
screenshots: $(STAMP)
	$(BIN)/python -m bench.screenshots

bench-province: $(STAMP)
	nice -n 10 $(BIN)/python -m bench.province

clean:
	rm -rf $(VENV) var .pytest_cache

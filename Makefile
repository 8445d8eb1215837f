# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: run test lint bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet -e '.[web]'
	touch $@

$(VENV)/.installed-test: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# The flagship end to end: analyse the scenario, then negotiate it. We (A) play
# diplomat; the strong dealer (B) plays boulware: it holds its demands and
# concedes only near the deadline. Every move is stored as it happens in the
# embedded SQLite ledger (~/.local/share/accord/accord.db, or $ACCORD_DB), and
# the ledger then shows the relationship with the dealer: run it again and the
# relationship carries on. Then the web app serves all of it on http://127.0.0.1:8000/
# (loopback only; PORT=8080 make run for another port) until Ctrl-C.
PORT ?= 8000
run: $(VENV)/.installed
	$(BIN)/accord analyze examples/dealer_rebate.yaml
	$(BIN)/accord negotiate examples/dealer_rebate.yaml --a diplomat --b boulware --counterparty "Dealer Co"
	$(BIN)/accord ledger show "Dealer Co"
	$(BIN)/accord serve --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench studies
	$(BIN)/vulture
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -q src tests

# Speed benchmarks (minutes); the quality ones are bench/tournament.py and bench/advisor.py
# without --skip-quality, and the doctrine study is studies/doctrine.py (see BENCHMARKS.md).
bench: $(VENV)/.installed-test
	$(BIN)/python bench/pareto.py
	$(BIN)/python bench/negotiation.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/series.py
	$(BIN)/python bench/advisor.py --skip-quality

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis

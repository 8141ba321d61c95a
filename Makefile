# The commands users run. Each one bootstraps .venv itself on first use;
# later calls install nothing (the stamp file is newer than pyproject.toml).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEV    ?= tests/dev
HOLDOUT ?= tests/holdout

.PHONY: extract test eval bench install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	$(BIN)/python -m pipeline.compiled_patterns config.yaml
	@touch $(STAMP)

extract: $(STAMP)
	$(BIN)/python -m pipeline extract

test: $(STAMP)
	$(BIN)/python -m pytest

# Scores output/ against tests/gold/ (the seeds), then the ten dev articles,
# then the team's holdout of articles written in the styles of other sites.
eval: extract
	@echo "== seeds (output/ vs tests/gold/)"
	@$(BIN)/python -m pipeline eval --gold tests/gold
	@if [ -d $(DEV)/articles ]; then \
		echo "== dev articles ($(DEV))"; \
		$(BIN)/python -m pipeline eval --input $(DEV)/articles --gold $(DEV)/gold; \
	fi
	@if [ -d $(HOLDOUT)/articles ]; then \
		echo "== holdout articles ($(HOLDOUT))"; \
		$(BIN)/python -m pipeline eval --input $(HOLDOUT)/articles --gold $(HOLDOUT)/gold; \
	fi

bench: $(STAMP)
	$(BIN)/python -m pipeline bench $(BENCH_ARGS)

clean:
	rm -rf output/.cache output/*.csv output/clean

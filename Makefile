# The README's first two commands: `make run` (the app) and `make test` (everything CI checks).
# Both create .venv from pyproject.toml on first use; nothing needs to be installed by hand.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

# System libraries the Qt window (xcb platform plugin) needs on Debian/Ubuntu.
QT_DEBS := libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
           libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 \
           libegl1 libgl1 libfontconfig1 libdbus-1-3
# Tools the tests use to read PDFs back (pdftotext, pdftoppm).
TEST_DEBS := poppler-utils

.PHONY: run test check lint bench bundle bundle-test clean qt-deps test-deps

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP) qt-deps
	$(BIN)/advisor

test: $(STAMP) test-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/ruff check advisor tests benchmarks
	$(BIN)/advisor rules validate
	$(BIN)/advisor rules test
	$(BIN)/advisor rules audit

lint: $(STAMP)
	$(BIN)/ruff check advisor tests benchmarks

bench: $(STAMP)
	for f in benchmarks/bench_*.py; do QT_QPA_PLATFORM=offscreen $(BIN)/python $$f || exit 1; done

# One-folder app in dist/advisor/ (PyInstaller, build_spec/advisor.spec), then its self-test.
bundle:
	build_spec/build.sh

# Build the bundle and run it (self-test, subcommands): what CI runs after `make test`.
bundle-test: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[bundle]'
	ADVISOR_BUNDLE_TEST=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/bundle -p no:cacheprovider

qt-deps:
	@missing=""; for p in $(QT_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing Qt system libraries:$$missing"; \
	    (apt-get install -y -q $$missing >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null)); \
	  else echo "The window needs these system libraries. Run:  sudo apt-get install$$missing"; exit 1; fi; \
	fi

test-deps:
	@if ! command -v pdftotext >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then (apt-get install -y -q $(TEST_DEBS) >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q $(TEST_DEBS) >/dev/null)); \
	  else echo "Tests need: sudo apt-get install $(TEST_DEBS)"; exit 1; fi; \
	fi

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache

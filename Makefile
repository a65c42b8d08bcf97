# Two commands on a fresh machine: `make demo` (install, load demo data, serve on 127.0.0.1:8000)
# and `make test` (install, then the whole suite). Everything installs into .venv from PyPI.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | sha1sum | cut -c1-10)
# Front-end assets (design system, font; axe-core for the browser tests) from the npm registry, copied
# into the static folder at install time; none of their files is committed.
VENDOR := src/hoinhap/web/static/vendor
ASSETS := $(VENDOR)/.installed-$(shell cat package.json package-lock.json 2>/dev/null | sha1sum | cut -c1-10)
FONT := node_modules/@fontsource/be-vietnam-pro

.PHONY: install demo serve test test-pg lint bench clean messages screenshots load

$(STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

# Node.js and npm come from Debian where they are missing (root, or sudo).
$(ASSETS): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "installing Node.js and npm from Debian"; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q nodejs npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/be-vietnam-pro/files
	cp node_modules/@picocss/pico/css/pico.min.css node_modules/@picocss/pico/LICENSE.md $(VENDOR)/
	for w in 400 600 700; do cp $(FONT)/$$w.css $(VENDOR)/be-vietnam-pro/; \
	  cp $(FONT)/files/be-vietnam-pro-*-$$w-normal.woff* $(VENDOR)/be-vietnam-pro/files/; done
	cp $(FONT)/LICENSE $(VENDOR)/be-vietnam-pro/
	touch $@

install: $(STAMP) $(ASSETS)
	@$(BIN)/python -m hoinhap.i18n

demo: install
	$(BIN)/hoinhap demo

serve: install
	$(BIN)/hoinhap serve

test: install
	$(BIN)/pytest

test-pg: install
	HOINHAP_TEST_DATABASE_URL=$${HOINHAP_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: install
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/import.py
	$(BIN)/python bench/drafting.py
	$(BIN)/python bench/implementation.py
	$(BIN)/python bench/extraction.py --data ../shared/data/vn-plans
	$(BIN)/python bench/retrieval.py --law ../shared/data/vn-retrieval/alqac2023/law.json \
	  --questions ../shared/data/vn-retrieval/alqac2023/train.json ../shared/data/vn-retrieval/alqac2023/private_test.json

# 50 users for 60 s on loopback against `hoinhap serve --production` (figures in docs/performance.md).
load: install
	$(BIN)/python bench/load.py --users 50 --seconds 60

# Refresh docs/screenshots from the browser tests (needs Debian's chromium).
screenshots: install
	HOINHAP_SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest tests/e2e -q --ignore=tests/e2e/test_role_journeys.py --ignore=tests/e2e/test_axe_all_pages.py
	HOINHAP_SCREENSHOTS_DIR=docs/screenshots/roles $(BIN)/pytest tests/e2e/test_role_journeys.py -q

# After changing interface strings: refresh the .po files, translate, then `make install` compiles them.
messages: install
	cd src/hoinhap && ../../$(BIN)/hoinhap manage makemessages -l vi -i "legal/*" --no-obsolete

clean:
	rm -rf $(VENV) hoinhap.sqlite3 staticfiles .pytest_cache .mypy_cache .ruff_cache node_modules $(VENDOR)

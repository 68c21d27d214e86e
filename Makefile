# Oficina Virtual — one entry point for people and CI.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt layers/requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)

.PHONY: install system-deps web run test lint package infra-check api-fuzz bench bench-indicators bench-payments bench-cartera bench-glosas bench-glosa-export bench-affiliates bench-ops bench-afp clean

$(STAMP): requirements.txt layers/requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip>=23,<26.3"  # chalice 1.34 requires pip<26.3
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# The portal (web/): npm ci from the lockfile once per lockfile; rebuilt when its sources or the API change,
# since the build regenerates its types from the app's OpenAPI document and type-checks against them.
WEB_STAMP   := web/node_modules/.installed-$(shell sha1sum web/package-lock.json | cut -c1-12)
WEB_SOURCES := $(shell find web/src web/index.html web/vite.config.ts web/precompress.mjs web/tsconfig.json -type f ! -name api-types.ts) \
               $(shell find app.py chalicelib -name '*.py')

$(WEB_STAMP): web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	rm -f web/node_modules/.installed-* && touch $@

web/dist/index.html: $(STAMP) $(WEB_STAMP) $(WEB_SOURCES)
	$(BIN)/python -m devstack.openapi_dump > web/openapi.json
	cd web && npm run --silent build

web: web/dist/index.html  ## the portal: OpenAPI → TypeScript types → tsc --noEmit → vite build

run: install web  ## the whole system on embedded AWS: portal on http://127.0.0.1:8000/portal/
	$(BIN)/python -m devstack.server --port 8000

# Debian packages the tests need: Chromium (Playwright drives /usr/bin/chromium; never `playwright install`) and
# LibreOffice headless (opens the produced XLSX/CSV files). Installed only when missing; needs root or sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-calc-nogui"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

test: install system-deps lint web  ## the whole test suite: two workers, then the browser journey in order on one stack
	$(BIN)/python -m pytest --ignore=tests/browser
	$(BIN)/python -m pytest tests/browser -n 0

lint: install  ## ruff, and the import layers of chalicelib/ (pyproject.toml [tool.importlinter])
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

package: install  ## CloudFormation (SAM) template for prod in build/package, with the dependency layer
	rm -rf build/package
	AWS_DEFAULT_REGION=us-east-1 $(BIN)/chalice package --stage prod --merge-template infra/resources.yml build/package
	cp -r statemachines build/package/statemachines
	$(BIN)/python -m pip install --quiet --target build/package/layer/python -r layers/requirements.txt \
	    --platform manylinux2014_x86_64 --implementation cp --python-version 3.11 --only-binary=:all:

infra-check: package  ## cfn-lint on the packaged template
	$(BIN)/cfn-lint build/package/sam.yaml

api-fuzz: install  ## schemathesis on the local stack's /openapi.json with real sessions (about 4 minutes)
	$(BIN)/python -m devstack.api_fuzz

bench: install
	$(BIN)/python -m benchmarks.ingest

bench-indicators: install  ## Indicadores for a provider with 1,000,000 authorisations
	$(BIN)/python -m benchmarks.indicators
bench-payments: install  ## Consulta Pagos: first page of a one-year range, detail CSV of 20,000 lines
	$(BIN)/python -m benchmarks.payments

bench-cartera: install  ## a 50,000-row cartera file through the whole local pipeline
	$(BIN)/python -m benchmarks.cartera

bench-glosas: install  ## a 50,000-line glosa response file through the whole local pipeline
	$(BIN)/python -m benchmarks.glosas

bench-glosa-export: install  ## the detail file of one conciliation (5,000 / 20,000 / 50,000 lines), own work and on the emulator
	$(BIN)/python -m benchmarks.glosa_export

bench-affiliates: install  ## 1,000,000 afiliados + 700,000 grupo_familiar rows: read, validate, write (rows/s, peak memory)
	$(BIN)/python -m benchmarks.affiliates

bench-afp: install  ## the AFP report of 500 incapacidades and the history of 1,080 aportes as PDFs (CPU s, peak memory)
	$(BIN)/python -m benchmarks.afp_history

bench-ops: install  ## Consultar estado: a cotizante with 3 minors and 2,000 OPS each, first page of a month (own work < 100 ms)
	$(BIN)/python -m benchmarks.ops

clean:
	rm -rf build $(VENV) web/node_modules web/dist

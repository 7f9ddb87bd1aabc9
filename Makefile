# Lượt — two commands on a fresh Debian machine (as root, or with sudo available):
#   make run    install what the server needs, then start it on the demo hall
#   make test   install what the tests need too, then run the whole suite
#   make cluster  try cluster mode: PostgreSQL, Redis, 4 server processes and nginx (Ctrl-C stops)

PYTHON  ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
PIP     := $(VENV)/bin/pip
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages: what the server uses at run time, and what only the tests need.
RUN_DEBS  := espeak-ng alsa-utils sox fonts-dejavu-core
TEST_DEBS := chromium postgresql redis-server socat nginx openssl
CLUSTER_DEBS := postgresql redis-server nginx

.PHONY: run cluster test venv deps-run deps-test test-deps lint bench clean

run: deps-run
	$(PY) server.py $(ARGS)

# Cluster mode on one machine (docs/deployment.md, "A province"): ARGS="--processes 4
# --port 8080 --halls DIR" pass through.
cluster: deps-run
	@./tools/apt-ensure $(CLUSTER_DEBS)
	$(PY) deploy/cluster/luot_cluster.py $(ARGS)

# Two workers, one test file each at a time (browser, server and pty tests keep their file's
# fixtures together): the suite waits on browsers and servers as much as it computes.
PYTEST_WORKERS ?= -n 2 --dist loadfile

SOURCES := hall store devices accounts kiosk counter display announce api live admin wiring deployment tools bench server.py

test: deps-test
	$(PY) -m pyflakes $(SOURCES)
	$(VENV)/bin/lint-imports --config .importlinter
	$(PY) -m pytest -q -p no:cacheprovider $(PYTEST_WORKERS) $(PYTEST_ARGS)

bench: deps-test
	$(PY) bench/core_bench.py
	$(PY) bench/reports_bench.py
	$(PY) bench/cluster_bench.py

venv: $(VENV)/.ok-run

$(VENV)/.ok-run: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.ok-test: $(VENV)/.ok-run requirements-test.txt
	$(PIP) install -q --disable-pip-version-check -r requirements-test.txt
	touch $@

deps-run: $(VENV)/.ok-run
	@./tools/apt-ensure $(RUN_DEBS)

deps-test: $(VENV)/.ok-test
	@./tools/apt-ensure $(RUN_DEBS) $(TEST_DEBS)

clean:
	rm -rf $(VENV) test-artifacts

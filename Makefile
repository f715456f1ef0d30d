# swiftbio developer commands. `make demo` and `make test` each set up what
# they need (a virtualenv in .venv with swiftbio installed) and run.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: setup install demo test test-swift test-python bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

setup: $(PY)
	$(PY) -m pip install --quiet -r python/requirements-test.txt

install: setup
	$(PY) -m pip install --quiet .

# The main job on the bundled real nuclei image.
demo: install
	cd /tmp && $(abspath $(PY)) -m swiftbio.demo --output $(CURDIR)/demo-output

# Both suites: the engine's Swift tests, then the Python API (which also
# executes every notebook). This is what CI runs.
test: install test-swift test-python

test-swift:
	swift test

test-python:
	cd python/tests && $(abspath $(PY)) -m pytest -q -p no:cacheprovider .

bench: install
	$(PY) benchmarks/bench_filters.py
	$(PY) benchmarks/bench_io.py
	$(PY) benchmarks/bench_segmentation.py
	$(PY) benchmarks/bench_morphology.py
	$(PY) benchmarks/bench_measure.py

clean:
	rm -rf .build build $(VENV) demo-output python/swiftbio/libswiftbio.so python/swiftbio/_core*.so

# dlgrade: `make grade-examples` (the main job) and `make test` do all the set-up they need.
VENV ?= .venv
PY := $(VENV)/bin/python
DLGRADE := $(VENV)/bin/dlgrade
PYTHON ?= python3

.PHONY: install system-deps grade-examples test unit mutation bench validate build clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# bubblewrap gives the sandbox its namespaces; without it dlgrade grades in a weaker, reported mode.
system-deps:
	@command -v bwrap >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -q && apt-get install -y -q bubblewrap) >/dev/null 2>&1 || echo "warning: could not install bubblewrap"; \
	  else echo "warning: bubblewrap (bwrap) missing; install it for full isolation"; fi; }
# Headless Chromium renders the HTML reports in their tests.
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -q && apt-get install -y -q chromium chromium-driver) >/dev/null 2>&1 || echo "warning: could not install chromium"; \
	  else echo "warning: chromium missing; the report rendering tests will be skipped"; fi; }

install: system-deps $(VENV)/.installed

# The main job: build the student materials and grade the bundled example submissions.
grade-examples: install
	$(DLGRADE) build --reference-cache
	$(DLGRADE) doctor
	@for dir in examples/*/; do \
	  id=$$(basename $$dir); echo; $(DLGRADE) grade $$id $$dir || exit 1; \
	done

# Two workers, one test file each at a time: the in-process catalogue tests (tests/test_mistakes.py)
# and the sandboxed ones (tests/test_assignments.py, security, reports) run side by side on 2 cores.
test: install
	$(PY) -m pytest -q -n 2 --dist loadfile

# The engine's unit tests alone (tests/unit, part of `make test` too): seconds, no sandbox.
unit: install
	$(PY) -m pytest -q tests/unit

# Mutation testing of the engine against the unit tier (slow: not part of `make test` nor CI).
# MUTANTS narrows the run by mutant name, e.g. make mutation MUTANTS='autograder.compare.*';
# MUTATION_CHILDREN sets the parallel workers. Results stay in mutants/ (`mutmut browse` to inspect).
MUTANTS ?=
MUTATION_CHILDREN ?= 2
mutation: install
	$(VENV)/bin/mutmut run --max-children $(MUTATION_CHILDREN) $(MUTANTS)
	$(VENV)/bin/mutmut results

validate: install
	$(DLGRADE) validate

bench: install
	$(PY) bench/grade_speed.py

build: install
	$(DLGRADE) build

clean:
	rm -rf $(VENV) *.egg-info

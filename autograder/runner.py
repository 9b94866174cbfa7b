"""Grading one submission: run every part's checks and assemble the result object.

The student's functions run in the sandbox (`SandboxWorker`); the reference and the known mistakes run
here, in the grader's process, through `LocalExecutor`, and their results are cached for the whole
process, so a class of 200 submissions trains the reference model once.
"""

from __future__ import annotations

import copy
import hashlib
import threading
import time

from . import __version__, refcache
from .assignment import Assignment
from .checks import Outcome
from .loader import LoadedSubmission, load_submission
from .oracle import HelperOracle, drawing_helpers
from .sandbox import CallResult, LocalExecutor, SandboxWorker, codec
from .sandbox.isolation import SandboxMode, detect_mode
from .spec import derived_seed

# A student's call may take this many times the reference's time (at least the floor) before it
# is stopped as a timeout; the assignment's limits cap it.
SLOWDOWN_FACTOR = 50.0
SLOWDOWN_FLOOR_SECONDS = 5.0
# The part of a check's message that describes the differences; named mistakes and notes come after.
MESSAGE_CHARS = 2500

# numpy's global random state is shared by every thread: reference calls that seed it run one at a time.
_TRUSTED_LOCK = threading.RLock()


class ReferenceCache:
    """Results of the reference and of the known mistakes, per (part, check, case), for the process,
    backed by the assignment's file on disk (see `autograder.refcache`) so they outlive it."""

    def __init__(self):
        self._store = {}
        self._lock = threading.Lock()

    def get(self, key, compute, assignment=None):
        with self._lock:
            if key in self._store:
                return self._store[key]
        disk = refcache.STORES.store(assignment) if assignment is not None and refcache.enabled() else None
        with _TRUSTED_LOCK:
            with self._lock:
                if key in self._store:
                    return self._store[key]
            value = disk.entries.get(key[1:]) if disk is not None else None
            if value is None:
                if disk is not None and key[-1] == "reference" and refcache.STORES.strict():
                    raise RuntimeError(f"the reference's result for {key[1]} is not in {disk.path.name}")
                value = compute()
                if disk is not None and value.status in ("ok", "error"):
                    disk.entries[key[1:]] = value
                    disk.dirty = True
        with self._lock:
            self._store[key] = value
        return value


REFERENCE_CACHE = ReferenceCache()


class BuiltInputs:
    """Each case's inputs, built once per process: a builder that splits a dataset runs once for a
    class, not once per submission. Every caller gets its own copy to change as it likes."""

    MAX_ENTRIES = 4096

    def __init__(self):
        self._built = {}
        self._lock = threading.Lock()

    def get(self, case, seed):
        key = (id(case), seed)
        with self._lock:
            found = self._built.get(key)
        if found is None or found[0] is not case:
            found = (case, case.build(seed))
            with self._lock:
                if len(self._built) >= self.MAX_ENTRIES:
                    self._built.clear()
                self._built[key] = found
        return copy.deepcopy(found[1])


BUILT_INPUTS = BuiltInputs()


class PartRun:
    """What a check needs while it runs: inputs, the student's call, the reference's and the mistakes'."""

    def __init__(self, assignment: Assignment, part, executor, cache: ReferenceCache, deadline, sound=None,
                 answer_helpers=True):
        # ``sound``: the graded helpers known to pass all their own checks (None: not known). Those run
        # as the student wrote them; every other helper of ``part.uses`` answers as the reference does.
        self.sound = sound
        self.answer_helpers = answer_helpers  # False: the student's own helpers everywhere (for comparisons)
        self.assignment = assignment
        self.part = part
        self.executor = executor
        self.cache = cache
        self.deadline = deadline
        self.params = assignment.param_names(part)
        self._calls = {}
        self._keys = {}
        self._helpers = None  # (answered helpers, those of them that may draw): see `_answered`
        self._reference = LocalExecutor({part.name: assignment.reference_function(part)})

    def seed(self, check, index):
        return derived_seed(self.assignment.id, self.part.name, check.name, index)

    def inputs(self, check, index, case):
        return BUILT_INPUTS.get(case, self.seed(check, index))

    def arguments(self, check, index, case):
        args, kwargs = self.inputs(check, index, case)
        return (tuple(check.call_args(*args)), kwargs) if check.call_args else (args, kwargs)

    def param_name(self, position):
        return self.params[position] if position < len(self.params) else f"argument {position + 1}"

    def input_key(self, check, index, case):
        """A digest of the call's inputs: checks that call with equal inputs share one call.

        The Values and the Property checks of a training run, say, train once, not twice; and the
        reference, cached by the same digest across submissions, runs once per distinct input.
        """
        memo = (check.name, index)
        if memo not in self._keys:
            args, kwargs = self.arguments(check, index, case)
            frame = codec.encode_frame({"np_seed": case.np_seed},
                                       {"args": args, "kwargs": kwargs, "spare": case.spares(args)})
            self._keys[memo] = hashlib.sha1(frame).hexdigest()
        return self._keys[memo]

    def call(self, check, index, case):
        # Helpers answer as the reference would, except in an integration check, which runs the
        # student's own (and watches which of them the call used, for the feedback).
        own = check.integration
        key = (self.input_key(check, index, case), own)
        if key not in self._calls:
            args, kwargs = self.arguments(check, index, case)
            left = self.deadline - time.monotonic()
            timeout = min(self.call_budget(check, index, case), max(left, 0.0))
            if left <= 0:
                self._calls[key] = CallResult("timeout", error={"type": "SubmissionTimeLimit", "message": ""}, seconds=0)
            else:
                uses = tuple(self.part.uses)
                options = {"memo_key": (self.assignment.id, key[0])} if isinstance(self.executor, LocalExecutor) else {}
                proxies, drawing = ((), ()) if own else self._answered()
                self._calls[key] = self.executor.call(self.part.name, args, kwargs, np_seed=case.np_seed,
                                                      return_args=True, timeout=timeout, spare=case.spares(args),
                                                      proxies=proxies, watch=uses if own else (),
                                                      rng_proxies=drawing, **options)
        return self._calls[key]

    def _answered(self):
        """The answered helpers and those of them whose reference may draw, worked out once per part."""
        if self._helpers is None:
            answered = self.answered_helpers()
            self._helpers = (answered, drawing_helpers(self.assignment, answered))
        return self._helpers

    def answered_helpers(self):
        """The helpers answered as the reference would: all of them, but those known to be right.

        A helper that passed every one of its own checks, and whose own helpers did too, behaves as the
        reference's does, and running it in the student's process costs nothing; the others go back to
        the trusted side.
        """
        if not self.answer_helpers:
            return ()
        graded = {p.name: p for p in self.assignment.parts}

        def reach(names):
            seen, stack = set(), list(names)
            while stack:
                name = stack.pop()
                if name not in seen:
                    seen.add(name)
                    stack += list(graded[name].uses) if name in graded else []
            return seen

        helpers = reach(self.part.uses)
        if self.sound is None:
            return tuple(p.name for p in self.assignment.parts if p.name in helpers)
        unsound = {name for name in helpers if name not in self.sound}
        # A sound `optimize` was checked while a wrong `propagate` answered as the reference: it then
        # behaved as the reference's `optimize`. It answers as a whole, once, rather than letting each of
        # its thousand calls of `propagate` make the round trip.
        return tuple(p.name for p in self.assignment.parts
                     if p.name in unsound or (p.name in helpers and reach(p.uses) & unsound))

    def call_budget(self, check, index, case):
        """Seconds the student's call may take: generous next to the reference, never above the limit.

        An endless loop then costs seconds rather than the whole per-call limit, while a correct but
        unvectorised solution (tens of times slower than the reference) still finishes.
        """
        limit = check.timeout or self.part.timeout or self.assignment.limits.call_seconds
        ref = self.reference(check, index, case)
        return min(limit, max(SLOWDOWN_FLOOR_SECONDS, SLOWDOWN_FACTOR * ref.seconds))

    def _trusted(self, executor, tag, check, index, case):
        def compute():
            args, kwargs = self.arguments(check, index, case)
            return executor.call(self.part.name, args, kwargs, np_seed=case.np_seed, return_args=True,
                                 spare=case.spares(args))

        return self.cache.get((self.assignment.id, self.part.name, self.input_key(check, index, case), tag), compute,
                              self.assignment)

    def reference(self, check, index, case):
        return self._trusted(self._reference, "reference", check, index, case)

    def mistake(self, mistake, check, index, case):
        return self._trusted(LocalExecutor({self.part.name: mistake.fn}), f"mistake:{mistake.name}", check, index, case)


def _missing_message(part, loaded: LoadedSubmission | None, load_errors):
    for error in load_errors:
        if part.name in error.get("names", []):
            return (f"`{part.name}` could not be defined: {error['label']} raised {error['type']}: {error['message']}")
    if loaded is not None and any(part.name in m.text for m in loaded.messages):
        return f"`{part.name}` is not defined: the cell holding it could not be read (see the messages above)"
    return (f"`{part.name}` is not defined in the submission: check its name and that its cell is included")


def grade_parts(assignment: Assignment, executor, parts=None, cache=None, loaded=None, load_errors=(), deadline=None,
                check_names=None, answer_helpers=True):
    """Run the checks of ``parts`` (default: all; only those in ``check_names`` if given); the test entries."""
    cache = cache or REFERENCE_CACHE
    deadline = deadline or time.monotonic() + assignment.limits.submission_seconds
    tests, failed_parts, timed_out_parts, verified = [], set(), set(), set()
    defined = set(executor.load_report.callables)
    for part in assignment.parts:
        if parts is not None and part.name not in parts:
            continue
        points = assignment.check_points(part)
        # Helpers graded earlier in this run and passed in full are sound; with a subset of the parts
        # graded, nothing is known of the others, and every helper answers as the reference.
        sound = set(verified) if parts is None else None
        run = PartRun(assignment, part, executor, cache, deadline, sound, answer_helpers)
        part_failed = timed_out = False
        for check, check_points in zip(part.checks, points):
            if check_names is not None and check.name not in check_names:
                continue
            started = time.monotonic()
            looping = [u for u in part.uses if u in timed_out_parts] if check.integration else []
            if part.name not in defined:
                outcome = Outcome("failed", _missing_message(part, loaded, load_errors))
            elif timed_out:
                # One endless loop must not eat the whole submission's time budget, check after check.
                outcome = Outcome("timeout", f"not run: an earlier check of `{part.name}` timed out")
            elif looping:
                # An endless loop in a helper costs its own budget once, not once more per dependant.
                outcome = Outcome("failed", f"not run: it uses your own {_names(looping)}, which did not finish "
                                            f"in time in {'its' if len(looping) == 1 else 'their'} own checks")
            else:
                try:
                    outcome = check.run(run)
                except Exception as exc:  # noqa: BLE001 - a grader bug must not lose the other results
                    outcome = Outcome("error", f"internal grader error in this check ({type(exc).__name__}: {exc}); "
                                               f"please report it to the course staff")
            if not outcome.passed:
                part_failed = True
                timed_out = timed_out or outcome.status == "timeout"
            message = outcome.message
            if len(message) > MESSAGE_CHARS:
                # Long previews are cut here, not at the end, so the named mistakes and notes survive.
                message = message[:MESSAGE_CHARS] + f"\n[... {len(message) - MESSAGE_CHARS} more characters]"
            if outcome.mistakes:
                explanations = {m.name: m.explanation for m in part.mistakes}
                message += "".join(f"\nKnown mistake: {name}. {explanations[name]}" for name in outcome.mistakes)
            message += _helper_note(part, check, outcome, failed_parts)
            entry = {
                "name": f"{part.name}: {check.name}",
                "score": round(check_points if outcome.passed else 0.0, 4),
                "max_score": round(check_points, 4),
                "status": outcome.status,
                "output": message.strip(),
                "visibility": "visible",
                "execution_time": round(time.monotonic() - started, 4),
            }
            if outcome.mistakes:
                entry.setdefault("extra_data", {})["known_mistakes"] = list(outcome.mistakes)
            if outcome.figures:
                entry.setdefault("extra_data", {})["figures"] = outcome.figures
            if check.integration:
                entry.setdefault("extra_data", {})["integration"] = True
            if not outcome.passed and outcome.message.startswith("Not yet checked"):
                entry.setdefault("extra_data", {})["not_yet_checked"] = True  # waits for correct values
            tests.append(entry)
        if part_failed:
            failed_parts.add(part.name)
        elif check_names is None or all(c.name in check_names for c in part.checks):
            verified.add(part.name)  # every check ran and passed: this helper behaves as the reference
        if timed_out:
            timed_out_parts.add(part.name)
    return tests


def _names(names):
    return ", ".join(f"`{n}`" for n in names)


def _helper_note(part, check, outcome, failed_parts):
    """What the feedback says about the graded helpers a failing check involved."""
    if outcome.passed or not outcome.helpers_called or outcome.message.startswith("not run"):
        return ""
    if not check.integration:
        answered = outcome.helpers_called
        one = len(answered) == 1
        failed = [h for h in answered if h in failed_parts]
        if len(failed) == len(answered):
            why = f"your {_names(answered)} failed {'its' if one else 'their'} own checks, so "
        elif failed:
            why = f"your {_names(failed)} failed {'its' if len(failed) == 1 else 'their'} own checks, so "
        else:
            why = ""
        return (f"\nNote: {why}during this check {_names(answered)} answered as the reference does: the "
                f"difference comes from `{part.name}`'s own code.")
    blamed = [h for h in outcome.helpers_called if h in failed_parts]
    if not blamed:
        return ""
    one = len(blamed) == 1
    return (f"\nNote: this check runs your own {_names(blamed)}, which failed {'its' if one else 'their'} own "
            f"checks; fix {'it' if one else 'them'} first.")


def _module_of(message):
    import re

    found = re.search(r"No module named '([\w.]+)'", message or "")
    return found.group(1).split(".")[0] if found else None


def invalid_result(assignment, path, loaded, messages, started, mode):
    """A file that could not be read at all: one clear message, not one failure per check."""
    message = "; ".join(messages) or "the file could not be read as a notebook or a Python module"
    tests = [{"name": f"{p.name}: {c.name}", "score": 0.0, "max_score": round(pts, 4), "status": "failed",
              "output": "", "visibility": "visible"}
             for p in assignment.parts for c, pts in zip(p.checks, assignment.check_points(p))]
    result = result_object(assignment, path, loaded.sha256, tests, [], started, mode)
    result["status"] = "invalid"
    result["message"] = f"Invalid submission: {message}"
    result["output"] = result["message"] + "\n" + result["output"]
    return result


def result_object(assignment, submission, sha256, tests, messages, started, mode: SandboxMode | None):
    score = round(sum(t["score"] for t in tests), 2)
    lines = [f"{assignment.title}: {score:g} / {assignment.max_score:g}"]
    if mode is not None:
        lines.append(f"Sandbox: {mode.name}{'' if mode.isolated else ' (weaker isolation: ' + mode.detail + ')'}")
    lines += [f"Note: {m}" for m in messages]
    return {
        "score": score,
        "max_score": assignment.max_score,
        "execution_time": round(time.monotonic() - started, 3),
        "output": "\n".join(lines),
        "visibility": "visible",
        "tests": tests,
        "assignment": assignment.id,
        "submission": str(submission),
        "sha256": sha256,
        "grader_version": __version__,
    }


def grade_submission(assignment: Assignment, path, mode: SandboxMode | None = None, cache=None, parts=None,
                     check_names=None):
    """Grade the submission at ``path`` in the sandbox; never raises for anything the submission does."""
    if getattr(assignment, "kind", "code") == "quiz":
        from .quiz import grading as quiz_grading

        return quiz_grading.grade_submission(assignment, path)
    started = time.monotonic()
    mode = mode or detect_mode()
    loaded = load_submission(path)
    messages = [str(m) for m in loaded.messages]
    if loaded.invalid and not loaded.statements:
        return invalid_result(assignment, path, loaded, messages, started, mode)
    statements = [{"code": assignment.preamble, "label": "setup"}] + [s.as_request() for s in loaded.statements]
    names = [[]] + [s.names for s in loaded.statements]
    deadline = started + assignment.limits.submission_seconds
    oracle = HelperOracle(assignment, mode)
    try:
        worker = SandboxWorker(statements, assignment.helper_files(), assignment.limits, mode)
        worker.deadline = deadline
        worker.helper_answer = oracle.answer
        worker.start()
        deadline = worker.deadline  # moved by any wait for a sandbox server to start
    except Exception as exc:  # noqa: BLE001 - the sandbox could not start: every check reports it
        oracle.close()
        tests = [{"name": f"{p.name}: {c.name}", "score": 0.0, "max_score": round(pts, 4), "status": "error",
                  "output": f"the submission could not be run: {exc}", "visibility": "visible"}
                 for p in assignment.parts for c, pts in zip(p.checks, assignment.check_points(p))]
        return result_object(assignment, path, loaded.sha256, tests, messages, started, mode)
    try:
        load_errors = []
        for error in worker.load_report.errors:
            error = dict(error, names=names[error["index"]])
            load_errors.append(error)
            if error["index"] == 0:
                messages.append(f"setup imports failed: {error['type']}: {error['message']}")
            else:
                where = error["label"]
                lineno = loaded.statements[error["index"] - 1].code.count("\n") + 1
                what = ", ".join(error["names"]) or "a statement"
                detail = error["message"] or error["type"]
                if error["type"] in ("ModuleNotFoundError", "ImportError"):
                    if _module_of(detail) in assignment.setup_modules:
                        continue  # the release's own setup imports (plots, public tests): expected, not news
                    messages.append(f"{where}, line {lineno}: import not available in the grader, skipped ({detail})")
                else:
                    messages.append(f"{where}, line {lineno}: defining {what} failed: {error['type']}: {detail}")
        tests = grade_parts(assignment, worker, parts, cache, loaded, load_errors, deadline, check_names)
        if worker.restarts:
            messages.append(f"the submission's process was restarted {worker.restarts} time(s) after a crash or timeout")
    finally:
        worker.close()
        oracle.close()
    return result_object(assignment, path, loaded.sha256, tests, messages, started, mode)

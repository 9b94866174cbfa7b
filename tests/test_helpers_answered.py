"""Helpers answered by the trusted side: a dependant is judged on its own code, in the real sandbox."""

from autograder import assignment as assignments
from autograder.oracle import HelperOracle
from autograder.runner import grade_submission
from autograder.sandbox import SandboxWorker

from .conftest import ROOT, by_part

LR = assignments.load("logistic_regression")
REFERENCE = (ROOT / "solutions" / "logistic_regression.py").read_text()


def _submission(tmp_path, replace, extra=""):
    source = REFERENCE
    for old, new in replace:
        assert old in source
        source = source.replace(old, new)
    path = tmp_path / "submission.py"
    path.write_text(source + extra)
    return path


def test_a_wrong_helper_costs_only_its_own_points(tmp_path):
    wrong = _submission(tmp_path, [("dw = np.dot(X, (A - Y).T) / m", "dw = np.dot(X, (A - Y).T)")])
    parts = by_part(grade_submission(LR, wrong))
    assert parts["propagate"][0] < LR.points["propagate"]
    for name in ("optimize", "model"):  # both use propagate, directly or through optimize
        assert parts[name][0] == LR.points[name], name


def test_a_helper_stolen_by_a_dependant_answers_nothing_later(tmp_path):
    """A dependant may keep the stand-in of its helper, but it answers only during that dependant's
    own calls: `propagate`, graded later, cannot get the reference's result through it."""
    cheat = _submission(tmp_path, [
        ("def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):\n",
         "def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):\n"
         "    globals()['STOLEN'] = propagate\n"),
        ("def propagate(w, b, X, Y):\n",
         "def propagate(w, b, X, Y):\n    if 'STOLEN' in globals():\n        return STOLEN(w, b, X, Y)\n"),
    ])
    a = assignments.load("logistic_regression")
    # optimize comes after propagate in the notebook, so grade optimize first, then propagate.
    order = ["optimize", "propagate"]
    worker = SandboxWorker([{"code": a.preamble, "label": "setup"}, {"code": cheat.read_text(), "label": "cell"}],
                           a.helper_files(), a.limits)
    oracle = HelperOracle(a, worker.mode)
    worker.helper_answer = oracle.answer
    try:
        worker.start()
        args = (REF_W, 1.5, REF_X, REF_Y)
        stolen = worker.call(order[0], args, {"num_iterations": 2}, proxies=["propagate"])
        assert stolen.ok, stolen.describe()
        later = worker.call(order[1], args)  # no proxies offered while propagate itself is graded
        assert not later.ok and "no helper 'propagate' is answered here" in later.describe()
    finally:
        worker.close()
        oracle.close()


def test_the_reference_code_never_enters_the_students_process():
    a = LR
    spy = '''
import inspect
def spy(w, b, X, Y):
    seen = [repr(propagate.__code__.co_consts), repr(propagate.__code__.co_names)]
    try:
        seen.append(inspect.getsource(propagate))
    except (OSError, TypeError):
        pass
    grads, cost = propagate(w, b, X, Y)
    return "\\n".join(seen), float(cost)
'''
    worker = SandboxWorker([{"code": a.preamble, "label": "setup"}, {"code": spy, "label": "cell"}], a.helper_files(),
                           a.limits)
    oracle = HelperOracle(a, worker.mode)
    worker.helper_answer = oracle.answer
    try:
        worker.start()
        call = worker.call("spy", (REF_W, 1.5, REF_X, REF_Y), proxies=["propagate"])
    finally:
        worker.close()
        oracle.close()
    assert call.ok, call.describe()
    seen, cost = call.value
    assert cost > 0 and oracle.calls == 1  # the answer came from the reference
    assert "logaddexp" not in seen and "logaddexp" in REFERENCE  # but none of its code did


import numpy as np  # noqa: E402 - the inputs, after the tests that read best first

REF_W, REF_X, REF_Y = np.array([[1.0], [2.0]]), np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1.0, 0.0, 1.0]])


DRAWING = '''
import numpy as np

def noisy(x):
    return x + np.random.randn(*x.shape)

def plain(x):
    return 2 * x
'''
DEPENDANT = DRAWING + '''
def both(x):
    return noisy(x), plain(x), np.random.randn(2)
'''


def _expected_both(x, seed):
    namespace = {}
    exec(DEPENDANT, namespace)  # noqa: S102 - the test's own code
    import numpy as np

    np.random.seed(seed)
    return namespace["both"](x)


def test_a_helper_that_draws_hands_back_the_generator_and_one_that_does_not_skips_it():
    """Only the helpers whose reference may draw (`drawing_helpers`) carry numpy's RNG state both ways;
    the dependant's own draws after its helper then continue as with the reference."""
    import types

    import numpy as np

    from autograder.oracle import drawing_helpers

    module = types.ModuleType("drawing_reference")
    exec(DRAWING, vars(module))  # noqa: S102 - the test's own code
    reference = types.SimpleNamespace(reference_source=DRAWING, limits=LR.limits, reference=module)
    assert drawing_helpers(reference, ("noisy", "plain")) == ("noisy",)
    x = np.arange(3.0)
    worker = SandboxWorker([{"code": DEPENDANT, "label": "cell"}], {}, LR.limits)
    oracle = HelperOracle(reference, worker.mode)
    worker.helper_answer = oracle.answer
    try:
        worker.start()
        synced = worker.call("both", (x,), np_seed=7, proxies=["noisy", "plain"], rng_proxies=["noisy"])
        assert synced.ok, synced.describe()
        for got, want in zip(synced.value, _expected_both(x, 7)):
            np.testing.assert_array_equal(got, want)
        # Without the state, the reference draws from its own generator: the values cannot agree.
        unsynced = worker.call("both", (x,), np_seed=7, proxies=["noisy", "plain"], rng_proxies=[])
        assert unsynced.ok and not np.array_equal(unsynced.value[0], synced.value[0])
    finally:
        worker.close()
        oracle.close()

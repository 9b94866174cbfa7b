"""Hidden checks and known mistakes of `language_model`."""

import importlib.util
from pathlib import Path

import numpy as np

from autograder import datasets
from autograder.data import datasets as loaders
from autograder.spec import Case, GradCheck, Mistake, Part, Property, Values
from solutions import language_model as ref


def _public_module():
    """The public cases' module beside this file, for its vocabulary and input builders."""
    spec = importlib.util.spec_from_file_location("dlgrade_language_model_public_builders",
                                                  Path(__file__).with_name("public_tests.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_public = _public_module()
CHAR_TO_IX, IX_TO_CHAR = _public.CHAR_TO_IX, _public.IX_TO_CHAR
gradients_of, parameters_of, name_example = _public.gradients_of, _public.parameters_of, _public.name_example

NEWLINE = CHAR_TO_IX["\n"]


def _names():
    return loaders.load_names(raw=datasets.raw("names"))


# -- results as every release of the course returns them ----------------------------------------
def _clipped(gradients):
    """The five gradients, the bias gradient under "db" whichever name the submission's release gives it.

    The cases pass the bias gradient under both names, "db" and the older "dba"; a submission that
    returns both (its input dict, say) is judged on the one it clipped. (Self-contained: the build ships
    it to the students' public tests.)
    """
    out = {key: gradients[key] for key in ("dWaa", "dWax", "dWya", "dby") if key in gradients}
    biases = [gradients[key] for key in ("db", "dba") if key in gradients]
    if biases:
        out["db"] = min(biases, key=lambda g: float(np.max(np.abs(g))) if isinstance(g, np.ndarray) and g.size else np.inf)
    return out


def _step_result(result):
    """optimize's (loss, gradients, a_last), the gradients read as `_clipped` reads them (self-contained too)."""
    if not (isinstance(result, (tuple, list)) and len(result) == 3 and isinstance(result[1], dict)):
        return result
    gradients = result[1]
    out = {key: gradients[key] for key in ("dWaa", "dWax", "dWya", "dby") if key in gradients}
    biases = [gradients[key] for key in ("db", "dba") if key in gradients]
    if biases:
        out["db"] = min(biases, key=lambda g: float(np.max(np.abs(g))) if isinstance(g, np.ndarray) and g.size else np.inf)
    return (result[0], out, result[2])


def _trained_parameters(result):
    """The parameters, whether model returns (parameters, last_dino_name) or, as older releases, parameters."""
    return result[0] if isinstance(result, (tuple, list)) else result


# -- inputs ----------------------------------------------------------------------------------------
def _clip_inputs(n_a, vocab_size):
    """Gradients with entries of order 10, so that every threshold of the cases clips some of them."""
    return lambda rng: (gradients_of(rng, n_a, vocab_size, 10.0),)


def _sample_inputs(n_a, end_logit=1.0):
    """Parameters over the notebook's 27 characters; ``end_logit`` is by's entry for "\\n" (the larger,
    the shorter the names)."""
    def build(rng):
        parameters = parameters_of(rng, n_a, 27, _public.SAMPLE_SCALES)
        parameters["by"][NEWLINE] = end_logit
        return parameters, dict(CHAR_TO_IX)
    return build


def _small_alphabet(rng):
    """Four characters, "\\n" last: a vocabulary of another size, the end mark at another index."""
    char_to_ix = {"a": 0, "b": 1, "c": 2, "\n": 3}
    parameters = parameters_of(rng, 4, 4, _public.SAMPLE_SCALES)
    parameters["by"][3] = 0.5
    return parameters, char_to_ix


def _optimize_inputs(name, n_a, scales=(1.0, 0.5, 3.0, 0.3, 0.3)):
    """One name, parameters large enough for clipping to matter, and a hidden state carried in."""
    def build(rng):
        X, Y = name_example(name)
        return X, Y, np.tanh(rng.standard_normal((n_a, 1))), parameters_of(rng, n_a, 27, scales)
    return build


def _model_case(every, num_iterations, n_a, dino_names, label):
    def build(rng):
        return _names()[::every], dict(IX_TO_CHAR), dict(CHAR_TO_IX)
    return Case(build, {"num_iterations": num_iterations, "n_a": n_a, "dino_names": dino_names}, label=label)


# -- objectives and properties ------------------------------------------------------------------------
def _loss_of(X, Y, a_prev, parameters, learning_rate=0.01):
    return float(ref.rnn_forward(X, Y, a_prev, parameters)[0])


def _corpus_loss(parameters):
    """Mean loss per character over every name of the corpus, each read from a zero state."""
    names = _names()
    n_a = parameters["Waa"].shape[0]
    total = sum(float(ref.rnn_forward(*name_example(name), np.zeros((n_a, 1)), parameters)[0]) for name in names)
    return total / sum(len(name) + 1 for name in names)


def _learns_like_the_reference(actual, ctx):
    mine, best = _corpus_loss(_trained_parameters(actual)), _corpus_loss(_trained_parameters(ctx.expected))
    if not np.isfinite(mine) or mine > 1.01 * best:
        return (f"after training, your model's loss on the names is {mine:.4f} per character; the reference "
                f"reaches {best:.4f} with the same settings (at most 1% more is accepted)")
    return None


# -- known mistakes -----------------------------------------------------------------------------------
def _clip_with(keys=("dWax", "dWaa", "dWya", "db", "dby"), how="clip", fixed=None):
    def wrong(gradients, maxValue):
        limit = maxValue if fixed is None else fixed
        out = {key: np.copy(gradients[key]) for key in ("dWaa", "dWax", "dWya", "db", "dby")}
        for key in keys:
            g = out[key]
            if how == "clip":
                out[key] = np.clip(g, -limit, limit)
            elif how == "norm":
                norm = np.linalg.norm(g)
                out[key] = g * limit / norm if norm > limit else g
            elif how == "discarded":
                np.clip(g, -limit, limit)  # the clipped copy is made and thrown away
        return out
    return wrong


def _sample_with(pick="choice", feed_x=True, reset_x=True, carry_a=True):
    def wrong(parameters, char_to_ix, seed):
        Waa, Wax, Wya, by, b = (parameters[k] for k in ("Waa", "Wax", "Wya", "by", "b"))
        vocab_size, n_a = by.shape[0], Waa.shape[1]
        x, a_prev = np.zeros((vocab_size, 1)), np.zeros((n_a, 1))
        indices, idx, counter, newline = [], -1, 0, char_to_ix["\n"]
        while idx != newline and counter != 50:
            a = np.tanh(Wax @ x + Waa @ a_prev + b)
            y = ref.softmax(Wya @ a + by)
            np.random.seed(counter + seed)
            idx = int(np.argmax(y)) if pick == "argmax" else np.random.choice(range(vocab_size), p=y.ravel())
            indices.append(idx)
            if feed_x:
                if reset_x:
                    x = np.zeros((vocab_size, 1))
                x[idx] = 1
            if carry_a:
                a_prev = a
            seed += 1
            counter += 1
        if counter == 50:
            indices.append(newline)
        return indices
    return wrong


def _optimize_with(clip="before", rate=None):
    def wrong(X, Y, a_prev, parameters, learning_rate=0.01):
        lr = learning_rate if rate is None else rate
        loss, cache = ref.rnn_forward(X, Y, a_prev, parameters)
        gradients, a = ref.rnn_backward(X, Y, parameters, cache)
        if clip == "before":
            gradients = ref.clip(gradients, 5)
        ref.update_parameters(parameters, gradients, lr)
        if clip == "after":
            gradients = ref.clip(gradients, 5)
        return loss, gradients, a[len(X) - 1]
    return wrong


def _model_with(reset_state=False, leading_none=True):
    def wrong(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, dino_names=7, vocab_size=27,
              verbose=False):
        parameters = ref.initialize_parameters(n_a, vocab_size, vocab_size)
        examples = [x.strip() for x in data_x]
        np.random.seed(0)
        np.random.shuffle(examples)
        a_prev = np.zeros((n_a, 1))
        for j in range(num_iterations):
            indices = [char_to_ix[c] for c in examples[j % len(examples)]]
            X = ([None] if leading_none else []) + indices
            Y = X[1:] + [char_to_ix["\n"]]
            start = np.zeros((n_a, 1)) if reset_state else a_prev
            _, _, a_prev = ref.optimize(X, Y, start, parameters, learning_rate=0.01)
        return parameters, "abc"
    return wrong


PARTS = [
    Part("clip", returns="gradients", public_select=_clipped, checks=[
        Values("hidden gradients of other shapes, maxValue = 10",
               [Case(_clip_inputs(5, 27), {"maxValue": 10}, label="n_a = 5"),
                Case(_clip_inputs(2, 6), {"maxValue": 10}, label="n_a = 2, 6 characters")], select=_clipped, weight=2),
        Values("other thresholds", [Case(_clip_inputs(4, 27), {"maxValue": 5}, label="maxValue = 5"),
                                    Case(_clip_inputs(3, 27), {"maxValue": 0.5}, label="maxValue = 0.5"),
                                    Case(_clip_inputs(6, 27), {"maxValue": 12.5}, label="maxValue = 12.5")],
               select=_clipped, weight=2),
    ], mistakes=[
        Mistake("biases left unclipped", "Clip all five gradients, db and dby too: loop over "
                "[dWax, dWaa, dWya, db, dby].", _clip_with(keys=("dWax", "dWaa", "dWya"))),
        Mistake("clipped by norm", "This clip works entry by entry: every entry above maxValue becomes maxValue, every "
                "entry below -maxValue becomes -maxValue, the others stay. Rescaling a whole gradient by "
                "maxValue / norm is the other kind of clipping.", _clip_with(how="norm")),
        Mistake("np.clip's result thrown away", "np.clip(gradient, -maxValue, maxValue) returns a new array and "
                "leaves gradient as it was: pass out=gradient to clip it in place.", _clip_with(how="discarded")),
        Mistake("threshold fixed at 5", "Clip to [-maxValue, maxValue]: optimize calls clip with 5, but the "
                "threshold is the argument.", _clip_with(fixed=5.0)),
    ]),
    Part("sample", returns="indices", checks=[
        Values("hidden parameters and seeds", [Case(_sample_inputs(10), {"seed": 5}, label="n_a = 10, seed 5"),
                                               Case(_sample_inputs(3), {"seed": 11}, label="n_a = 3, seed 11"),
                                               Case(_sample_inputs(20), {"seed": 2}, label="n_a = 20, seed 2")],
               weight=3),
        Values("a name that never ends stops after 50 characters",
               [Case(_sample_inputs(8, -10.0), {"seed": 7}, label='"\\n" almost impossible')]),
        Values("another alphabet", [Case(_small_alphabet, {"seed": 3}, label='4 characters, "\\n" last')]),
    ], mistakes=[
        Mistake("argmax instead of sampling", "Draw the index at random from the distribution, "
                "np.random.choice(range(vocab_size), p=y.ravel()); the most probable character every time makes "
                "the same name for every seed.", _sample_with(pick="argmax")),
        Mistake("sampled character not fed back", "The next input x is the one-hot vector of the character just "
                "drawn: x = np.zeros((vocab_size, 1)), then x[idx] = 1.", _sample_with(feed_x=False)),
        Mistake("x not reset before the one-hot", "Start the next input from zeros, x = np.zeros((vocab_size, 1)), "
                "before x[idx] = 1; otherwise the characters drawn before stay switched on.",
                _sample_with(reset_x=False)),
        Mistake("hidden state not carried", "After each step the new state becomes the previous one: a_prev = a.",
                _sample_with(carry_a=False)),
    ]),
    Part("optimize", uses=("clip",), returns=("loss", "gradients", "a_last"), public_select=_step_result, checks=[
        Values("hidden names, states and learning rates; parameters updated in place", [
            Case(_optimize_inputs("kristopher", 7), {"learning_rate": 0.01}, label='"kristopher", n_a = 7'),
            Case(_optimize_inputs("eve", 4), {"learning_rate": 0.05}, label='"eve", n_a = 4, learning rate 0.05'),
            Case(_optimize_inputs("annabella", 12), {"learning_rate": 0.1}, label='"annabella", n_a = 12, learning rate 0.1')],
            select=_step_result, check_args=(3,), weight=3),
        GradCheck("gradients match central differences of the loss (no clipping at this scale)",
                  [Case(_optimize_inputs("leo", 4, scales=(0.3, 0.3, 0.3, 0.1, 0.1)), label='"leo", n_a = 4')],
                  objective=_loss_of, wrt={key: ((3, key[1:]), (1, key)) for key in ("dWax", "dWaa", "dWya", "dby")}),
    ], mistakes=[
        Mistake("gradients not clipped", "Clip between the backward pass and the update, and keep clip's result: "
                "gradients = clip(gradients, 5).", _optimize_with(clip="never")),
        Mistake("clipped after the update", "Clip before updating: the update must use the clipped gradients.",
                _optimize_with(clip="after")),
        Mistake("learning_rate ignored", "Pass optimize's learning_rate on to update_parameters.",
                _optimize_with(rate=0.01)),
    ]),
    Part("model", uses=("optimize", "sample"), returns="parameters", public_select=_trained_parameters, timeout=60,
         checks=[
             Values("a seeded run, once round the names and further: the reference's parameters",
                    [_model_case(2, 400, 12, 2, "345 names, 400 iterations, n_a = 12")], select=_trained_parameters,
                    weight=2),
             Values("other settings", [_model_case(5, 150, 30, 3, "138 names, 150 iterations, n_a = 30")],
                    select=_trained_parameters),
             Property("with your own optimize, the model learns the names as well as the reference",
                      [_model_case(1, 1000, 10, 3, "690 names, 1000 iterations, n_a = 10")],
                      check=_learns_like_the_reference, weight=0.75, integration=True),
         ], mistakes=[
             Mistake("hidden state reset for every name", "Carry the state from one name to the next: pass the a_prev "
                     "that optimize returned to the next call.", _model_with(reset_state=True)),
             Mistake("X without the leading None", "X = [None] + the indices of the name: the first input is the zero "
                     "vector, so that the network learns to predict the first character too.",
                     _model_with(leading_none=False)),
         ]),
]

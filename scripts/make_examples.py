"""Write the bundled example submissions under examples/<id>/ (run once; the outputs are committed).

Each assignment gets a class of five students:
- alice_complete.ipynb: the notebook with every exercise done correctly;
- bob_mistakes.py: a module with classic mistakes (the substitutions below), so the grader names them;
- carol_stub.ipynb: the untouched student notebook;
- dave_broken.ipynb: a syntax error in one exercise cell, an endless loop in another, sys.exit in a
  third; the rest correct;
- erin_invalid.ipynb: a file that is not a notebook at all.

Usage: python scripts/make_examples.py [ID ...]
"""

import re
import sys
from pathlib import Path

import nbformat

from autograder import assignment as assignments
from autograder import build

ROOT = Path(__file__).resolve().parent.parent

# Per assignment: (text in the reference, replacement) pairs that plant classic mistakes.
MISTAKES = {
    "activations": [
        ("np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=np.float64)))", "1 / (1 + np.exp(x))"),
        ("x_exp = np.exp(x - np.max(x, axis=1, keepdims=True))", "x_exp = np.exp(x)"),
        ("dZ = np.where(Z > 0, dA, 0.0)", "dZ = np.where(Z >= 0, dA, 0.0)"),
    ],
    "logistic_regression": [
        ("dw = np.dot(X, (A - Y).T) / m", "dw = np.dot(X, (A - Y).T)"),
        ("Y_prediction = (A > 0.5).astype(np.float64)", "Y_prediction = A"),
    ],
    "softmax_regression": [
        ("exps = np.exp(Z - np.max(Z, axis=0, keepdims=True))", "exps = np.exp(Z)"),
        ("dZ = A - Y", "dZ = Y - A"),
    ],
    "planar_classification": [
        ("A1 = np.tanh(Z1)", "A1 = sigmoid(Z1)"),
        ("cost = -np.sum(logprobs) / m", "cost = -np.sum(logprobs)"),
        ("predictions = (A2 > 0.5).astype(np.float64)", "predictions = A2"),
    ],
    "deep_neural_network": [
        ("Z = np.dot(W, A) + b", "Z = np.dot(W, A)"),
        ("dW = np.dot(dZ, A_prev.T) / m", "dW = np.dot(dZ, A_prev.T)"),
        ("for l in range(1, L + 1):", "for l in range(1, L):"),
    ],
    "initialization": [
        ("np.sqrt(2.0 / layers_dims[l - 1])", "np.sqrt(2.0 / layers_dims[l])"),
        ("W = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10",
         "W = np.random.rand(layers_dims[l], layers_dims[l - 1]) * 10"),
        ("np.sqrt(1.0 / layers_dims[l - 1])", "np.sqrt(2.0 / layers_dims[l - 1])"),
    ],
    "regularization": [
        ("lambd / (2 * m) * (np.sum", "lambd / m * (np.sum"),
        ("+ lambd / m * W", "+ lambd * W"),
        (") < keep_prob", ") > keep_prob"),
    ],
    "gradient_checking": [
        ("gradapprox = (J_plus - J_minus) / (2 * epsilon)", "gradapprox = (J_plus - J_minus) / epsilon"),
        ("denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)",
         "denominator = np.linalg.norm(grad + gradapprox)"),
    ],
    "normalization": [
        ("sigma = np.std(X_train, axis=1, keepdims=True)", "sigma = np.std(X_train, axis=1, keepdims=True) ** 2"),
        ("var = np.var(Z, axis=1, keepdims=True)", "var = np.var(Z, axis=1, ddof=1, keepdims=True)"),
        ("dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)", "dbeta = np.mean(dZ_tilde, axis=1, keepdims=True)"),
    ],
    "optimization": [
        ("shuffled_Y = Y[:, permutation]", "shuffled_Y = Y[:, np.random.permutation(m)]"),
        ("+ (1 - beta) * grads[", "+ grads["),
        ("np.sqrt(s_corrected[key]) + epsilon)", "np.sqrt(s_corrected[key] + epsilon))"),
    ],
    "bias_variance": [
        ("variance = dev_error - train_error", "variance = dev_error - bayes_error"),
        ('    if diagnosis["high_variance"]:', '    elif diagnosis["high_variance"]:'),
        ("train_errors[i] = error_rate(predict_fn(parameters, X_part), Y_part)",
         "train_errors[i] = error_rate(predict_fn(parameters, X_train), Y_train)"),
    ],
    "word_embeddings": [
        ("cosine_similarity = dot / (norm_u * norm_v)", "cosine_similarity = dot"),
        ("weights = np.power(counts.astype(np.float64), power)", "weights = counts.astype(np.float64)"),
        ("g_pos = (np.exp(-np.logaddexp(0, -s_pos)) - 1) / m", "g_pos = (1 - np.exp(-np.logaddexp(0, -s_pos))) / m"),
        ("g_neg = np.exp(-np.logaddexp(0, -s_neg)) / m", "g_neg = -np.exp(-np.logaddexp(0, -s_neg)) / m"),
        ("parent[node_0], bit[node_0] = V + i, 0", "parent[node_0], bit[node_0] = V + i, 1"),
        ("parent[node_1], bit[node_1] = V + i, 1", "parent[node_1], bit[node_1] = V + i, 0"),
    ],
    "attention": [
        ("alphas = softmax(energies, axis=1)", "alphas = softmax(energies, axis=0)"),
        ("logits = q @ np.swapaxes(k, -1, -2) / np.sqrt(d_k)", "logits = q @ np.swapaxes(k, -1, -2)"),
        ("angles[:, 0::2] = np.sin(angles[:, 0::2])\n    angles[:, 1::2] = np.cos(angles[:, 1::2])",
         "angles[:, 0::2] = np.cos(angles[:, 0::2])\n    angles[:, 1::2] = np.sin(angles[:, 1::2])"),
    ],
    "seq2seq": [
        ("shifted = logits - np.max(logits, axis=1, keepdims=True)", "shifted = logits"),
        ("score = log_prob / length ** alpha", "score = log_prob / length"),
        ("finished = finished + [c for c in candidates if c[0][-1] == eos]",
         "finished = [c for c in candidates if c[0][-1] == eos]"),
    ],
    "cnn": [
        ("n_out = (n + 2 * p - f) // s + 1", "n_out = (n + p - f) // s + 1"),
        ("Z = float(Z + np.squeeze(b))", "Z = float(Z)"),
        ("A[i, h, w, c] = np.mean(a_prev_slice)", "A[i, h, w, c] = np.sum(a_prev_slice)"),
        ("da_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :] += W",
         "da_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :] = W"),
        ("average = dz / (n_H * n_W)", "average = dz"),
        ("db = np.sum(dZ, axis=1, keepdims=True)", "db = np.sum(dZ, axis=1)"),
    ],
    "rnn": [
        ("dtanh = (1 - a_next ** 2) * da_next", "dtanh = (1 - a_next) * da_next"),
        ("gradients = rnn_cell_backward(da[:, :, t] + da_prevt, caches[t])",
         "gradients = rnn_cell_backward(da[:, :, t], caches[t])"),
        ('for t in reversed(range(T_x)):\n        a_next = np.tanh(np.dot(parameters["Waa_b"]',
         'for t in range(T_x):\n        a_next = np.tanh(np.dot(parameters["Waa_b"]'),
    ],
    "gru_lstm": [
        ("a_next = ut * cct + (1 - ut) * a_prev", "a_next = (1 - ut) * cct + ut * a_prev"),
        ("concat = np.concatenate((a_prev, xt), axis=0)\n    ft = sigmoid", "concat = np.concatenate((c_prev, xt), axis=0)\n    ft = sigmoid"),
        ("dft = dc * c_prev * ft * (1 - ft)", "dft = dc * ft * (1 - ft)"),
        ("gradients = lstm_cell_backward(da[:, :, t] + da_prevt, dc_prevt, caches[t])",
         "gradients = lstm_cell_backward(da[:, :, t], dc_prevt, caches[t])"),
    ],
    "resnet": [
        ("var = np.var(Z, axis=(0, 1, 2), keepdims=True)", "var = np.var(Z, axis=(0, 1, 2), ddof=1, keepdims=True)"),
        ("    dA_prev = dA_main + dS\n", "    dA_prev = dA_main\n"),
        ("A, relu2_cache = relu(Z2_tilde + S)", "A, relu2_cache = relu(Z2_tilde + A_prev)"),
    ],
    "classic_networks": [
        ('p = (f - 1) // 2 if layer["padding"] == "same" else 0', "p = 0"),
        ('count = (layer["f"] * layer["f"] * input_shape[2] + 1) * layer["n_C"]',
         'count = layer["f"] * layer["f"] * input_shape[2] * layer["n_C"]'),
        ("output_shape = (int(np.prod(input_shape)),)", "output_shape = (int(np.prod(input_shape[:2])),)"),
    ],
    "language_model": [
        ("for gradient in [dWax, dWaa, dWya, db, dby]:", "for gradient in [dWax, dWaa, dWya]:"),
        ("idx = np.random.choice(range(vocab_size), p=y.ravel())", "idx = np.argmax(y)"),
        ("curr_loss, gradients, a_prev = optimize(X, Y, a_prev, parameters, learning_rate=0.01)",
         "curr_loss, gradients, a_prev = optimize(X, Y, np.zeros((n_a, 1)), parameters, learning_rate=0.01)"),
    ],
}


def broken_notebook(a):
    nb = build.solution_notebook(a)
    exercises = [c for c in nb.cells if "dlgrade" in c.metadata]
    names = [c.metadata["dlgrade"]["exercise"] for c in exercises]
    # A syntax error in one cell (that function is lost, nothing else), then an endless loop and a
    # sys.exit inside the next functions, as far as the assignment has exercises for them.
    sabotage = [
        lambda text: text + "\n\nthis line is not python )\n",
        lambda text: re.sub(r'(def \w+\([^)]*\):\n)', r'\1    while True:\n        pass\n', text, count=1),
        lambda text: re.sub(r'(def \w+\([^)]*\):\n)', r'\1    import sys\n    sys.exit(1)\n', text, count=1),
    ]
    targets = exercises[1:] if len(exercises) > 3 else exercises
    for cell, spoil in zip(targets, sabotage):
        cell.source = spoil(cell.source)
    return nb, names


def write(assignment_id):
    a = assignments.load(assignment_id)
    folder = ROOT / "examples" / assignment_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "alice_complete.ipynb").write_text(build.notebook.dumps(build.solution_notebook(a)))
    source = a.reference_source
    for old, new in MISTAKES.get(assignment_id, []):
        if old not in source:
            raise SystemExit(f"{assignment_id}: {old!r} not found in the reference")
        source = source.replace(old, new)
    (folder / "bob_mistakes.py").write_text(source)
    (folder / "carol_stub.ipynb").write_text(build.template_files(a)[f"{assignment_id}.ipynb"])
    nb, _ = broken_notebook(a)
    (folder / "dave_broken.ipynb").write_text(nbformat.writes(nb) + "\n")
    (folder / "erin_invalid.ipynb").write_text('{"cells": [ this is not json')


if __name__ == "__main__":
    for assignment_id in sys.argv[1:] or [i for i in assignments.all_ids() if not assignments.is_quiz(i)]:
        write(assignment_id)
        print(f"wrote examples/{assignment_id}/")

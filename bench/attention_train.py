"""The attention model of `assignments/attention` trained to convergence on the dates task, against the
same model in PyTorch float64 autograd as the peer, in the same run.

Both start from the same parameters (`initialize_parameters(..., seed=1)`), see the same minibatches
and take Adam steps with the same settings: the numpy side is the notebook's
`train_model(X, Y, parameters, num_epochs, batch_size=32, learning_rate=0.02, seed=0)`, written out so
that it can stop after every epoch (the same shuffles, Adam's moments carried from epoch to epoch). After every epoch the table shows the time of each, the ratio, the last minibatch cost
and the held-out exact match (all ten characters right) on 1000 dates the models never saw. The
notebook trains the first two epochs of this run; this script shows where more epochs lead.

Usage: `.venv/bin/python bench/attention_train.py [--epochs 4] [--train 3000]`
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
from threadpoolctl import threadpool_limits

from autograder import datasets
from autograder.data.datasets import encode_strings
from solutions import attention as ref

TX, TY = 30, 10


def exact_match(predictions, Y):
    return float(np.mean(np.all(predictions == Y, axis=1)))


def numpy_predict(X, parameters, n_x):
    Y_hat, alphas, _ = ref.model_forward(ref.one_hot(X, n_x), parameters, TY)
    return np.argmax(Y_hat, axis=2), alphas


def torch_model(parameters):
    leaves = {g: {k: torch.tensor(w, dtype=torch.float64, requires_grad=True) for k, w in p.items()}
              for g, p in parameters.items()}

    def gru(x, a, p):
        u = torch.sigmoid(torch.cat([a, x], 1) @ p["Wu"] + p["bu"])
        r = torch.sigmoid(torch.cat([a, x], 1) @ p["Wr"] + p["br"])
        c = torch.tanh(torch.cat([r * a, x], 1) @ p["Wc"] + p["bc"])
        return u * c + (1 - u) * a

    def forward(X):
        m, Tx, _ = X.shape
        n_a = leaves["encoder_f"]["bu"].shape[0]
        fwd, bwd = [torch.zeros(m, n_a, dtype=torch.float64)], [torch.zeros(m, n_a, dtype=torch.float64)]
        for t in range(Tx):
            fwd.append(gru(X[:, t], fwd[-1], leaves["encoder_f"]))
            bwd.append(gru(X[:, Tx - 1 - t], bwd[-1], leaves["encoder_b"]))
        a = torch.stack([torch.cat([fwd[t + 1], bwd[Tx - t]], 1) for t in range(Tx)], 1)
        s = torch.zeros(m, leaves["output"]["Wy"].shape[0], dtype=torch.float64)
        logits = []
        for _ in range(TY):
            att = leaves["attention"]
            concat = torch.cat([a, s[:, None, :].expand(-1, Tx, -1)], -1)
            alphas = torch.softmax((torch.tanh(concat @ att["W1"] + att["b1"]) @ att["W2"])[..., 0], 1)
            s = gru((alphas[:, :, None] * a).sum(1), s, leaves["decoder"])
            logits.append(s @ leaves["output"]["Wy"] + leaves["output"]["by"])
        return torch.stack(logits, 1)

    return leaves, forward


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--train", type=int, default=3000)
    parser.add_argument("--learning-rate", type=float, default=0.02)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    humans, machines, humans_test, machines_test = datasets.load("load_dates", n_train=args.train, n_test=1000)
    human_vocab, machine_vocab, _ = datasets.load("date_vocabularies")
    n_x, n_y = len(human_vocab), len(machine_vocab)
    X, Y = encode_strings(humans, human_vocab, TX), encode_strings(machines, machine_vocab, TY)
    X_test, Y_test = encode_strings(humans_test, human_vocab, TX), encode_strings(machines_test, machine_vocab, TY)

    parameters = ref.initialize_parameters(n_x, 16, 32, 10, n_y, seed=1)
    leaves, forward = torch_model(parameters)
    torch.set_num_threads(1)
    eye = torch.eye(n_x, dtype=torch.float64)

    print(f"{args.train} training dates, 1000 held out; n_a = 16, n_s = 32, n_e = 10; Adam, α = {args.learning_rate}, "
          f"minibatches of {args.batch_size}; one thread each")
    print(f"{'epoch':>5} {'numpy s':>8} {'torch s':>8} {'numpy/torch':>11} {'numpy cost':>10} {'torch cost':>10} "
          f"{'numpy exact':>11} {'torch exact':>11}")
    total_numpy = total_torch = 0.0
    with threadpool_limits(1):
        # The notebook's run, train_model(..., num_epochs, seed=0), one epoch at a time: the same
        # shuffles (one RandomState(0) for all epochs) and Adam's moments and step count carried on.
        rng = np.random.RandomState(0)
        v, s, t = *ref.initialize_adam(parameters), 0
        optimizer = torch.optim.Adam([w for p in leaves.values() for w in p.values()], lr=args.learning_rate,
                                     betas=(0.9, 0.999), eps=1e-8)
        for epoch in range(args.epochs):
            order = rng.permutation(X.shape[0])
            batches = [order[first:first + args.batch_size] for first in range(0, X.shape[0], args.batch_size)]

            start = time.perf_counter()
            for batch in batches:
                t += 1
                Y_hat, _, caches = ref.model_forward(ref.one_hot(X[batch], n_x), parameters, TY)
                cost = ref.compute_cost(Y_hat, Y[batch])
                grads = ref.model_backward(Y_hat, Y[batch], caches, parameters)
                parameters, v, s = ref.update_parameters_with_adam(parameters, grads, v, s, t, args.learning_rate)
            numpy_time = time.perf_counter() - start

            start = time.perf_counter()
            for batch in batches:
                logits = forward(eye[torch.tensor(X[batch])])
                loss = torch.nn.functional.cross_entropy(logits.reshape(-1, n_y), torch.tensor(Y[batch]).reshape(-1),
                                                         reduction="sum") / len(batch)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            torch_time = time.perf_counter() - start
            total_numpy += numpy_time
            total_torch += torch_time

            with torch.no_grad():
                torch_predictions = forward(eye[torch.tensor(X_test)]).argmax(2).numpy()
            predictions, _ = numpy_predict(X_test, parameters, n_x)
            print(f"{epoch + 1:>5} {numpy_time:>8.1f} {torch_time:>8.1f} {numpy_time / torch_time:>11.2f} "
                  f"{cost:>10.4f} {float(loss.detach()):>10.4f} {exact_match(predictions, Y_test):>11.1%} "
                  f"{exact_match(torch_predictions, Y_test):>11.1%}", flush=True)
    print(f"total: numpy {total_numpy:.1f} s, torch {total_torch:.1f} s, ratio {total_numpy / total_torch:.2f}")


if __name__ == "__main__":
    main()

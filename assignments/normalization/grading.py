"""Hidden checks and known mistakes of `normalization`.

Results are split so that one mistake costs its own share: the normalised sets apart from the
statistics returned with them, batch norm's output apart from its cache and the running statistics
it leaves in `bn_param` (compared after the call with `check_args`), the gradients of gamma and beta
apart from dZ. Constant features use exact constants, so that their standard deviation is exactly 0
however it is computed.
"""

import numpy as np

from autograder.spec import Case, GradCheck, Mistake, NoInPlace, Part, Values
from solutions import normalization as ref


# -- normalize_inputs ----------------------------------------------------------------------------
def _features(n, m_train, m_test):
    """Features on scales from hundredths to hundreds, each with its own offset."""
    def build(rng):
        offset = rng.choice([1000.0, 0.02, -5.0, 40.0], size=(n, 1)) * rng.uniform(0.5, 1.5, size=(n, 1))
        scale = rng.choice([300.0, 0.01, 2.0, 0.5], size=(n, 1))
        return (offset + scale * rng.standard_normal((n, m_train)), offset + scale * rng.standard_normal((n, m_test)))
    return build


def _constant_feature(rng):
    X_train = np.vstack([np.full((1, 6), 3.0), 10.0 + 2.0 * rng.standard_normal((1, 6)), np.full((1, 6), -1.5)])
    X_test = np.vstack([np.array([[2.0, 3.0, 5.5]]), 10.0 + 2.0 * rng.standard_normal((1, 3)),
                        np.array([[-1.5, 0.0, -4.0]])])
    return X_train, X_test


# Train and test sets of the same size: a mistake that broadcasts per-example statistics over the
# test set then still runs, so it can be recognised.
SAME_SIZE = [Case(_features(3, 8, 8), label="n = 3, m_train = m_test = 8"),
             Case(_features(4, 5, 5), label="n = 4, m_train = m_test = 5")]


def _sets(result):
    return {"X_train_norm": result[0], "X_test_norm": result[1]}


def _statistics(result):
    return {"mu": result[2], "sigma": result[3]}


def _normalize_with(divide_by_variance=False, own_test_statistics=False, axis=1, ddof=0, scale=True, guard=True):
    def wrong(X_train, X_test):
        def statistics(X):
            mu = np.mean(X, axis=axis, keepdims=True)
            sigma = np.std(X, axis=axis, ddof=ddof, keepdims=True)
            if guard:
                sigma = np.where(np.ptp(X, axis=axis, keepdims=True) == 0, 1.0, sigma)
            if divide_by_variance:
                sigma = sigma ** 2
            return mu, sigma
        mu, sigma = statistics(X_train)
        mu_test, sigma_test = statistics(X_test) if own_test_statistics else (mu, sigma)
        if not scale:
            return X_train - mu, X_test - mu_test, mu, sigma
        return (X_train - mu) / sigma, (X_test - mu_test) / sigma_test, mu, sigma
    return wrong


# -- batchnorm_forward ---------------------------------------------------------------------------
def _bn_inputs(n, m, mode, loc=0.0, spread=1.0, **settings):
    def build(rng):
        Z = loc + rng.normal(size=(n, 1)) + spread * rng.uniform(0.5, 2.0, size=(n, 1)) * rng.standard_normal((n, m))
        gamma = rng.uniform(0.5, 2.0, size=(n, 1))
        beta = rng.standard_normal((n, 1))
        bn_param = {"mode": mode}
        if "running" in settings:
            bn_param["running_mean"] = rng.standard_normal((n, 1))
            bn_param["running_var"] = rng.uniform(0.5, 3.0, size=(n, 1))
        bn_param.update({k: v for k, v in settings.items() if k != "running"})
        return Z, gamma, beta, bn_param
    return build


TRAIN = [Case(_bn_inputs(4, 6, "train", running=True, eps=1e-5, momentum=0.9), label="(4, 6), running statistics given"),
         Case(_bn_inputs(3, 10, "train", momentum=0.8), label="(3, 10), momentum 0.8, no running statistics yet"),
         Case(_bn_inputs(2, 5, "train", spread=0.3, running=True, eps=0.1), label="(2, 5), eps = 0.1"),
         Case(_bn_inputs(5, 32, "train", loc=50.0, spread=20.0, running=True), label="(5, 32), mean 50, spread 20")]
TEST = [Case(_bn_inputs(4, 5, "test", running=True, eps=1e-5, momentum=0.9), label="(4, 5), test mode"),
        Case(_bn_inputs(3, 1, "test", running=True), label="one example, test mode")]


def _bn_forward_with(ddof=0, eps_outside=False, reversed_momentum=False, update_var=True, test_batch_statistics=False):
    def wrong(Z, gamma, beta, bn_param):
        mode = bn_param["mode"]
        eps = bn_param.get("eps", 1e-5)
        momentum = bn_param.get("momentum", 0.9)
        n = Z.shape[0]
        running_mean = bn_param.get("running_mean", np.zeros((n, 1)))
        running_var = bn_param.get("running_var", np.zeros((n, 1)))
        if mode == "train" or test_batch_statistics:
            mu = np.mean(Z, axis=1, keepdims=True)
            var = np.var(Z, axis=1, ddof=ddof, keepdims=True)
        else:
            mu, var = running_mean, running_var
        Z_norm = (Z - mu) / (np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps))
        Z_tilde = gamma * Z_norm + beta
        if mode == "train":
            old, new = (1 - momentum, momentum) if reversed_momentum else (momentum, 1 - momentum)
            running_mean = old * running_mean + new * mu
            if update_var:
                running_var = old * running_var + new * var
        bn_param["running_mean"] = running_mean
        bn_param["running_var"] = running_var
        return Z_tilde, (Z, Z_norm, mu, var, gamma, eps, mode)
    return wrong


# -- batchnorm_backward --------------------------------------------------------------------------
def _bn_backward_case(n, m, mode):
    def build(rng):
        Z, gamma, beta, bn_param = _bn_inputs(n, m, mode, running=True)(rng)
        _, cache = ref.batchnorm_forward(Z, gamma, beta, bn_param)
        return rng.standard_normal((n, m)), cache
    return build


TRAIN_BACKWARD = [Case(_bn_backward_case(4, 6, "train"), label="(4, 6), train mode"),
                  Case(_bn_backward_case(1, 30, "train"), label="(1, 30), train mode"),
                  Case(_bn_backward_case(5, 3, "train"), label="(5, 3), train mode")]
TEST_BACKWARD = [Case(_bn_backward_case(3, 5, "test"), label="(3, 5), test mode"),
                 Case(_bn_backward_case(2, 1, "test"), label="one example, test mode")]


def _surrogate_inputs(n, m, eps=1e-5):
    def build(rng):
        Z, gamma, beta, _ = _bn_inputs(n, m, "train")(rng)
        return rng.standard_normal((n, m)), Z, gamma, beta, eps
    return build


def _train_forward(Z, gamma, beta, eps):
    return ref.batchnorm_forward(Z, gamma, beta, {"mode": "train", "eps": eps})


def _surrogate_cost(dZ_tilde, Z, gamma, beta, eps):
    """sum(dZ_tilde * Z_tilde): its gradient with respect to Z_tilde is dZ_tilde itself."""
    return float(np.sum(dZ_tilde * _train_forward(Z, gamma, beta, eps)[0]))


def _with_train_cache(dZ_tilde, Z, gamma, beta, eps):
    return dZ_tilde, _train_forward(Z, gamma, beta, eps)[1]


def _bn_backward_with(constant_statistics=False, forget_gamma=False, dgamma_from_z=False, dbeta_mean=False):
    def wrong(dZ_tilde, cache):
        Z, Z_norm, mu, var, gamma, eps, mode = cache
        m = Z.shape[1]
        dbeta = (np.mean if dbeta_mean else np.sum)(dZ_tilde, axis=1, keepdims=True)
        dgamma = np.sum(dZ_tilde * (Z if dgamma_from_z else Z_norm), axis=1, keepdims=True)
        dZ_norm = dZ_tilde if forget_gamma else gamma * dZ_tilde
        if mode == "train" and not constant_statistics:
            dZ = (m * dZ_norm - np.sum(dZ_norm, axis=1, keepdims=True)
                  - Z_norm * np.sum(dZ_norm * Z_norm, axis=1, keepdims=True)) / (m * np.sqrt(var + eps))
        else:
            dZ = dZ_norm / np.sqrt(var + eps)
        return dZ, dgamma, dbeta
    return wrong


CONSTANT = "a feature constant on the training set is centred, not divided by sigma = 0"

PARTS = [
    Part("normalize_inputs", returns=("X_train_norm", "X_test_norm", "mu", "sigma"), checks=[
        Values("the normalized training and test sets", SAME_SIZE, select=_sets, weight=2),
        Values("mu and sigma of the training set, each of shape (n, 1)", SAME_SIZE, select=_statistics),
        Values("a test set of one example", [Case(_features(2, 10, 1), label="n = 2, m_train = 10, m_test = 1")]),
        Values("a feature constant on the training set is centred, not scaled",
               [Case(_constant_feature, label="two constant features")], requirement=CONSTANT),
        NoInPlace("does not modify X_train or X_test", SAME_SIZE[:1], weight=0.5),
    ], mistakes=[
        Mistake("divided by the variance", "Divide by the standard deviation sigma, not by sigma^2 (the curriculum "
                "notes' x /= sigma^2 is an erratum): dividing by the variance leaves the features on different "
                "scales.", _normalize_with(divide_by_variance=True)),
        Mistake("test set normalized with its own statistics", "Normalize the test set with the training set's mu "
                "and sigma: the model was trained on data transformed that way.",
                _normalize_with(own_test_statistics=True)),
        Mistake("statistics over axis 0", "Examples are columns: each feature is a row, so take the mean and the "
                "standard deviation along axis=1, with keepdims=True.", _normalize_with(axis=0)),
        Mistake("sample standard deviation (ddof=1)", "sigma^2 = (1/m) sum (x - mu)^2 uses 1/m: np.std's default "
                "ddof=0.", _normalize_with(ddof=1)),
        Mistake("only centred", "Normalizing has two steps: subtract mu, then divide by sigma.",
                _normalize_with(scale=False)),
        Mistake("no guard for sigma = 0", "A feature that is constant on the training set has sigma = 0: divide it "
                "by 1 instead (and return sigma = 1 for it), or the result is nan and inf.",
                _normalize_with(guard=False), nonfinite=True),
    ]),
    Part("batchnorm_forward", returns=("Z_tilde", "cache"), checks=[
        Values("train mode: Z_tilde", TRAIN, select=lambda result: {"Z_tilde": result[0]}, weight=2),
        Values("train mode: the cache and the running statistics left in bn_param", TRAIN, check_args=(3,), weight=2),
        Values("test mode: normalized with the running statistics, which stay unchanged", TEST, check_args=(3,),
               weight=1.5),
    ], mistakes=[
        Mistake("unbiased batch variance", "Batch norm divides by m: var = np.var(Z, axis=1, keepdims=True) "
                "(ddof=0).", _bn_forward_with(ddof=1)),
        Mistake("eps outside the square root", "Z_norm = (Z - mu) / np.sqrt(var + eps): eps is added to the "
                "variance, inside the root.", _bn_forward_with(eps_outside=True)),
        Mistake("momentum weights swapped", "momentum is the weight of the old running value: "
                "running = momentum * running + (1 - momentum) * batch statistic.",
                _bn_forward_with(reversed_momentum=True)),
        Mistake("running variance not updated", "Update running_var like running_mean, with the batch variance.",
                _bn_forward_with(update_var=False)),
        Mistake("batch statistics in test mode", "In test mode use running_mean and running_var: a test batch may "
                "hold one example, and a prediction must not depend on its batch.",
                _bn_forward_with(test_batch_statistics=True)),
    ]),
    Part("batchnorm_backward", returns=("dZ", "dgamma", "dbeta"), checks=[
        Values("dgamma and dbeta", TRAIN_BACKWARD + TEST_BACKWARD,
               select=lambda result: {"dgamma": result[1], "dbeta": result[2]}),
        Values("train mode: dZ through the batch statistics", TRAIN_BACKWARD, weight=2),
        Values("test mode", TEST_BACKWARD),
        GradCheck("train mode: dZ, dgamma, dbeta match central differences of sum(dZ_tilde * Z_tilde)",
                  [Case(_surrogate_inputs(4, 6), label="(4, 6)"), Case(_surrogate_inputs(3, 2, eps=1e-3), label="(3, 2)")],
                  objective=_surrogate_cost, call_args=_with_train_cache,
                  wrt={"dZ": ((1,), (0,)), "dgamma": ((2,), (1,)), "dbeta": ((3,), (2,))}, weight=2),
        NoInPlace("does not modify dZ_tilde or the cache", TRAIN_BACKWARD[:1], weight=0.5),
    ], mistakes=[
        Mistake("mu and var treated as constants", "In train mode mu and var depend on every column of Z: "
                "dZ = (m dZ_norm - sum dZ_norm - Z_norm sum(dZ_norm Z_norm)) / (m sqrt(var + eps)).",
                _bn_backward_with(constant_statistics=True)),
        Mistake("gamma left out of dZ", "Z_tilde = gamma * Z_norm + beta, so dZ_norm = gamma * dZ_tilde.",
                _bn_backward_with(forget_gamma=True)),
        Mistake("dgamma from Z instead of Z_norm", "gamma multiplies Z_norm: dgamma = sum(dZ_tilde * Z_norm) over "
                "the examples.", _bn_backward_with(dgamma_from_z=True)),
        Mistake("dbeta as a mean", "dbeta = sum of dZ_tilde over the examples (axis=1), not its mean: dZ_tilde "
                "already holds whatever averaging the cost does.", _bn_backward_with(dbeta_mean=True)),
    ]),
]

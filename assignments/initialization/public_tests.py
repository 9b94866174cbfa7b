"""Public cases of `initialization`: one small network per initialiser, drawn after np.random.seed(3)."""

from autograder.spec import Case

PUBLIC = {
    "initialize_parameters_zeros": [Case(([3, 2, 1],))],
    "initialize_parameters_random": [Case(([3, 2, 1],), np_seed=3)],
    "initialize_parameters_he": [Case(([2, 4, 1],), np_seed=3)],
    "initialize_parameters_xavier": [Case(([2, 4, 1],), np_seed=3)],
}

"""Quiz on sequence models (序列模型), with the catalogue's GRU and LSTM errata."""

from autograder.quiz.questions import Count, Numeric, Shape, Single
from solutions import quiz_answers as ref


def gates(rng):
    return {"gu": round(float(rng.uniform(0.1, 0.9)), 2), "gf": round(float(rng.uniform(0.1, 0.9)), 2),
            "ct": round(float(rng.uniform(-0.9, 0.9)), 2), "cp": round(float(rng.uniform(-2.0, 2.0)), 2)}


QUESTIONS = [
    Numeric(
        title="GRU memory cell",
        prompt="A GRU unit has Γu = {gu}, candidate c̃<t> = {ct} and c<t-1> = {cp}. What is c<t>? (4 decimals)",
        params=gates,
        answer=lambda gu, gf, ct, cp: ref.gru_memory(gu, ct, cp),
        wrong=lambda gu, gf, ct, cp: gu * ct + (1 - gu) + cp,
        atol=1e-4, rtol=1e-3,
        explanation="c<t> = Γu·c̃<t> + (1 - Γu)·c<t-1>: the update gate mixes the candidate and the old memory. "
                    "The notes print '(1-Γu) + c̃<t-1>', an erratum: it is a product with c<t-1>.",
    ),
    Numeric(
        title="LSTM memory cell",
        prompt="An LSTM unit has Γu = {gu}, Γf = {gf}, candidate c̃<t> = {ct} and c<t-1> = {cp}. What is c<t>? "
               "(4 decimals)",
        params=gates,
        answer=lambda gu, gf, ct, cp: ref.lstm_memory(gu, ct, gf, cp),
        wrong=lambda gu, gf, ct, cp: gu * ct + gf + cp,
        atol=1e-4, rtol=1e-3,
        explanation="c<t> = Γu·c̃<t> + Γf·c<t-1>: separate update and forget gates. The notes print 'Γf + c̃<t-1>', "
                    "an erratum: the forget gate multiplies the previous memory c<t-1>.",
    ),
    Count(
        title="parameters of a basic RNN",
        prompt="A basic RNN cell has n_a = {n_a} hidden units, inputs of size n_x = {n_x} and outputs of size "
               "n_y = {n_y}. How many parameters do W_a, b_a, W_y and b_y hold together?",
        params=lambda rng: {"n_a": int(rng.integers(8, 129)), "n_x": int(rng.integers(5, 200)),
                            "n_y": int(rng.integers(2, 60))},
        answer=lambda n_a, n_x, n_y: ref.rnn_parameters(n_a, n_x, n_y),
        wrong=lambda n_a, n_x, n_y: n_a * (n_a + n_x) + n_y * n_a,
        explanation="W_a = [W_aa | W_ax] is (n_a, n_a + n_x), b_a is (n_a, 1), W_y is (n_y, n_a), b_y is (n_y, 1); "
                    "they are shared by every time step, so T_x does not matter.",
    ),
    Count(
        title="parameters of an LSTM cell",
        prompt="An LSTM cell has n_a = {n_a} units and inputs of size n_x = {n_x}. How many parameters do its "
               "candidate and three gates hold (weights and biases, no output layer)?",
        params=lambda rng: {"n_a": int(rng.integers(8, 129)), "n_x": int(rng.integers(5, 200))},
        answer=lambda n_a, n_x: ref.lstm_parameters(n_a, n_x),
        wrong=lambda n_a, n_x: ref.gru_parameters(n_a, n_x),
        explanation="Four blocks (c̃, Γu, Γf, Γo), each with W (n_a, n_a + n_x) and b (n_a, 1): "
                    "4·(n_a·(n_a + n_x) + n_a). A GRU has three blocks.",
    ),
    Single(
        title="GRU update, corrected",
        prompt="Which is the correct GRU memory update?",
        choices=["c<t> = Γu * c̃<t> + (1 - Γu) * c<t-1>", "c<t> = Γu * c̃<t> + (1 - Γu) + c̃<t-1>",
                 "c<t> = Γr * c̃<t> + c<t-1>", "c<t> = c̃<t>"],
        answer="a", wrong="b",
        explanation="With Γu near 0 the GRU keeps c<t-1> unchanged for many steps, which is how it remembers; the "
                    "notes' '+ c̃<t-1>' version is an erratum.",
    ),
    Single(
        title="LSTM update, corrected",
        prompt="Which is the correct LSTM memory update?",
        choices=["c<t> = Γu * c̃<t> + Γf * c<t-1>", "c<t> = Γu * c̃<t> + Γf + c̃<t-1>",
                 "c<t> = Γo * c̃<t> + Γf * c<t-1>", "c<t> = Γu * c̃<t> + (1 - Γu) * c<t-1>"],
        answer="a", wrong="b",
        explanation="The LSTM has a separate forget gate multiplying c<t-1> (not 1 - Γu as in the GRU); "
                    "the notes' 'Γf + c̃<t-1>' is an erratum.",
    ),
    Single(
        title="inputs of the LSTM gates",
        prompt="What do the LSTM's gates (and candidate) take as input?",
        choices=["[a<t-1>, x<t>]", "[c<t-1>, x<t>]", "x<t> only", "[c<t>, a<t>]"],
        answer="a", wrong="b",
        explanation="In an LSTM a<t> ≠ c<t>; the gates read the previous hidden state a<t-1> and x<t>. The notes "
                    "write c<t-1> there (correct only for the GRU, where a<t> = c<t>).",
    ),
    Single(
        title="LSTM output",
        prompt="How is the LSTM's hidden state a<t> computed?",
        choices=["a<t> = Γo * tanh(c<t>)", "a<t> = c<t>", "a<t> = Γu * c<t>", "a<t> = tanh(Γo) * c<t>"],
        answer="a", wrong="b",
        explanation="The output gate decides how much of tanh(c<t>) is exposed; a<t> = c<t> holds for the GRU only.",
    ),
    Single(
        title="GRU or LSTM",
        prompt="Which statement matches the notes' comparison?",
        choices=["the GRU is simpler (two gates) and faster, the LSTM (three gates) more powerful and flexible",
                 "the GRU has more gates than the LSTM", "the LSTM cannot be made bidirectional",
                 "the GRU has no memory cell"],
        answer="a", wrong="b",
        explanation="GRU: update and relevance gates; LSTM: update, forget and output gates. Both can be used in "
                    "bidirectional and deep RNNs.",
    ),
    Single(
        title="bidirectional RNN",
        prompt="What does a bidirectional RNN use to predict ŷ<t>?",
        choices=["both the forward activation a→<t> and the backward activation a←<t>",
                 "only the forward activations", "only x<t>", "the prediction ŷ<t+1>"],
        answer="a", wrong="b",
        explanation="ŷ<t> = g(W_y[a→<t>, a←<t>] + b_y): it sees the past and the future of the sequence, so the "
                    "whole sequence must be available first.",
    ),
    Single(
        title="language model input",
        prompt="When an RNN language model is trained or samples a sentence, what is its input x<t> at step t?",
        choices=["the previous word y<t-1>", "the next word y<t+1>", "always the zero vector", "the whole sentence"],
        answer="a", wrong="b",
        explanation="x<1> = 0 and x<t> = y<t-1>: the model predicts each word given the words before it.",
    ),
    Shape(
        title="shape of all hidden states",
        prompt="In the course's programming convention, what is the shape of the array a holding the hidden states "
               "of every time step for a batch? Use n_a, m and T_x.",
        answer="(n_a, m, T_x)", wrong="(m, n_a, T_x)",
        variables={"n_a": ("int", 1, 200), "m": ("int", 1, 200), "T_x": ("int", 1, 200)},
        explanation="Sequences are (features, examples, time): x is (n_x, m, T_x) and a is (n_a, m, T_x).",
    ),
    Single(
        title="depth of RNNs",
        prompt="According to the notes, how many stacked recurrent layers are already a lot for a deep RNN?",
        choices=["about three", "about 100", "at least 50", "one, always"],
        answer="a", wrong="b",
        explanation="Unrolled in time, even a few recurrent layers make a large network; three is already a lot.",
    ),
]

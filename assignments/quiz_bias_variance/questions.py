"""Quiz on bias and variance (偏差与方差): diagnosis from error rates and the remedies of the notes."""

from autograder.quiz.questions import Multiple, Numeric, Single
from solutions import quiz_answers as ref

DIAGNOSES = ["high bias only", "high variance only", "both high bias and high variance", "neither"]
OTHER = {"a": "b", "b": "a", "c": "d", "d": "c"}


def error_rates(rng):
    bayes = float(rng.choice([0.5, 1.0, 2.0, 4.0, 5.0]))
    train = bayes + float(rng.choice([0.3, 0.8, 1.2, 3.5, 6.0, 9.0, 14.0]))
    dev = train + float(rng.choice([0.4, 1.0, 1.5, 3.0, 7.0, 12.0]))
    return {"bayes": round(bayes, 1), "train": round(train, 1), "dev": round(dev, 1)}


def diagnosis(bayes, train, dev):
    return ref.diagnose_letter(train / 100, dev / 100, bayes / 100, tolerance=0.02)


QUESTIONS = [
    Single(
        title="diagnose your error rates",
        prompt="Bayes (optimal) error ≈ {bayes}%, training error = {train}%, dev error = {dev}%. Call a gap 'high' "
               "when it is above 2 percentage points. What is the diagnosis?",
        choices=DIAGNOSES,
        params=error_rates,
        answer=lambda bayes, train, dev: diagnosis(bayes, train, dev),
        wrong=lambda bayes, train, dev: OTHER[diagnosis(bayes, train, dev)],
        explanation="Avoidable bias = training error - Bayes error; variance = dev error - training error. "
                    "Each is 'high' when above the tolerance; both can be high at once.",
    ),
    Numeric(
        title="avoidable bias",
        prompt="Human-level (≈ Bayes) error is {bayes}% and the training error {train}%. What is the avoidable "
               "bias, in percentage points?",
        params=error_rates,
        answer=lambda bayes, train, dev: round(ref.avoidable_bias(train, bayes), 6),
        wrong=lambda bayes, train, dev: train,
        rtol=1e-6, atol=1e-6,
        explanation="Avoidable bias = training error - Bayes error: only the part above the best achievable "
                    "error can be removed by fitting the training set better.",
    ),
    Numeric(
        title="variance",
        prompt="Training error is {train}% and dev error {dev}%. How large is the variance (in percentage points)?",
        params=error_rates,
        answer=lambda bayes, train, dev: round(ref.variance_gap(train, dev), 6),
        wrong=lambda bayes, train, dev: dev,
        rtol=1e-6, atol=1e-6,
        explanation="Variance is the gap dev error - training error: how much worse the model does on data it "
                    "was not trained on.",
    ),
    Multiple(
        title="remedies for high bias",
        prompt="Which remedies do the notes list for high bias?",
        choices=["a bigger network (more layers or units)", "train longer", "more training data", "regularisation",
                 "a more appropriate architecture"],
        answer=["a", "b", "e"], wrong=["c", "d"],
        explanation="High bias means the training set is not fitted: more capacity, longer training or a better "
                    "architecture help; more data and regularisation address variance instead.",
    ),
    Multiple(
        title="remedies for high variance",
        prompt="Which remedies do the notes list for high variance?",
        choices=["more data", "regularisation", "a bigger network", "train longer", "a more appropriate architecture"],
        answer=["a", "b", "e"], wrong=["c", "d"],
        explanation="High variance means overfitting: more data, regularisation (L2, dropout) or a better "
                    "architecture; a bigger network or longer training target bias.",
    ),
    Single(
        title="1% train, 11% dev",
        prompt="Training error 1%, dev error 11%, Bayes error ≈ 0%. Diagnosis?",
        choices=DIAGNOSES, answer="b", wrong="a",
        explanation="The training set is fitted (1%) but dev is 10 points worse: high variance (overfitting).",
    ),
    Single(
        title="15% train, 16% dev",
        prompt="Training error 15%, dev error 16%, Bayes error ≈ 0%. Diagnosis?",
        choices=DIAGNOSES, answer="a", wrong="b",
        explanation="15 points of avoidable bias, only 1 point of variance: high bias (underfitting).",
    ),
    Single(
        title="15% train, 30% dev",
        prompt="Training error 15%, dev error 30%, Bayes error ≈ 0%. Diagnosis?",
        choices=DIAGNOSES, answer="c", wrong="b",
        explanation="The training set is underfitted (15 points of bias) and dev is 15 points worse still: both.",
    ),
    Single(
        title="0.5% train, 1% dev",
        prompt="Training error 0.5%, dev error 1%, Bayes error ≈ 0%. Diagnosis?",
        choices=DIAGNOSES, answer="d", wrong="b",
        explanation="Both gaps (0.5 points each) are small: low bias and low variance.",
    ),
    Single(
        title="bias and Bayes error",
        prompt="Training error 15%, dev error 16%, but the images are so blurred that the Bayes error is about 15%. "
               "Diagnosis?",
        choices=DIAGNOSES, answer="d", wrong="a",
        explanation="Bias is measured against the Bayes error: 15% - 15% leaves no avoidable bias, and the "
                    "variance is 1 point.",
    ),
    Single(
        title="underfitting",
        prompt="A model that underfits (in the notes' picture, a nearly linear boundary on curved data) has...",
        choices=["high bias", "high variance", "low bias", "a too small dev set"],
        answer="a", wrong="b",
        explanation="Underfitting is high bias (high training error); overfitting is high variance.",
    ),
    Single(
        title="more data for high bias",
        prompt="Your model has high bias and low variance. Will collecting much more training data fix it?",
        choices=["no: the model does not even fit the data it has", "yes, always",
                 "yes, if the data is from the dev distribution", "only with dropout"],
        answer="a", wrong="b",
        explanation="More data lowers variance; a model that underfits its training set needs capacity or "
                    "training time first.",
    ),
]

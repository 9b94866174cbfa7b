"""The same submissions give the same result objects, apart from timings, on every run and any --jobs."""

import json

from ..conftest import ROOT, run_dlgrade


def _without_timings(results):
    for result in results:
        result.pop("execution_time")
        for test in result["tests"]:
            test.pop("execution_time", None)
    return results


def test_results_do_not_depend_on_jobs_or_on_the_run():
    folder = ROOT / "examples" / "logistic_regression"
    runs = []
    for jobs in ("1", "2", "2"):
        done = run_dlgrade("grade", "logistic_regression", folder, "--json", "--jobs", jobs, "--timeout", "3")
        assert done.returncode == 0, done.stderr
        runs.append(_without_timings(json.loads(done.stdout)))
    assert runs[0] == runs[1] == runs[2]

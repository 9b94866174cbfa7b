"""--scheduler: a Dask cluster grades with the same sandbox and gives the same scores as a local run."""

import json

import pytest

from autograder.gradebook import Gradebook

from .conftest import EXPECTED_SCORE, dlgrade, make_class

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    # One in-process worker with two threads: light on a 2-core machine, reachable over TCP by the CLI.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as local:
        yield local


def test_dask_cluster_gives_the_same_scores_as_the_local_run(cluster, tmp_path):
    folder = tmp_path / "submitted"
    students = make_class(folder, 6, kinds=("complete", "mistakes", "stub", "invalid", "reference"))
    local = dlgrade("grade", "activations", folder, "--json", "--jobs", "2")
    assert local.returncode == 0, local.stderr
    db = tmp_path / "grades.db"
    remote = dlgrade("grade", "activations", folder, "--json", "--scheduler", cluster.scheduler_address, "--db", db)
    assert remote.returncode == 0, remote.stderr
    local, remote = json.loads(local.stdout), json.loads(remote.stdout)
    assert [r["submission"] for r in remote] == [r["submission"] for r in local]  # input order, original paths
    for mine, theirs in zip(remote, local):
        assert mine["sha256"] == theirs["sha256"]
        assert mine["score"] == theirs["score"]
        assert [(t["name"], t["score"], t["status"]) for t in mine["tests"]] == \
               [(t["name"], t["score"], t["status"]) for t in theirs["tests"]]
    with Gradebook(db, create=False) as book:
        scores = {r.student: r.score for r in book.latest("activations")}
    assert scores == {student: EXPECTED_SCORE[kind] for student, kind in students.items()}


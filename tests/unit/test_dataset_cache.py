"""The datasets' tables on disk: read back exactly as computed, rewritten when unreadable, never used
when the cache is off."""

import numpy as np

from autograder import datasets


def test_a_table_is_written_once_and_read_back_exactly(tmp_path, monkeypatch):
    monkeypatch.setenv("DLGRADE_REFERENCE_CACHE", str(tmp_path))
    computed = datasets._computed("moons")
    first = datasets.raw.__wrapped__("moons")  # past the in-process memo: the disk is what is tested
    files = list((tmp_path / "datasets").glob("moons-*.npy"))
    assert len(files) == 1
    np.testing.assert_array_equal(first, computed)
    monkeypatch.setattr(datasets, "_computed", lambda name: (_ for _ in ()).throw(AssertionError("recomputed")))
    again = datasets.raw.__wrapped__("moons")
    assert again.dtype == computed.dtype
    np.testing.assert_array_equal(again, computed)


def test_an_unreadable_file_is_computed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("DLGRADE_REFERENCE_CACHE", str(tmp_path))
    path = datasets._disk_path("circles")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not an array")
    table = datasets.raw.__wrapped__("circles")
    np.testing.assert_array_equal(table, datasets._computed("circles"))
    np.testing.assert_array_equal(np.load(path, allow_pickle=False), table)


def test_the_key_follows_the_package_version_and_the_cache_can_be_off(tmp_path, monkeypatch):
    import importlib.metadata

    monkeypatch.setenv("DLGRADE_REFERENCE_CACHE", str(tmp_path))
    before = datasets._disk_path("digits")
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda package: "0.0" if package == "scikit-learn" else real(package))
    assert datasets._disk_path("digits") != before
    assert datasets._disk_path("dates") is not None
    monkeypatch.setenv("DLGRADE_REFERENCE_CACHE", "off")
    assert datasets._disk_path("digits") is None

"""Auxiliary inputs of `orbit matrix` are capped (issue 22, defect 3): a filters
file or a saved state larger than 16 MiB (/dev/zero, a bar file given by
mistake) is exit 2 naming it, read no further (before the cap it was read
whole: killed by the kernel's OOM killer on this 24 GiB machine)."""
from conftest import EXAMPLES, need_examples, run_matrix


def test_filters_from_dev_zero_is_refused_not_read_to_the_end(tmp_path):
    need_examples()
    results = EXAMPLES / "case1_es_2023_nofilters" / "analyzer_results.csv"
    r = run_matrix("--results", str(results), "--filters", "/dev/zero", "--out", str(tmp_path / "m.csv"), check=False)
    assert r.returncode == 2, r.stderr
    assert "/dev/zero is larger than 16 MiB" in r.stderr
    assert not (tmp_path / "m.csv").exists()


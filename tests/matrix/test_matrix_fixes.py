"""--fix KI-Mnn (the known issues SELECTION_SPEC.md §9 marks fixable) and --strict, on the worked examples.
Each expectation is recomputed here from the matrix the run wrote, not copied from Orbit's output."""
import json
import math
from collections import OrderedDict

import pytest

from conftest import EXAMPLES, need_examples, read_csv, run_matrix


def build(tmp_path, case, *extra, name="m"):
    need_examples()
    c = EXAMPLES / case
    args = ["--results", c / "analyzer_results.csv", "--out", tmp_path / f"{name}.csv",
            "--stats-json", tmp_path / f"{name}.json", "--quiet"]
    if (c / "stream_filters.json").exists():
        args += ["--filters", c / "stream_filters.json"]
    run_matrix(*args, *extra)
    header, rows = read_csv(tmp_path / f"{name}.csv")
    return [dict(zip(header, r)) for r in rows], json.loads((tmp_path / f"{name}.json").read_text())


def test_unknown_fix_is_a_usage_error(tmp_path):
    need_examples()
    proc = run_matrix("--results", EXAMPLES / "case1_es_2023_nofilters" / "analyzer_results.csv",
                      "--out", tmp_path / "m.csv", "--fix", "KI-M04", check=False)
    assert proc.returncode == 1 and "KI-M04" in proc.stderr


def test_fix_m05_sl_from_target_and_range(tmp_path):
    rows, _ = build(tmp_path, "case1_es_2023_nofilters")
    assert all(float(r["SL"]) == 0 for r in rows)  # integer Target: SL = 0 by default
    fixed, _ = build(tmp_path, "case1_es_2023_nofilters", "--fix", "KI-M05", name="f")
    for r in fixed:
        if r["Target"] == "":
            assert float(r["SL"]) == 0
            continue
        sl = 3 * float(r["Target"])
        if float(r["Range"]) > 0:
            sl = min(sl, float(r["Range"]))
        assert float(r["SL"]) == sl


def test_fix_m07_nq_point_value(tmp_path):
    rows, stats = build(tmp_path, "case2_nq_2024_filters")
    fixed, fstats = build(tmp_path, "case2_nq_2024_filters", "--fix", "KI-M07", name="f")
    for r, f in zip(rows, fixed):
        if r["pnl"] != "":
            assert float(r["ProfitDollars"]) == float(r["pnl"]) * 10
            assert float(f["ProfitDollars"]) == float(f["pnl"]) * 20
    t = "summary_stats_include_filtered_executed_true"
    assert fstats[t]["performance_trade_metrics"]["total_profit"] == round(
        2 * stats[t]["performance_trade_metrics"]["total_profit"], 2)


def test_fix_m09_master_day_filters_in_matrix(tmp_path):
    rows, _ = build(tmp_path, "case2_nq_2024_filters")
    # master excludes Wednesday and day 31: ignored by the matrix by default (KI-M09).
    assert any(r["dow_full"] == "Wednesday" and r["final_allowed"] == "True" for r in rows)
    fixed, _ = build(tmp_path, "case2_nq_2024_filters", "--fix", "KI-M09", name="f")
    for r in fixed:
        if r["dow_full"] == "Wednesday" or r["day_of_month"] == "31":
            assert r["final_allowed"] == "False", (r["Stream"], r["trade_date"])
            assert "wednesday" in r["filter_reasons"] or "31" in r["filter_reasons"]


def test_fix_m10_index_and_text_values_in_matrix(tmp_path):
    rows, _ = build(tmp_path, "case5_edge_rules")
    es1 = [r for r in rows if r["Stream"] == "ES1"]
    # ES1 excludes "0" (Monday) and day "4": never matched by the matrix by default.
    assert any(r["dow_full"] == "Monday" and r["final_allowed"] == "True" for r in es1)
    fixed, _ = build(tmp_path, "case5_edge_rules", "--fix", "KI-M10", name="f")
    for r in fixed:
        if r["Stream"] == "ES1" and (r["dow_full"] in ("Monday", "Thursday") or r["day_of_month"] in ("4", "15")):
            assert r["final_allowed"] == "False", r["trade_date"]
        if r["Stream"] == "ES2" and (r["dow_full"] == "Friday" or r["day_of_month"] == "16"):
            assert r["final_allowed"] == "False", r["trade_date"]


def executed(rows):
    return [r for r in rows if r["Result"].strip().upper() in ("WIN", "LOSS", "BE", "BREAKEVEN", "TIME")]


def test_fix_m12_chronological_statistics(tmp_path):
    rows, stats = build(tmp_path, "case3_es_nq_cl_2024h1_multistream")
    fixed_rows, fstats = build(tmp_path, "case3_es_nq_cl_2024h1_multistream", "--fix", "KI-M12", name="f")
    e = sorted(executed(fixed_rows), key=lambda r: r["trade_date"])  # stable: streams in id order within a day
    best = run = 0
    for r in e:
        run = run + 1 if r["Result"].strip().upper() == "LOSS" else 0
        best = max(best, run)
    c, peak, dd = 0.0, -math.inf, 0.0
    for r in e:
        c += float(r["ProfitDollars"])
        peak = max(peak, c)
        dd = min(dd, c - peak)
    key = "summary_stats_include_filtered_executed_true"
    got = fstats[key]["performance_trade_metrics"]
    assert got["max_consecutive_losses"] == best
    assert got["max_drawdown"] == round(abs(dd), 2)
    assert got["max_drawdown"] != stats[key]["performance_trade_metrics"]["max_drawdown"]


def test_fix_m13_drawdown_from_zero(tmp_path):
    _, stats = build(tmp_path, "case1_es_2023_nofilters")
    rows, fstats = build(tmp_path, "case1_es_2023_nofilters", "--fix", "KI-M13", name="f")
    c, peak, dd = 0.0, 0.0, 0.0
    daily = OrderedDict()
    for r in executed(rows):
        x = float(r["ProfitDollars"])
        c += x
        peak = max(peak, c)
        dd = min(dd, c - peak)
        daily[r["trade_date"]] = daily.get(r["trade_date"], 0.0) + x
    z, zpeak, ddd = 0.0, 0.0, 0.0
    for y in daily.values():
        z += y
        zpeak = max(zpeak, z)
        ddd = min(ddd, z - zpeak)
    key = "summary_stats_include_filtered_executed_true"
    assert fstats[key]["performance_trade_metrics"]["max_drawdown"] == round(abs(dd), 2)
    assert fstats[key]["performance_daily_metrics"]["max_drawdown_daily"] == round(abs(ddd), 2)
    assert (fstats[key]["performance_trade_metrics"]["max_drawdown"]
            >= stats[key]["performance_trade_metrics"]["max_drawdown"])


def test_fix_m14_sortino_over_all_days(tmp_path):
    rows, fstats = build(tmp_path, "case1_es_2023_nofilters", "--fix", "KI-M14", name="f")
    daily = OrderedDict()
    for r in executed(rows):
        daily[r["trade_date"]] = daily.get(r["trade_date"], 0.0) + float(r["ProfitDollars"])
    y = list(daily.values())
    m = sum(y) / len(y)
    delta = math.sqrt(sum(min(v, 0.0) ** 2 for v in y) / len(y))
    key = "summary_stats_include_filtered_executed_true"
    assert fstats[key]["performance_daily_metrics"]["sortino_ratio"] == pytest.approx(
        round(252 * m / (delta * math.sqrt(252)), 2), abs=0.011)
    _, stats = build(tmp_path, "case1_es_2023_nofilters")
    assert (fstats[key]["performance_daily_metrics"]["sortino_ratio"]
            != stats[key]["performance_daily_metrics"]["sortino_ratio"])


def test_strict_fails_on_silently_dropped_inputs(tmp_path):
    need_examples()
    c = EXAMPLES / "case5_edge_rules"
    args = ["--results", c / "analyzer_results.csv", "--filters", c / "stream_filters.json",
            "--out", tmp_path / "m.csv"]
    ok = run_matrix(*args)
    for text in ("GC1", "M2K1", "M2K2", "YM2", "KI-M19", "KI-M21", "KI-M27"):
        assert text in ok.stderr, text
    strict = run_matrix(*args, "--strict", check=False)
    assert strict.returncode == 2 and "--strict" in strict.stderr


def test_strict_passes_clean_input(tmp_path):
    need_examples()
    c = EXAMPLES / "case1_es_2023_nofilters"
    run_matrix("--results", c / "analyzer_results.csv", "--out", tmp_path / "m.csv", "--strict")


def test_number_weekday_fails_the_build_unless_fixed(tmp_path):
    need_examples()
    c = EXAMPLES / "case1_es_2023_nofilters"
    (tmp_path / "f.json").write_text(json.dumps({"ES1": {"exclude_days_of_week": [3]}}))
    args = ["--results", c / "analyzer_results.csv", "--filters", tmp_path / "f.json", "--out", tmp_path / "m.csv"]
    proc = run_matrix(*args, check=False)
    assert proc.returncode == 2 and "exclude_days_of_week" in proc.stderr and "KI-M10" in proc.stderr
    run_matrix(*args, "--fix", "KI-M10", "--quiet")
    header, rows = read_csv(tmp_path / "m.csv")
    rows = [dict(zip(header, r)) for r in rows]
    thursdays = [r for r in rows if r["Stream"] == "ES1" and r["dow_full"] == "Thursday"]
    assert thursdays and all(r["final_allowed"] == "False" for r in thursdays)


def test_timetable_day_of_month_text_that_int_cannot_read_is_an_error(tmp_path):
    need_examples()
    c = EXAMPLES / "case1_es_2023_nofilters"
    (tmp_path / "f.json").write_text(json.dumps({"ES1": {"exclude_days_of_month": ["4.0"]}}))
    proc = run_matrix("--results", c / "analyzer_results.csv", "--filters", tmp_path / "f.json", "--timetable",
                      "2024-01-02", "--timetable-out", tmp_path / "t.json", check=False)
    assert proc.returncode == 2 and "4.0" in proc.stderr

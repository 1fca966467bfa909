"""Parquet in and out: result files as `orbit run` writes them (Date a timestamp, Target int64 or float64,
one file per instrument) give the worked example's matrix; MATRIX.parquet holds the CSV's values."""
import math

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from conftest import EXAMPLES, assert_same_matrix, cell_equal, need_examples, read_csv, run_matrix

TEXT = ["Date", "Time", "EntryTime", "ExitTime", "Direction", "Result", "Stream", "Instrument", "Session",
        "open_as_of_time"]


def assert_table_holds(table, header, rows):
    """Every cell of the Parquet table reads as the CSV's (None/NaN as empty, booleans True/False, dates ISO)."""
    columns = {name: table[name].to_pylist() for name in header}
    for i, row in enumerate(rows):
        for name, want in zip(header, row):
            got = columns[name][i]
            if got is None or (isinstance(got, float) and math.isnan(got)):
                text = ""
            elif isinstance(got, bool):
                text = str(got)
            elif hasattr(got, "isoformat"):
                text = got.isoformat()
            else:
                text = str(got)
            assert cell_equal(text, want), (i, name, text, want)


def split_to_parquet(case, tmp_path):
    opts = pacsv.ConvertOptions(column_types={c: pa.string() for c in TEXT}, strings_can_be_null=False)
    table = pacsv.read_csv(case / "analyzer_results.csv", convert_options=opts)
    date = pc.strptime(table["Date"], format="%Y-%m-%d", unit="ns")
    table = table.set_column(table.schema.get_field_index("Date"), "Date", date)
    paths = []
    for inst in dict.fromkeys(table["Instrument"].to_pylist()):
        part = table.filter(pc.equal(table["Instrument"], inst))
        if "Target" in part.column_names and inst not in ("CL", "NG"):
            target = part["Target"]
            if all(v is None or float(v).is_integer() for v in target.to_pylist()):
                part = part.set_column(part.schema.get_field_index("Target"), "Target", target.cast(pa.int64()))
        path = tmp_path / f"{inst}.parquet"
        pq.write_table(part, path)
        paths.append(path)
    return paths


@pytest.mark.parametrize("name", ["case3_es_nq_cl_2024h1_multistream", "case4_gc_2023_stubs_filters"])
def test_parquet_results_give_the_expected_matrix(name, tmp_path):
    need_examples()
    case = EXAMPLES / name
    paths = split_to_parquet(case, tmp_path)
    filters = ["--filters", case / "stream_filters.json"] if (case / "stream_filters.json").exists() else []
    run_matrix("--results", *paths, "--out", tmp_path / "m.csv", "--quiet", *filters)
    assert_same_matrix(tmp_path / "m.csv", case / "expected_master_matrix.csv")


def test_parquet_matrix_holds_the_csv_values(tmp_path):
    need_examples()
    case = EXAMPLES / "case5_edge_rules"
    args = ["--results", case / "analyzer_results.csv", "--filters", case / "stream_filters.json", "--quiet"]
    run_matrix(*args, "--out", tmp_path / "m.csv")
    run_matrix(*args, "--out", tmp_path / "m.parquet")
    header, rows = read_csv(tmp_path / "m.csv")
    table = pq.read_table(tmp_path / "m.parquet")
    assert table.column_names == header
    assert table.schema.field("Date").type == pa.date32()
    assert table.schema.field("final_allowed").type == pa.bool_()
    assert_table_holds(table, header, rows)


def test_parquet_matrix_from_parquet_results_is_the_expected_matrix_with_coded_text(tmp_path):
    """Parquet in (one file per instrument, text dictionary-encoded as Arrow writes it) and Parquet out:
    the matrix's values are the expected matrix's; its text columns read as plain strings, and the
    low-cardinality ones are stored dictionary-encoded (written from the codes read, not re-hashed)."""
    need_examples()
    case = EXAMPLES / "case3_es_nq_cl_2024h1_multistream"
    paths = split_to_parquet(case, tmp_path)
    run_matrix("--results", *paths, "--out", tmp_path / "m.parquet", "--quiet")
    table = pq.read_table(tmp_path / "m.parquet")
    header, rows = read_csv(case / "expected_master_matrix.csv")
    assert table.column_names == header
    for name in ("Result", "Time", "Stream", "Session", "EntryTime", "filter_reasons", "dow"):
        assert table.schema.field(name).type == pa.string(), name
    meta = pq.ParquetFile(tmp_path / "m.parquet").metadata
    encodings = {meta.schema.column(i).name: meta.row_group(0).column(i).encodings for i in range(meta.num_columns)}
    for name in ("Result", "Time", "Stream", "Session", "dow", "Time Change"):
        assert any("DICTIONARY" in e for e in encodings[name]), (name, encodings[name])
    for name in ("EntryPrice", "Profit", "global_trade_id"):
        assert not any("DICTIONARY" in e for e in encodings[name]), (name, encodings[name])
    assert_table_holds(table, header, rows)

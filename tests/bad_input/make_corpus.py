#!/usr/bin/env python3
"""Generates the bad-input corpus in tests/bad_input/data/ (committed; rerun to refresh).

    .venv/bin/python tests/bad_input/make_corpus.py

Deterministic: same script, same bytes (Parquet files are written without
statistics timestamps or creator-dependent data that would vary between runs
of the same pyarrow version). Every file is small; the whole corpus stays far
below 1 MB. cases.tsv says what Orbit must do with each file.
"""
import bz2
import datetime as dt
import gzip
import os
import random
import shutil
import sys

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data")
CHI_OFFSET = "-06:00"  # January: CST


def base_bars():
    """Two ES trading days (Mon 2024-01-08, Tue 2024-01-09), 01:55..02:45 and
    07:25..08:15 Chicago, a deterministic 0.25-tick random walk."""
    rng = random.Random(20240108)
    rows = []
    price = 4800.0
    for day in (8, 9):
        for start, end in (((1, 55), (2, 45)), ((7, 25), (8, 15))):
            t = dt.datetime(2024, 1, day, *start)
            stop = dt.datetime(2024, 1, day, *end)
            while t <= stop:
                o = price
                c = o + 0.25 * rng.randint(-6, 6)
                h = max(o, c) + 0.25 * rng.randint(0, 4)
                low = min(o, c) - 0.25 * rng.randint(0, 4)
                rows.append((t, o, h, low, c))
                price = c
                t += dt.timedelta(minutes=1)
    return rows


def fmt_price(v):
    return repr(float(v))


def zoned_text(t, offset=CHI_OFFSET):
    """Chicago wall time t rendered in another fixed offset."""
    utc = t + dt.timedelta(hours=6)
    if offset == "Z":
        return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    sign = 1 if offset[0] == "+" else -1
    hh, mm = int(offset[1:3]), int(offset[4:6])
    local = utc + sign * dt.timedelta(hours=hh, minutes=mm)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + offset


def write(name, data):
    path = os.path.join(OUT, name)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"newline": ""})) as f:
        f.write(data)


def csv_text(rows, ts=lambda t: zoned_text(t), inst="ES", header="timestamp,open,high,low,close,instrument",
             eol="\n"):
    lines = [header]
    for (t, o, h, low, c) in rows:
        lines.append(",".join([ts(t), fmt_price(o), fmt_price(h), fmt_price(low), fmt_price(c), inst]))
    return eol.join(lines) + eol


def chicago_table(rows, unit="ns", tz="America/Chicago", inst="ES"):
    # Instants as integers in `unit`, from the Chicago wall time (January = UTC-6).
    per_s = {"s": 1, "ms": 1000, "us": 10**6, "ns": 10**9}[unit]
    epoch = dt.datetime(1970, 1, 1)
    vals = []
    for r in rows:
        wall = r[0] if tz is None else r[0] + dt.timedelta(hours=6)
        vals.append(int((wall - epoch).total_seconds()) * per_s)
    return pa.table({
        "timestamp": pa.array(vals, pa.timestamp(unit, tz=tz)),
        "open": pa.array([r[1] for r in rows], pa.float64()),
        "high": pa.array([r[2] for r in rows], pa.float64()),
        "low": pa.array([r[3] for r in rows], pa.float64()),
        "close": pa.array([r[4] for r in rows], pa.float64()),
        "instrument": pa.array([inst] * len(rows), pa.string()),
    })


def write_parquet(name, table, **kw):
    kw.setdefault("compression", "snappy")
    pq.write_table(table, os.path.join(OUT, name), **kw)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    rows = base_bars()
    small = rows[:40]

    # ---- valid references ------------------------------------------------
    good = csv_text(rows)
    write("good.csv", good)
    write_parquet("good.parquet", chicago_table(rows))

    # ---- CSV structure ------------------------------------------------------
    write("empty.csv", b"")
    write("blank_lines.csv", "\n  \n\r\n")
    write("header_only.csv", "timestamp,open,high,low,close,instrument\n")
    write("missing_close.csv", csv_text(small, header="timestamp,open,high,low,clos,instrument"))
    write("missing_timestamp.csv", csv_text(small, header="time,open,high,low,close,instrument"))
    no_inst = ["timestamp,open,high,low,close"] + [
        ",".join([zoned_text(t), fmt_price(o), fmt_price(h), fmt_price(low), fmt_price(c)])
        for (t, o, h, low, c) in rows]
    write("no_instrument_column.csv", "\n".join(no_inst) + "\n")
    extra = ["timestamp,volume,open,high,low,close,instrument,note"] + [
        ",".join([zoned_text(t), "17", fmt_price(o), fmt_price(h), fmt_price(low), fmt_price(c), "ES", "x\xffy"])
        for (t, o, h, low, c) in rows]
    write("extra_columns.csv", ("\n".join(extra) + "\n").encode("latin-1"))
    lines = good.splitlines()
    write("ragged_row.csv", "\n".join(lines[:10] + [lines[10].rsplit(",", 2)[0]] + lines[11:20]) + "\n")
    write("truncated_mid_row.csv", good[: len(good) // 3 + 7])
    write("bom.csv", b"\xef\xbb\xbf" + good.encode())
    write("crlf.csv", good.replace("\n", "\r\n"))
    write("quoted.csv", "\n".join(",".join('"%s"' % f for f in ln.split(",")) for ln in lines) + "\n")
    write("quoted_comma_instrument.csv", "\n".join(lines[:5] + [lines[5][: lines[5].rfind(",")] + ',"E,S"'] + lines[6:20]) + "\n")
    write("non_utf8_instrument.csv", ("\n".join(lines[:5]) + "\n").encode() +
          lines[5][: lines[5].rfind(",") + 1].encode() + b"E\xffS\n")
    write("duplicate_column.csv", "\n".join([lines[0].replace("close", "open")] + lines[1:20]) + "\n")
    write("tab_separated.csv", "\n".join(ln.replace(",", "\t") for ln in lines[:20]) + "\n")
    write("bom_only.csv", b"\xef\xbb\xbf")
    write("binary_garbage.csv", bytes(random.Random(7).getrandbits(8) for _ in range(3000)))

    # ---- CSV values -----------------------------------------------------------
    def replace_field(row_idx, col_idx, value, src=lines, n=40):
        out = list(src[: n + 1])
        fields = out[row_idx + 1].split(",")
        fields[col_idx] = value
        out[row_idx + 1] = ",".join(fields)
        return "\n".join(out) + "\n"

    write("string_in_price.csv", replace_field(7, 2, "abc"))
    write("nan_price.csv", replace_field(7, 4, "NaN"))
    write("inf_price.csv", replace_field(7, 2, "inf"))
    write("empty_price_cell.csv", replace_field(7, 3, ""))
    write("negative_price.csv", replace_field(7, 3, "-1.0"))
    write("zero_price.csv", replace_field(7, 3, "0.0"))
    good_text = "\n".join(lines) + "\n"
    write("cr_only_zoned.csv", good_text.replace("\n", "\r"))  # old Mac line ends; Arrow reads them
    write("leading_blank_line.csv", "\n" + good_text)
    write("high_lt_low.csv", replace_field(7, 2, "1.0"))
    t0, o0, h0, l0, c0 = rows[7]
    write("open_gt_high.csv", replace_field(7, 1, fmt_price(h0 + 1)))
    big = list(lines)
    f = big[8].split(",")
    f[2] = "1e308"  # high: huge but finite and consistent (low <= o, c <= high)
    big[8] = ",".join(f)
    write("enormous_price.csv", "\n".join(big) + "\n")
    write("overflow_price.csv", replace_field(7, 2, "1e400"))  # parses to inf
    write("bad_timestamp.csv", replace_field(7, 0, "2024-13-45T99:00:00-06:00"))
    write("timestamp_year_9999.csv", replace_field(7, 0, "9999-01-01T00:00:00-06:00"))
    write("integer_prices.csv", "\n".join(
        [lines[0]] + [",".join([zoned_text(t), "4800", "4801", "4799", "4800", "ES"]) for (t, *_r) in rows]) + "\n")

    # Negative prices: an ES-only input fails; a CL row with a negative price
    # makes the whole frame acceptable (KI-37, reference behaviour).
    cl = [(t, o - 4870, h - 4870, low - 4870, c - 4870) for (t, o, h, low, c) in rows]
    write("negative_cl.csv", csv_text(cl, inst="CL"))

    # Rows out of order: accepted and sorted (same result as good.csv).
    shuffled = list(rows)
    random.Random(3).shuffle(shuffled)
    write("unsorted.csv", csv_text(shuffled))

    # Duplicate timestamps: bar 30 appears twice, the second copy differs.
    t, o, h, low, c = rows[30]
    dup = rows[:31] + [(t, o, h + 2.0, low - 2.0, c)] + rows[31:]
    write("duplicates.csv", csv_text(dup))

    # Instruments.
    write("unknown_instrument_row.csv", csv_text(small[:5]) + csv_text(small[5:10], inst="XX").split("\n", 1)[1])
    write("padded_lower_instrument.csv", csv_text(rows, inst=" es"))
    write("only_nq.csv", csv_text(small, inst="NQ"))

    # ---- time zones in CSV ---------------------------------------------------
    write("naive.csv", csv_text(rows, ts=lambda t: t.strftime("%Y-%m-%d %H:%M:%S")))
    write("utc_z.csv", csv_text(rows, ts=lambda t: zoned_text(t, "Z")))
    write("offset_plus_0100.csv", csv_text(rows, ts=lambda t: zoned_text(t, "+01:00")))
    mixed = [zoned_text(t, ("Z", "-06:00", "+05:30", "-05:00")[i % 4]) for i, (t, *_r) in enumerate(rows)]
    write("mixed_offsets.csv", "\n".join([lines[0]] + [
        ",".join([m] + ln.split(",")[1:]) for m, ln in zip(mixed, lines[1:])]) + "\n")
    write("mixed_naive_zoned.csv", "\n".join([lines[0]] + [
        ",".join([zoned_text(t) if i < 20 else t.strftime("%Y-%m-%d %H:%M:%S")] + ln.split(",")[1:])
        for i, ((t, *_r), ln) in enumerate(zip(rows, lines[1:]))]) + "\n")
    dst = [(dt.datetime(2024, 3, 10, 1, 58) + dt.timedelta(minutes=i), 10.0, 11.0, 9.0, 10.0) for i in range(5)]
    write("naive_dst_gap.csv", csv_text(dst, ts=lambda t: t.strftime("%Y-%m-%d %H:%M:%S")))

    # ---- Parquet: accepted variants -----------------------------------------
    for unit in ("s", "ms", "us", "ns"):
        write_parquet(f"ts_{unit}.parquet", chicago_table(rows, unit=unit))
    write_parquet("ts_utc.parquet", chicago_table(rows, tz="UTC"))
    # INT96 (Impala/Spark): UTC instants that Arrow reads back without a zone.
    write_parquet("ts_int96.parquet", chicago_table(rows, tz="UTC"), use_deprecated_int96_timestamps=True)
    write_parquet("ts_tokyo.parquet", chicago_table(rows, tz="Asia/Tokyo"))
    write_parquet("ts_naive.parquet", chicago_table(rows, tz=None))
    write_parquet("row_groups.parquet", chicago_table(rows), row_group_size=50)
    tbl = chicago_table(rows)
    write_parquet("dictionary_instrument.parquet",
                  tbl.set_column(5, "instrument", tbl.column("instrument").dictionary_encode()))
    ints = tbl
    for name in ("open", "high", "low", "close"):
        i = ints.schema.get_field_index(name)
        ints = ints.set_column(i, name, pa.array([4800] * len(rows), pa.int64()))
    write_parquet("int_prices.parquet", ints)
    f32 = tbl
    for name in ("open", "high", "low", "close"):
        i = f32.schema.get_field_index(name)
        f32 = f32.set_column(i, name, f32.column(name).cast(pa.float32()))
    write_parquet("float32_prices.parquet", f32)
    write_parquet("large_string_instrument.parquet",
                  tbl.set_column(5, "instrument", tbl.column("instrument").cast(pa.large_string())))
    os.makedirs(os.path.join(OUT, "hive", "instrument=ES"))
    pq.write_table(tbl.drop_columns(["instrument"]), os.path.join(OUT, "hive", "instrument=ES", "part-0.parquet"))

    # ---- Parquet: rejected ----------------------------------------------------
    stbl = chicago_table(small)
    write_parquet("empty_rows.parquet", stbl.slice(0, 0))
    write_parquet("missing_columns.parquet", stbl.drop_columns(["low", "close"]))
    write_parquet("string_timestamp.parquet",
                  stbl.set_column(0, "timestamp", pa.array([zoned_text(r[0]) for r in small])))
    write_parquet("int_timestamp.parquet",
                  stbl.set_column(0, "timestamp", stbl.column("timestamp").cast(pa.int64())))
    write_parquet("string_prices.parquet",
                  stbl.set_column(2, "high", pa.array([fmt_price(r[2]) for r in small])))
    ts = stbl.column("timestamp").to_pylist()
    ts[3] = None
    write_parquet("null_timestamp.parquet",
                  stbl.set_column(0, "timestamp", pa.array(ts, pa.timestamp("ns", tz="America/Chicago"))))
    insts = ["ES"] * len(small)
    insts[4] = None
    write_parquet("null_instrument.parquet", stbl.set_column(5, "instrument", pa.array(insts)))
    write_parquet("int_instrument.parquet", stbl.set_column(5, "instrument", pa.array([1] * len(small))))
    nan_close = stbl.column("close").to_pylist()
    nan_close[2] = float("nan")
    dup_tbl = pa.Table.from_arrays(stbl.columns + [stbl.column("close")], names=stbl.column_names + ["close"])
    write_parquet("duplicate_column.parquet", dup_tbl)
    write_parquet("nan_close.parquet", stbl.set_column(4, "close", pa.array(nan_close, pa.float64())))
    write_parquet("ts_seconds_overflow.parquet",
                  stbl.set_column(0, "timestamp", pa.array([10**11] * len(small), pa.timestamp("s", tz="UTC"))))
    # Corruptions of a valid file (snappy pages, so page damage breaks decoding).
    raw = open(os.path.join(OUT, "good.parquet"), "rb").read()
    write("zero_bytes.parquet", b"")
    write("magic_only.parquet", b"PAR1")
    write("truncated_half.parquet", raw[: len(raw) // 2])
    write("truncated_no_magic.parquet", raw[:-4])
    write("truncated_footer.parquet", raw[:-40])
    write("bad_head_magic.parquet", b"XXXX" + raw[4:])
    footer_len = int.from_bytes(raw[-8:-4], "little")
    foot = bytearray(raw)
    start = len(raw) - 8 - footer_len
    for i in range(start + 10, len(raw) - 8, 7):
        foot[i] ^= 0x5A
    write("corrupt_footer.parquet", bytes(foot))
    big_footer = bytearray(raw)
    big_footer[-8:-4] = (0x7FFFFFF0).to_bytes(4, "little")
    write("footer_length_huge.parquet", bytes(big_footer))
    pages = bytearray(raw)
    for i in range(60, min(start, 2000), 3):
        pages[i] ^= 0xFF
    write("corrupt_pages.parquet", bytes(pages))
    write("csv_named_parquet.parquet", good[:2000])
    write("parquet_named_csv.csv", raw)

    # ---- input formats (issue 11): the same bars as good.csv -------------------
    write("good.csv.gz", gzip.compress(good.encode(), mtime=0))
    write("good.csv.bz2", bz2.compress(good.encode()))
    write("corrupt.csv.gz", b"\x1f\x8b\x08\x00" + bytes(random.Random(11).getrandbits(8) for _ in range(500)))

    def utc_text(t):  # Databento: UTC, nanoseconds
        return (t + dt.timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M:%S") + ".000000000Z"
    write("databento.csv", "\n".join(["ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol"] + [
        ",".join([utc_text(t), "33", "1", "5002", fmt_price(o), fmt_price(h), fmt_price(low), fmt_price(c), "9", "ESH4"])
        for (t, o, h, low, c) in rows]) + "\n")
    minute = dt.timedelta(minutes=1)
    write("ninjatrader.txt", "\n".join(
        ";".join([(t + minute).strftime("%Y%m%d %H%M%S"), fmt_price(o), fmt_price(h), fmt_price(low), fmt_price(c), "9"])
        for (t, o, h, low, c) in rows) + "\n")
    write("tradestation.csv", "\r\n".join(["Date,Time,Open,High,Low,Close,Up,Down"] + [
        ",".join([(t + minute).strftime("%m/%d/%Y"), (t + minute).strftime("%H:%M"), fmt_price(o), fmt_price(h),
                  fmt_price(low), fmt_price(c), "4", "5"])
        for (t, o, h, low, c) in rows]) + "\r\n")
    write("capitalised.csv", good.replace("timestamp,open,high,low,close,instrument",
                                          "Timestamp,Open,High,Low,Close,Instrument", 1))
    epoch = dt.datetime(1970, 1, 1)
    write("epoch_seconds.csv", "\n".join(["timestamp,open,high,low,close"] + [
        ",".join([str(int((t + dt.timedelta(hours=6) - epoch).total_seconds())), fmt_price(o), fmt_price(h),
                  fmt_price(low), fmt_price(c)])
        for (t, o, h, low, c) in rows]) + "\n")
    os.makedirs(os.path.join(OUT, "layout", "ES", "1m", "2024", "01"))
    write(os.path.join("layout", "ES", "1m", "2024", "01", "bars.csv"), "\n".join(no_inst) + "\n")
    os.makedirs(os.path.join(OUT, "layout_mismatch", "NQ", "1m", "2024", "01"))
    write(os.path.join("layout_mismatch", "NQ", "1m", "2024", "01", "bars.csv"), good)

    # ---- folders -------------------------------------------------------------
    os.makedirs(os.path.join(OUT, "empty_dir"))
    write(os.path.join("empty_dir", "README.txt"), "no bar files here\n")

    total = sum(os.path.getsize(os.path.join(d, f)) for d, _s, fs in os.walk(OUT) for f in fs)
    print(f"corpus: {total} bytes in {OUT}", file=sys.stderr)
    assert total < 1_000_000, total


if __name__ == "__main__":
    main()

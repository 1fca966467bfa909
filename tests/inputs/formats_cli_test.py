"""Every input format and compression gives the canonical CSV's result, byte for byte.

    python formats_cli_test.py ORBIT_BINARY

Builds one month of ES with `orbit gen` as the canonical CSV (ISO timestamps with
offsets), rewrites the same bars as each vendor format and compression, runs
`orbit run` on each and compares the result file with the canonical run's.
Also checks the reference folder layout and the --input-tz warning end to end.
"""
import bz2
import csv
import datetime as dt
import gzip
import os
import subprocess
import sys
import tempfile
from zoneinfo import ZoneInfo

import pyarrow as pa

ORBIT = sys.argv[1]
CHICAGO = ZoneInfo("America/Chicago")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.timezone.utc
MINUTE = dt.timedelta(minutes=1)


def run(args, expect=0):
    p = subprocess.run([ORBIT, "run", *args], capture_output=True, text=True)
    if p.returncode != expect:
        raise SystemExit(f"orbit run {' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stderr}")
    return p.stderr


def write(path, text, opener=open):
    with opener(path, "wt", newline="") as f:
        f.write(text)


def write_zstd(path, text):
    with pa.CompressedOutputStream(path, "zstd") as out:
        out.write(text.encode())


def main():
    work = tempfile.mkdtemp(prefix="orbit_formats_")
    canonical = os.path.join(work, "es.csv")
    subprocess.run([ORBIT, "gen", "--quiet", "--instrument", "ES", "--start", "2024-02-26", "--end", "2024-03-22",
                    "--seed", "3", "--out", canonical], check=True)
    with open(canonical, newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 20000, len(rows)
    bars = [(dt.datetime.fromisoformat(r["timestamp"]), r["open"], r["high"], r["low"], r["close"]) for r in rows]
    common = ["--instrument", "ES", "--as-of", "2024-04-01T00:00", "--quiet"]

    def result(name, bars_args):
        out = os.path.join(work, name + ".result.csv")
        run(["--bars", *bars_args, *common, "--out", out])
        with open(out, "rb") as f:
            return f.read()

    expected = result("canonical", [canonical])
    assert expected.count(b"\n") > 50, "too few result rows to compare"
    text = open(canonical).read()
    cases = {}

    # Compression of the canonical file.
    write(os.path.join(work, "es.csv.gz"), text, gzip.open)
    write(os.path.join(work, "es.csv.bz2"), text, bz2.open)
    write_zstd(os.path.join(work, "es.csv.zst"), text)
    for ext in ("gz", "bz2", "zst"):
        cases["orbit." + ext] = [os.path.join(work, "es.csv." + ext)]

    # Databento: ts_event = bar open, UTC, nanosecond ISO; no instrument column.
    lines = ["ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol"]
    for t, o, h, l, c in bars:
        lines.append(f"{t.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S')}.000000000Z,33,1,42005804,{o},{h},{l},{c},5,ESH4")
    databento = "\n".join(lines) + "\n"
    write(os.path.join(work, "databento.csv"), databento)
    write_zstd(os.path.join(work, "databento.csv.zst"), databento)
    cases["databento"] = [os.path.join(work, "databento.csv")]
    cases["databento.zst"] = [os.path.join(work, "databento.csv.zst"), "--format", "databento"]

    # NinjaTrader 8: no header, ';', close-stamped, Chicago machine.
    lines = [f"{(t + MINUTE).astimezone(CHICAGO).strftime('%Y%m%d %H%M%S')};{o};{h};{l};{c};7" for t, o, h, l, c in bars]
    write(os.path.join(work, "ninja.txt"), "\n".join(lines) + "\n")
    cases["ninjatrader"] = [os.path.join(work, "ninja.txt"), "--format", "ninjatrader"]

    # TradeStation: Date,Time, MM/DD/YYYY HH:MM, close-stamped, New York machine.
    lines = ["Date,Time,Open,High,Low,Close,Up,Down"]
    for t, o, h, l, c in bars:
        local = (t + MINUTE).astimezone(NEW_YORK)
        lines.append(f"{local.strftime('%m/%d/%Y')},{local.strftime('%H:%M')},{o},{h},{l},{c},3,4")
    write(os.path.join(work, "tradestation.csv"), "\r\n".join(lines) + "\r\n")
    cases["tradestation"] = [os.path.join(work, "tradestation.csv"), "--input-tz", "America/New_York"]

    # Epoch milliseconds, capitalised names, ';', column map.
    lines = ["Time;Open;High;Low;Close"]
    for t, o, h, l, c in bars:
        lines.append(f"{int(t.timestamp()) * 1000};{o};{h};{l};{c}")
    write(os.path.join(work, "epoch.csv"), "\n".join(lines) + "\n")
    cases["epoch-ms"] = [os.path.join(work, "epoch.csv"), "--delimiter", ";", "--ts-unit", "ms",
                         "--column-map", "timestamp=Time"]

    # Header-less, close-stamped by option, date and time columns by number.
    lines = []
    for t, o, h, l, c in bars:
        local = (t + MINUTE).astimezone(CHICAGO)
        lines.append(f"{local.strftime('%Y-%m-%d')},{local.strftime('%H:%M:%S')},{o},{h},{l},{c}")
    write(os.path.join(work, "noheader.csv"), "\n".join(lines) + "\n")
    cases["header-less"] = [os.path.join(work, "noheader.csv"), "--header", "no", "--bar-stamp", "close",
                            "--column-map", "date=1,time=2,open=3,high=4,low=5,close=6"]

    for name, args in cases.items():
        got = result(name, args)
        if got != expected:
            raise SystemExit(f"{name}: result differs from the canonical CSV's")
        print(f"{name}: identical ({len(got)} bytes)")

    # `orbit sweep` reads every format through the same front door.
    def sweep(name, bars_args):
        out = os.path.join(work, name + ".sweep.csv")
        p = subprocess.run([ORBIT, "sweep", "--bars", *bars_args, "--instrument", "ES", "--as-of", "2024-04-01T00:00",
                            "--target", "5,10", "--stop-cap", "1,3", "--quiet", "--out", out],
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(f"orbit sweep {name}: exit {p.returncode}\n{p.stderr}")
        with open(out, "rb") as f:
            return f.read()

    expected_sweep = sweep("canonical", [canonical])
    for name in ("ninjatrader", "tradestation", "header-less"):
        if sweep(name, cases[name]) != expected_sweep:
            raise SystemExit(f"{name}: sweep SUMMARY differs from the canonical CSV's")
        print(f"{name}: sweep identical")

    # Databento's `symbol` names the contract: ESH4 is read as ES; another instrument's contract is
    # not taken for the one asked for; two contracts of one instrument in a file are refused.
    run(["--bars", os.path.join(work, "databento.csv"), "--instrument", "all", "--as-of", "2024-04-01T00:00",
         "--quiet", "--out", os.path.join(work, "databento_all.csv")])
    assert open(os.path.join(work, "databento_all.csv"), "rb").read() == expected, "databento --instrument all"
    write(os.path.join(work, "databento_nq.csv"), databento.replace(",ESH4", ",NQH4"))
    err = run(["--bars", os.path.join(work, "databento_nq.csv"), "--instrument", "ES", "--as-of", "2024-04-01T00:00",
               "--quiet", "--out", os.path.join(work, "dbnq.csv")], expect=2)
    assert "no rows for instrument ES in the input (instruments found: NQ)" in err, err
    two = databento.split("\n")
    two[len(two) // 2] = two[len(two) // 2].replace(",ESH4", ",ESM4")
    write(os.path.join(work, "databento_two.csv"), "\n".join(two))
    err = run(["--bars", os.path.join(work, "databento_two.csv"), "--instrument", "ES", "--as-of",
               "2024-04-01T00:00", "--quiet", "--out", os.path.join(work, "dbtwo.csv")], expect=2)
    assert "'ESM4'" in err and "another contract of ES than 'ESH4'" in err, err
    assert not os.path.exists(os.path.join(work, "dbtwo.csv"))
    print("databento: contract symbols read as their instrument")

    # Reference layout: the path names the instrument.
    layout = os.path.join(work, "layout")
    for inst in ("ES", "NQ"):
        d = os.path.join(layout, inst, "1m", "2024", "03")
        os.makedirs(d)
        write(os.path.join(d, "bars.csv.gz"), "timestamp,open,high,low,close\n" +
              "".join(f"{t.isoformat()},{o},{h},{l},{c}\n" for t, o, h, l, c in bars), gzip.open)
    err = run(["--bars", layout, "--instrument", "CL", "--as-of", "2024-04-01T00:00", "--quiet",
               "--out", os.path.join(work, "cl.csv")], expect=2)
    assert "no rows for instrument CL in the input (instruments found: ES, NQ)" in err, err
    err = run(["--bars", os.path.join(layout, "ES", "1m"), "--instrument", "NQ", "--as-of", "2024-04-01T00:00",
               "--quiet", "--out", os.path.join(work, "nq.csv")], expect=2)
    assert "instruments found: ES" in err, err
    run(["--bars", layout, "--instrument", "all", "--as-of", "2024-04-01T00:00", "--quiet",
         "--out", os.path.join(work, "all.csv")])
    assert b",NQ1,NQ," in open(os.path.join(work, "all.csv"), "rb").read()
    print("layout: instruments from the paths")

    # Naive New York wall clock read as Chicago: warned, naming the zone.
    lines = ["timestamp,open,high,low,close"]
    lines += [f"{t.astimezone(NEW_YORK).strftime('%Y-%m-%d %H:%M:%S')},{o},{h},{l},{c}" for t, o, h, l, c in bars]
    write(os.path.join(work, "naive_ny.csv"), "\n".join(lines) + "\n")
    err = run(["--bars", os.path.join(work, "naive_ny.csv"), *common, "--out", os.path.join(work, "ny.csv")])
    assert "bars look like America/New_York: pass --input-tz America/New_York" in err, err
    err = run(["--bars", os.path.join(work, "naive_ny.csv"), *common, "--input-tz", "America/New_York",
               "--out", os.path.join(work, "ny2.csv")])
    assert "bars look like" not in err, err
    assert open(os.path.join(work, "ny2.csv"), "rb").read() == expected
    print("input-tz: wrong zone reported, right zone identical")


if __name__ == "__main__":
    main()

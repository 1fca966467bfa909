#!/usr/bin/env python3
"""CSV read speed per format and thread count, end to end through `orbit run`.

    bench/csv_formats.py ORBIT_BINARY WORK_DIR [REPEATS]

Writes one year of ES (`orbit gen`, 2024, seed 7) in every format Orbit reads
(the canonical CSV, the issue's space-separated offset stamps, Databento,
NinjaTrader, TradeStation, epoch milliseconds, gzip and zstd), checks that each
gives the canonical file's result byte for byte, then prints for threads 1 and 2
the best-of-REPEATS scan time from `--stats-json` (the reader: parse, checks,
columns) and the process wall time, with MB/s of uncompressed text over the
scan. All formats and thread counts are interleaved in each repeat, so the
figures of one table come from the same minutes (the VM's speed drifts).
Arrow's own decode of the canonical file: build/bin/orbit_bench_csv FILE.
"""
import datetime as dt
import gzip
import json
import os
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc
CHICAGO = ZoneInfo("America/Chicago")
NEW_YORK = ZoneInfo("America/New_York")
MINUTE = dt.timedelta(minutes=1)


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    orbit, work = sys.argv[1], sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    os.makedirs(work, exist_ok=True)
    canonical = os.path.join(work, "es_2024.csv")
    subprocess.run([orbit, "gen", "--quiet", "--instrument", "ES", "--start", "2024-01-01", "--end", "2024-12-31",
                    "--seed", "7", "--out", canonical], check=True)
    text = open(canonical).read()
    rows = [line.split(",") for line in text.splitlines()[1:]]
    bars = [(dt.datetime.fromisoformat(r[0]), r[1], r[2], r[3], r[4]) for r in rows]

    def write(name, content, opener=open):
        path = os.path.join(work, name)
        with opener(path, "wt", newline="") as f:
            f.write(content)
        return path

    cases = {"orbit (2024-01-01T17:00:00-06:00)": ([canonical], len(text))}
    spaced = text.replace("T", " ")
    cases["orbit, space (2024-01-01 17:00:00-06:00)"] = ([write("es_spaced.csv", spaced)], len(spaced))
    lines = ["ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol"]
    lines += [f"{t.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S')}.000000000Z,33,1,42005804,{o},{h},{l},{c},5,ESH5"
              for t, o, h, l, c in bars]
    databento = "\n".join(lines) + "\n"
    cases["databento"] = ([write("databento.csv", databento)], len(databento))
    ninja = "\n".join(f"{(t + MINUTE).astimezone(CHICAGO).strftime('%Y%m%d %H%M%S')};{o};{h};{l};{c};7"
                      for t, o, h, l, c in bars) + "\n"
    cases["ninjatrader"] = ([write("ninja.txt", ninja), "--format", "ninjatrader"], len(ninja))
    lines = ["Date,Time,Open,High,Low,Close,Up,Down"]
    for t, o, h, l, c in bars:
        local = (t + MINUTE).astimezone(NEW_YORK)
        lines.append(f"{local.strftime('%m/%d/%Y')},{local.strftime('%H:%M')},{o},{h},{l},{c},3,4")
    tradestation = "\r\n".join(lines) + "\r\n"
    cases["tradestation"] = ([write("tradestation.csv", tradestation), "--input-tz", "America/New_York"],
                             len(tradestation))
    epoch = "Time;Open;High;Low;Close\n" + "\n".join(f"{int(t.timestamp()) * 1000};{o};{h};{l};{c}"
                                                      for t, o, h, l, c in bars) + "\n"
    cases["epoch ms"] = ([write("epoch.csv", epoch), "--delimiter", ";", "--ts-unit", "ms", "--column-map",
                          "timestamp=Time"], len(epoch))
    cases["orbit .csv.gz"] = ([write("es_2024.csv.gz", text, gzip.open)], len(text))
    zst = os.path.join(work, "es_2024.csv.zst")
    subprocess.run(["zstd", "-q", "-f", "-3", canonical, "-o", zst], check=True)
    cases["orbit .csv.zst"] = ([zst], len(text))

    common = ["--instrument", "ES", "--as-of", "2025-06-01", "--quiet"]
    stats = os.path.join(work, "stats.json")
    best = {}
    expected = None
    for rep in range(repeats):
        for name, (args, size) in cases.items():
            for threads in (1, 2):
                out = os.path.join(work, "result.csv")
                start = time.perf_counter()
                subprocess.run([orbit, "run", "--bars", *args, *common, "--threads", str(threads), "--out", out,
                                "--stats-json", stats], check=True, stderr=subprocess.DEVNULL)
                wall = time.perf_counter() - start
                result = open(out, "rb").read()
                if expected is None:
                    expected = result
                elif result != expected:
                    raise SystemExit(f"{name}: result differs from the canonical CSV's")
                scan = json.load(open(stats))["seconds"]["scan"]
                key = (name, threads)
                old = best.get(key, (1e9, 1e9, size))
                best[key] = (min(old[0], scan), min(old[1], wall), size)
    print(f"one year of ES, {len(bars)} bars; best of {repeats}; every result identical to the canonical CSV's\n")
    print("| format | MB | threads | scan ms | scan MB/s | run wall ms |")
    print("|---|---|---|---|---|---|")
    for (name, threads), (scan, wall, size) in best.items():
        print(f"| {name} | {size / 1e6:.1f} | {threads} | {scan * 1e3:.1f} | {size / 1e6 / scan:.0f} | {wall * 1e3:.1f} |")


if __name__ == "__main__":
    main()

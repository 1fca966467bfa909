"""The `orbit` executable loads the Arrow module only when a run needs it.

    python arrow_module_test.py ORBIT_BINARY

A run that reads a local CSV file and writes CSV must not load libarrow or
libparquet (that is what makes it start ~18 ms sooner); a Parquet input, a
Parquet output, compressed CSV and `orbit gen --out x.parquet` load
liborbit_arrow.so from the executable's folder and give the same result bytes.
Without the module beside the executable, CSV runs still work and a Parquet
run fails with exit code 3 naming the module's path.
"""
import os
import shutil
import subprocess
import sys
import tempfile

ORBIT = os.path.abspath(sys.argv[1])


def orbit(binary, *args, expect=0, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    p = subprocess.run([binary, *args], capture_output=True, text=True, env=env)
    if p.returncode != expect:
        raise SystemExit(f"{binary} {' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stderr}")
    return p


def loaded_objects(binary, *args):
    """The shared objects the dynamic loader opened during the run (LD_DEBUG=files)."""
    p = orbit(binary, *args, env_extra={"LD_DEBUG": "files"})
    return [line.split("file=", 1)[1].split()[0] for line in p.stderr.splitlines() if "file=" in line]


def has(objects, name):
    return any(os.path.basename(o).startswith(name) for o in objects)


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        if fa.read() != fb.read():
            raise SystemExit(f"{a} and {b} differ")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        csv = os.path.join(tmp, "ES.csv")
        pq = os.path.join(tmp, "ES.parquet")
        orbit(ORBIT, "gen", "--instrument", "ES", "--start", "2024-03-01", "--end", "2024-04-30", "--out", csv, "--quiet")
        orbit(ORBIT, "gen", "--instrument", "ES", "--start", "2024-03-01", "--end", "2024-04-30", "--out", pq, "--quiet")
        run = ["run", "--instrument", "ES", "--as-of", "2024-06-01", "--quiet"]

        # CSV in, CSV out: Arrow is never loaded.
        out_csv = os.path.join(tmp, "from_csv.csv")
        objects = loaded_objects(ORBIT, *run, "--bars", csv, "--out", out_csv)
        assert not has(objects, "libarrow") and not has(objects, "libparquet") and not has(objects, "liborbit_arrow"), \
            f"a CSV run loaded Arrow: {objects}"
        assert not has(loaded_objects(ORBIT, "--version"), "libarrow")

        # Parquet in: the module (and Arrow) load, and the result is the CSV run's.
        out_pq_in = os.path.join(tmp, "from_parquet.csv")
        objects = loaded_objects(ORBIT, *run, "--bars", pq, "--out", out_pq_in)
        assert has(objects, "liborbit_arrow") and has(objects, "libarrow") and has(objects, "libparquet"), objects
        same_bytes(out_csv, out_pq_in)

        # Compressed CSV in and out, and Parquet out, go through the module too.
        gz = csv + ".gz"
        subprocess.run(["gzip", "-k", csv], check=True)
        out_zst = os.path.join(tmp, "from_gz.csv.zst")
        assert has(loaded_objects(ORBIT, *run, "--bars", gz, "--out", out_zst), "liborbit_arrow")
        out_parquet = os.path.join(tmp, "result.parquet")
        assert has(loaded_objects(ORBIT, *run, "--bars", csv, "--out", out_parquet), "liborbit_arrow")
        orbit(ORBIT, "report", out_parquet, "--out", os.path.join(tmp, "report.json"))

        # Without the module beside the executable: CSV still runs, Parquet fails cleanly.
        lonely = os.path.join(tmp, "alone")
        os.mkdir(lonely)
        binary = os.path.join(lonely, "orbit")
        shutil.copy2(ORBIT, binary)
        out_alone = os.path.join(tmp, "alone.csv")
        orbit(binary, *run, "--bars", csv, "--out", out_alone)
        same_bytes(out_csv, out_alone)
        p = orbit(binary, *run, "--bars", pq, "--out", os.path.join(tmp, "never.csv"), expect=3)
        expected = os.path.join(lonely, "liborbit_arrow.so")
        assert expected in p.stderr and "cannot load the Arrow module" in p.stderr, p.stderr
        assert not os.path.exists(os.path.join(tmp, "never.csv"))
    print("arrow module: loaded only when needed; same bytes; clear error without it")


if __name__ == "__main__":
    main()

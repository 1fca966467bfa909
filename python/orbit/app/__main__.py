"""``python -m orbit.app --data DIR [--port 8501] [--host 127.0.0.1] [--runs DIR]``
(also the ``orbit-app`` console script): serves the Orbit app with Streamlit."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

PAGE = Path(__file__).with_name("page.py")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="orbit-app", description="Serve the interactive Orbit app (Streamlit).")
    parser.add_argument("--data", required=True, help="folder with bar data (files, <INST>/1m/YYYY/MM, hive folders)")
    parser.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--runs", default=None, help="folder for saved runs (default DATA/../orbit_runs)")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.data):
        parser.error(f"--data: {args.data} is not a folder")
    if not 0 < args.port < 65536:
        parser.error(f"--port: {args.port} is not a port number")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        from streamlit.web import cli as streamlit_cli
    except ImportError:
        print("orbit-app: Streamlit is not installed; install the app extra: pip install 'orbit[app]'",
              file=sys.stderr)
        return 1
    data = os.path.abspath(args.data)
    runs = os.path.abspath(args.runs) if args.runs else os.path.join(os.path.dirname(data), "orbit_runs")
    # The page reads its folders from the environment (AppTest sets them the same way).
    os.environ["ORBIT_APP_DATA"] = data
    os.environ["ORBIT_APP_RUNS"] = runs
    sys.argv = ["streamlit", "run", str(PAGE),
                "--server.port", str(args.port), "--server.address", args.host,
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none"]
    return streamlit_cli.main()


if __name__ == "__main__":
    sys.exit(main())

"""`python -m benchmarks [--json FILE] [NAME ...]`: run the benchmark modules, print medians.

Each `benchmarks/bench_*.py` exposes `run() -> dict[str, float]`: one number per figure,
named with its unit (`_ms`, `_s`, `_mb`). Not part of the test run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("names", nargs="*", help="modules to run (default: all bench_*.py)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    names = args.names or sorted(p.stem for p in HERE.glob("bench_*.py"))
    results: dict[str, float] = {}
    print(
        f"Postdesk benchmarks — {date.today()} — {os.cpu_count()} cores — "
        f"Python {platform.python_version()} — medians"
    )
    for name in names:
        module = importlib.import_module(f"benchmarks.{name.removesuffix('.py')}")
        started = time.perf_counter()
        figures = module.run()
        results.update(figures)
        took = time.perf_counter() - started
        print(f"\n{name} ({took:.0f} s)")
        for key, value in figures.items():
            print(f"  {key:<34} {value:>10.3f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run every benchmark module in this package (or those named on the command line).

Each module has ``main()`` that prints JSON lines: {"bench": ..., "figure": ..., "value": ..., "unit": ...}.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(names: list[str]) -> None:
    here = Path(__file__).parent
    found = sorted(m.name for m in pkgutil.iter_modules([str(here)]))
    modules = names or [name for name in found if name.startswith("bench_")]
    for name in modules:
        importlib.import_module(f"benchmarks.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])

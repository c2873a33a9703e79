"""A synthetic region end to end: every map, zonal totals, written to NetCDF; cells/s and peak memory.

End to end = the 4 per 1000 target, the RothC maps (input holding the SOC map, i.e. the equilibrium
inverse; the 30-year 4 per 1000 inverse; the equilibrium under the input map), the IPCC Tier 1 change of a
practice change, zonal totals over 4 zones, all on the cropland cells (land-use class 1), written to one
NetCDF file. cells/s counts every cell of the region (cropland or not); ``cropland_cells`` says how many
went through the engines.

The region is generated lazily chunk by chunk (never stored whole), run through
:func:`fourpermille.grid.build` and written band by band by :func:`fourpermille.io.rasters.write_outputs`
with zonal totals over 4 rectangles, first on dask's threaded scheduler, then on a LocalCluster of
2 worker processes. Peak memory is the largest resident memory of this process and its children (the
workers), sampled every 0.1 s.

    FOURPERMILLE_BENCH_GRID_SIZE=1000 .venv/bin/python -m benchmarks bench_grid      # make bench default
    FOURPERMILLE_BENCH_GRID_SIZE=5000 .venv/bin/python -m benchmarks bench_grid      # the 25-million-cell run

Environment: FOURPERMILLE_BENCH_GRID_SIZE (edge, cells; default 1000), FOURPERMILLE_BENCH_GRID_CHUNK
(chunk edge; default 500), FOURPERMILLE_BENCH_GRID_MODES (comma list of threads, cluster; default both).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import time

SIZE_ENV = "FOURPERMILLE_BENCH_GRID_SIZE"
CHUNK_ENV = "FOURPERMILLE_BENCH_GRID_CHUNK"
MODES_ENV = "FOURPERMILLE_BENCH_GRID_MODES"
DEFAULT_SIZE = 1000
DEFAULT_CHUNK = 500
GIB = 1024**3


class PeakMemory:
    """Largest summed RSS of this process and all its descendants, sampled in a thread."""

    def __init__(self, interval: float = 0.1):
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except Exception:  # a child may exit between listing and reading
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def _zones(like):
    from shapely.geometry import box

    from fourpermille import grid

    left, bottom, right, top = like.rio.bounds()
    mx, my = (left + right) / 2, (bottom + top) / 2
    boxes = [
        box(left, my, mx, top),
        box(mx, my, right, top),
        box(left, bottom, mx, my),
        box(mx, bottom, right, my),
    ]
    return grid.rasterize_zones(boxes, like), ["NW", "NE", "SW", "SE"]


def run_once(size: int, chunk: int, mode: str) -> dict:
    """Build and write the maps of a ``size`` x ``size`` synthetic region; return the figures."""
    from fourpermille import grid
    from fourpermille.cli.grid import dask_scheduler
    from fourpermille.io import rasters
    from fourpermille.io.grid_demo import CLIMATE_ZONE_CODES, CROPLAND, SOIL_CLASS_CODES, synthetic_region

    outdir = tempfile.mkdtemp(prefix="bench-grid-")
    try:
        with PeakMemory() as mem, dask_scheduler("threads" if mode == "threads" else "local", workers=2):
            t0 = time.perf_counter()
            inputs = synthetic_region(size, size, chunks=chunk)
            tier1 = grid.Tier1Options(
                "long_term_cultivated,full_tillage,medium",
                "long_term_cultivated,no_till,high_without_manure",
                climate_zone_names=CLIMATE_ZONE_CODES,
                soil_class_names=SOIL_CLASS_CODES,
            )
            outputs = grid.build(inputs, years=30, land_use_classes=[CROPLAND], tier1=tier1)
            zones, names = _zones(outputs["soc_stock_t_ha"])

            def progress(done, total):
                elapsed = time.perf_counter() - t0
                print(f"bench_grid {mode}: {done}/{total} rows, {elapsed:.0f} s", file=sys.stderr, flush=True)

            result = rasters.write_outputs(
                outputs, outdir, formats=("nc",), zones=zones, zone_names=names, on_band=progress
            )
            seconds = time.perf_counter() - t0
        cells = size * size
        cell_ha = float(grid.cell_area_ha(inputs["soc_stock_t_ha"].isel(y=slice(0, 2), x=slice(0, 2)))[0, 0])
        return {
            "bench": "grid",
            "mode": mode,
            "cells": cells,
            "chunk": chunk,
            "seconds": round(seconds, 2),
            "cells_per_s": round(cells / seconds),
            "peak_memory_gib": round(mem.peak / GIB, 3),
            "cropland_cells": round(float(result["zonal"]["soc_stock_area_ha"].sum()) / cell_ha),
            "outputs": sorted(outputs.data_vars),
            "zones_total_soc_t": float(result["zonal"]["soc_stock_t"].sum()),
        }
    finally:
        shutil.rmtree(outdir, ignore_errors=True)


def main() -> None:
    size = int(os.environ.get(SIZE_ENV, DEFAULT_SIZE))
    chunk = int(os.environ.get(CHUNK_ENV, DEFAULT_CHUNK))
    modes = [m.strip() for m in os.environ.get(MODES_ENV, "threads,cluster").split(",") if m.strip()]
    for mode in modes:
        figures = run_once(size, chunk, mode)
        print(
            json.dumps({**figures, "figure": "cells_per_s", "value": figures["cells_per_s"], "unit": "1/s"}),
            flush=True,
        )


if __name__ == "__main__":
    main()

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


def _cpu_seconds() -> float:
    """CPU time of this process and of all its descendants alive now (the LocalCluster's workers)."""
    import psutil

    total = 0.0
    for p in [psutil.Process(), *psutil.Process().children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except Exception:  # a child may exit between listing and reading
            pass
    return total


def _job(size: int, chunk: int, outdir: str, progress=None) -> dict:
    """Build and write the maps of a ``size`` x ``size`` synthetic region (what is timed)."""
    from fourpermille import grid
    from fourpermille.io import rasters
    from fourpermille.io.grid_demo import CLIMATE_ZONE_CODES, CROPLAND, SOIL_CLASS_CODES, synthetic_region

    inputs = synthetic_region(size, size, chunks=chunk)
    tier1 = grid.Tier1Options(
        "long_term_cultivated,full_tillage,medium",
        "long_term_cultivated,no_till,high_without_manure",
        climate_zone_names=CLIMATE_ZONE_CODES,
        soil_class_names=SOIL_CLASS_CODES,
    )
    outputs = grid.build(inputs, years=30, land_use_classes=[CROPLAND], tier1=tier1)
    zones, names = _zones(outputs["soc_stock_t_ha"])
    result = rasters.write_outputs(
        outputs, outdir, formats=("nc",), zones=zones, zone_names=names, on_band=progress
    )
    cell_ha = float(grid.cell_area_ha(inputs["soc_stock_t_ha"].isel(y=slice(0, 2), x=slice(0, 2)))[0, 0])
    return {"result": result, "outputs": outputs, "cell_ha": cell_ha}


def _load_compiled_loops() -> None:
    from fourpermille.rothc import _accelerated

    _accelerated.loops()


def _warm(mode: str, outdir: str) -> None:
    """Imports, numba's compiled loops (in every worker) and one small job through the same path."""
    _load_compiled_loops()
    if mode != "threads":
        from distributed import get_client

        get_client().run(_load_compiled_loops)
    _job(64, 32, outdir)


def run_once(size: int, chunk: int, mode: str) -> dict:
    """Warm up (imports, compiled loops, the cluster's workers) on a small region, then time the job."""
    from fourpermille.cli.grid import dask_scheduler

    outdir = tempfile.mkdtemp(prefix="bench-grid-")
    try:
        t_start = time.perf_counter()
        with PeakMemory() as mem, dask_scheduler("threads" if mode == "threads" else "local", workers=2):
            _warm(mode, os.path.join(outdir, "warm"))  # every import and compile happens here, untimed
            warm_seconds = time.perf_counter() - t_start
            t0, cpu0 = time.perf_counter(), _cpu_seconds()

            def progress(done, total):
                elapsed = time.perf_counter() - t0
                print(f"bench_grid {mode}: {done}/{total} rows, {elapsed:.0f} s", file=sys.stderr, flush=True)

            job = _job(size, chunk, os.path.join(outdir, "run"), progress)
            seconds = time.perf_counter() - t0
            cpu = _cpu_seconds() - cpu0
        result, cells = job["result"], size * size
        rothc_cells = round(float(result["zonal"]["soc_stock_area_ha"].sum()) / job["cell_ha"])
        return {
            "bench": "grid",
            "mode": mode,
            "cells": cells,
            "chunk": chunk,
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "cells_per_s": round(cells / seconds),
            "rothc_cells": rothc_cells,
            "cpu_per_rothc_cell_us": round(cpu / rothc_cells * 1e6, 2),
            "peak_memory_gib": round(mem.peak / GIB, 3),
            "warm_up_seconds": round(warm_seconds, 2),
            "outputs": sorted(job["outputs"].data_vars),
            "zones_total_soc_t": float(result["zonal"]["soc_stock_t"].sum()),
        }
    finally:
        shutil.rmtree(outdir, ignore_errors=True)


def batch_cpu_per_site(n: int = 200_000) -> float:
    """``rothc batch``'s engine per site (fused pass + 30-year run), CPU, in this process (warmed)."""
    from benchmarks.bench_rothc import make_sites
    from fourpermille.rothc.batch import four_per_1000_sites

    sites = make_sites(n, seed=5)
    args = [sites[k] for k in ("clay", "depth", "temp", "rain", "pevap", "c_inp", "fym", "pc", "dpm_rpm")]
    four_per_1000_sites(*(a[:20_000] for a in args), 30, iom=sites["iom"][:20_000])  # warm
    c0 = time.process_time()
    four_per_1000_sites(*args, 30, iom=sites["iom"])
    return (time.process_time() - c0) / n


def main() -> None:
    size = int(os.environ.get(SIZE_ENV, DEFAULT_SIZE))
    chunk = int(os.environ.get(CHUNK_ENV, DEFAULT_CHUNK))
    modes = [m.strip() for m in os.environ.get(MODES_ENV, "threads,cluster").split(",") if m.strip()]
    batch = batch_cpu_per_site()
    for mode in modes:
        figures = run_once(size, chunk, mode)
        ratio = figures["cpu_per_rothc_cell_us"] / (batch * 1e6)
        print(
            json.dumps(
                {
                    **figures,
                    "figure": "cells_per_s",
                    "value": figures["cells_per_s"],
                    "unit": "1/s",
                    "batch_cpu_per_site_us": round(batch * 1e6, 2),
                    "grid_vs_batch_cpu_per_rothc_cell": round(ratio, 2),
                    "target": "grid within 1.5x of rothc batch per RothC cell; 25 M cells under 180 s, "
                    "peak under 4 GiB",
                    "loadavg_1_5_15": [round(x, 2) for x in os.getloadavg()],
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()

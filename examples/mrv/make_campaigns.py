"""Made the synthetic example campaigns of examples/mrv (run from the repository root after `mrv plan`)."""
import json

import numpy as np
import pandas as pd

rng = np.random.default_rng(2020)
pts = json.load(open("examples/mrv/points.geojson"))["features"]
layers = [(0, 10), (10, 20), (20, 30), (30, 50)]
def campaign(ids_strata, year, control=False):
    rows = []
    for pid, s, base in ids_strata:
        for k, (t, b) in enumerate(layers):
            soc0, bd0 = base["soc"][k], base["bd"][k]
            if year == 5:
                gain = [0.3, 0.1, 0.0, 0.0][k] if control else [0.9, 0.35, 0.1, 0.0][k]
                loss = [0.5, 0.2, 0.1, 0.0][k]
                soc = soc0 + gain - loss + rng.normal(0, 0.6)
                bd = bd0 + (0.04 if k == 0 and not control else 0.0) + rng.normal(0, 0.01)
            else:
                soc, bd = soc0, bd0
            rows.append(dict(point_id=pid, stratum=s, depth_top_cm=t, depth_bottom_cm=b,
                             soc_g_kg=round(soc, 2), bulk_density_g_cm3=round(bd, 3)))
    return pd.DataFrame(rows)
def draw(s):
    lvl = {"clay-loam": 1.0, "sandy-loam": 0.75}[s] * rng.lognormal(0, 0.15)
    return {"soc": [16 * lvl, 13 * lvl, 10 * lvl, 6 * lvl],
            "bd": [1.25 + rng.normal(0, 0.05), 1.32 + rng.normal(0, 0.05), 1.40 + rng.normal(0, 0.05), 1.45]}
proj = [(f["properties"]["point_id"], f["properties"]["stratum"]) for f in pts]
proj = [(p, s, draw(s)) for p, s in proj]
ctrl = [(f"C{i:02d}", s, draw(s)) for i, s in enumerate(["clay-loam"] * 4 + ["sandy-loam"] * 4, start=1)]
campaign(proj, 0).to_csv("examples/mrv/baseline_2020.csv", index=False)
campaign(proj, 5).to_csv("examples/mrv/repeat_2025.csv", index=False)
campaign(ctrl, 0).to_csv("examples/mrv/control_2020.csv", index=False)
campaign(ctrl, 5, control=True).to_csv("examples/mrv/control_2025.csv", index=False)

"""Demo usage counts (flagged ``is_demo``): a few countries of the demo organisations, over recent months,
so the usage page and KPI B4 show something, labelled demo."""

from __future__ import annotations

import datetime as dt

from fourpermille.web.toolbox.models import Calculator, ToolboxUsage

#: (country ISO code, calculator, runs per month): invented for the demonstration.
DEMO_RUNS = [
    ("FR", Calculator.STOCKS, 12),
    ("FR", Calculator.ROTHC, 5),
    ("SN", Calculator.TARGET, 4),
    ("BR", Calculator.TIER1, 7),
    ("IN", Calculator.MRV, 3),
    ("KE", Calculator.ROTHC, 2),
    ("MX", Calculator.STOCKS, 3),
    ("DE", Calculator.MRV, 6),
    ("unknown", Calculator.TARGET, 9),
]
MONTHS = 3


def load_app_demo() -> None:
    """Idempotent: the same rows (by calculator, country, month) are updated, never duplicated."""
    first = dt.date.today().replace(day=1)
    months = [first]
    for _i in range(MONTHS - 1):
        months.append((months[-1] - dt.timedelta(days=1)).replace(day=1))
    for month in months:
        for country, calculator, runs in DEMO_RUNS:
            ToolboxUsage.objects.update_or_create(
                calculator=calculator, country=country, month=month, is_demo=True, defaults={"count": runs}
            )

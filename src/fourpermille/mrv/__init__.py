"""Monitoring, reporting and verification (MRV) of SOC: sampling design, power, change, credits.

Science core: tables and numbers in and out, no files. ``fourpermille.io`` reads campaigns and areas,
``fourpermille.cli.mrv`` runs it from the command line, ``fourpermille.reports.mrv`` writes the report.
The pipeline (campaigns in, a :class:`ChangeReport` out; its credits) is :mod:`fourpermille.mrv.pipeline`;
its result types' ``to_dict``/``from_dict`` are the change and credits file formats.
"""

from fourpermille.mrv.campaign import campaign_stocks, check_layers, point_stocks
from fourpermille.mrv.change import (
    ChangeResult,
    Estimate,
    compare_with_target,
    modelled_baseline,
    net_change,
    stratified_change,
)
from fourpermille.mrv.credits import CREDITS_KIND, CREDITS_VERSION, METHODS, Credits, compute_credits
from fourpermille.mrv.design import ALLOCATIONS, allocate, points_outside, sample_points, stratum_areas
from fourpermille.mrv.pipeline import (
    CHANGE_KIND,
    CHANGE_VERSION,
    BaselineChange,
    ChangeOptions,
    ChangeReport,
    StockOptions,
    credits_for_change,
    measured_change,
)
from fourpermille.mrv.power import SampleSize, sample_size, sample_size_curve, sample_size_for_difference

__all__ = [
    "CHANGE_KIND",
    "CHANGE_VERSION",
    "CREDITS_KIND",
    "CREDITS_VERSION",
    "BaselineChange",
    "ChangeOptions",
    "ChangeReport",
    "StockOptions",
    "credits_for_change",
    "measured_change",
    "campaign_stocks",
    "check_layers",
    "point_stocks",
    "ALLOCATIONS",
    "allocate",
    "points_outside",
    "sample_points",
    "stratum_areas",
    "METHODS",
    "Credits",
    "compute_credits",
    "ChangeResult",
    "Estimate",
    "SampleSize",
    "compare_with_target",
    "modelled_baseline",
    "net_change",
    "sample_size",
    "sample_size_curve",
    "sample_size_for_difference",
    "stratified_change",
]

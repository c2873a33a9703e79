"""Monte Carlo uncertainty of IPCC Tier 1 stocks from the published errors of the default tables.

The tables state their errors in two different conventions, kept apart here:

- SOC_REF (Table 2.3): a 95 % confidence interval as % of the mean, so SD = mean x pct / 100 / z_0.975;
- stock change factors (Tables 5.5, 6.2): +-2 standard deviations as % of the mean, so
  SD = mean x pct / 100 / 2.

Each value is drawn from a normal distribution truncated at zero (stocks and factors are positive). A table
entry is drawn once per Monte Carlo draw and shared by every row that uses it, so the same factor at two
dates (or in two units) is perfectly correlated, as the stock difference of Eq. 2.25 requires. Entries
without a published error (the reference levels, factor 1) are exact.

References
----------
IPCC (2019) 2019 Refinement Vol 1 Ch 3 (uncertainties, Approach 2 Monte Carlo); Vol 4 Ch 2 Table 2.3,
Ch 5 Table 5.5, Ch 6 Table 6.2 (error conventions in the table notes).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy.stats import norm, truncnorm

from fourpermille.errors import ParameterError

#: Two-sided 95 % normal quantile, z_0.975 = 1.959964 (converts a 95 % CI half-width to one SD).
Z_95 = float(norm.ppf(0.975))
#: A "+-2 SD" error spans two standard deviations each side of the mean.
SD_PER_TWO_SD = 2.0
#: Percentiles of the reported 95 % interval.
INTERVAL_PERCENTILES = (2.5, 97.5)


def sd_from_ci95(mean, ci95_pct):
    """Standard deviation [same unit as mean] from a 95 % CI half-width given as % of the mean."""
    return np.asarray(mean, float) * np.asarray(ci95_pct, float) / 100.0 / Z_95


def sd_from_two_sd(mean, err2sd_pct):
    """Standard deviation [same unit as mean] from a +-2 SD error given as % of the mean."""
    return np.asarray(mean, float) * np.asarray(err2sd_pct, float) / 100.0 / SD_PER_TWO_SD


def positive_normal(mean, sd, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` draws of each entry from N(mean, sd) truncated at 0; exact where sd is 0 or NaN.

    Parameters
    ----------
    mean, sd : array (entries,)
    n : int
    rng : numpy Generator

    Returns
    -------
    array (n, entries)
    """
    mean = np.asarray(mean, float)
    sd = np.nan_to_num(np.asarray(sd, float), nan=0.0)
    out = np.broadcast_to(mean, (n, mean.size)).copy()
    varied = sd > 0
    if varied.any():
        m, s = mean[varied], sd[varied]
        out[:, varied] = truncnorm.rvs(
            -m / s, np.inf, loc=m, scale=s, size=(n, int(varied.sum())), random_state=rng
        )
    return out


def draw_equilibrium(resolved: pd.DataFrame, n_draws: int, seed=None) -> np.ndarray:
    """Monte Carlo draws of the equilibrium stock per hectare of each row (Eq. 2.25).

    Parameters
    ----------
    resolved : DataFrame
        Output of :func:`fourpermille.ipcc.tables.resolve_table` (values, errors and table keys).
    n_draws : int
        Number of draws (>= 1).
    seed : int, optional
        Seed of the random generator (same seed, same draws).

    Returns
    -------
    array (n_draws, rows) [t C/ha]
    """
    if int(n_draws) != n_draws or n_draws < 1:
        raise ParameterError(f"the number of Monte Carlo draws must be a whole number >= 1; got {n_draws}")
    rng = np.random.default_rng(seed)
    product = np.ones((int(n_draws), len(resolved)))
    specs = (
        ("soc_ref_t_ha", "soc_ref_ci95_pct", "key_soc_ref", sd_from_ci95),
        ("f_lu", "f_lu_err2sd_pct", "key_f_lu", sd_from_two_sd),
        ("f_mg", "f_mg_err2sd_pct", "key_f_mg", sd_from_two_sd),
        ("f_i", "f_i_err2sd_pct", "key_f_i", sd_from_two_sd),
    )
    for value_col, error_col, key_col, to_sd in specs:
        keys, first, inverse = np.unique(
            resolved[key_col].to_numpy(str), return_index=True, return_inverse=True
        )
        mean = resolved[value_col].to_numpy(float)[first]
        sd = to_sd(mean, resolved[error_col].to_numpy(float)[first])
        draws = positive_normal(mean, sd, int(n_draws), rng)
        product *= draws[:, inverse]
    return product


def interval(samples, axis: int = 0):
    """The 95 % interval (2.5th and 97.5th percentiles) of Monte Carlo ``samples`` along ``axis``."""
    with warnings.catch_warnings():
        # A year without a defined value (e.g. before the first survey + D) has no interval: NaN, quietly.
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = np.nanpercentile(np.asarray(samples, float), INTERVAL_PERCENTILES, axis=axis)
    return low, high

"""Credits from a measured SOC change: each crediting standard's rule set as a named method.

Every method turns the change of the SOC stock over a monitoring period (project and, optionally,
baseline, in t C/ha with the standard error of the mean and its degrees of freedom) into credits
[t CO2e] for the project area, keeping every step for the report.

``vm0042`` -- Verra VM0042 v2.2, Quantification Approach 2 (measured SOC), SOC pool only:

    UNC = sqrt(s^2) / mean x 100 x t_0.667                                          (Eq. 74)
    dCO2_bsl = dCO2_soil_bsl x (1 - UNC x I),  dCO2_wp = dCO2_soil_wp x (1 - UNC x I)  (Eq. 44, 45)
        I = +1 if dCO2_soil_wp - dCO2_soil_bsl >= 0, else -1
    ER  = I_wp (MIN(0, wp) - MIN(0, bsl)) + (1 - I_wp)(MIN(0, wp) - MIN(0, bsl) + MAX(0, wp) - MAX(0, bsl))
                                                                                    (Eq. 37)
    CR  = I_wp (MAX(0, wp) - MAX(0, bsl)),  I_wp = 1 if the cumulative dCO2_wp > 0   (Eq. 40)
    LK_ER = LK x ER / (ER + CR),  LK_CR = LK x CR / (ER + CR)                        (Eq. 39, 42)
    ER_NET = ER - LK_ER,  CR_NET = CR - LK_CR                                        (Eq. 38, 41, 43)
    Bu_ER, Bu_CR = the ER and CR stock terms x NPR                                   (Eq. 75, 76)
    VCU = (ER_NET - Bu_ER) + (CR_NET - Bu_CR)                                        (Eq. 77-79)

The mean and variance in Eq. 74 are those of the net change (project minus baseline, Eq. 70). The
document writes t_0.667 "(66.7 %)" and prints 0.4307 for large samples, which is the Student t
quantile at 2/3 (the "33.3rd percentile" of Figure 4); 0.667 exactly would give 0.4316. We use 2/3.
UNC is a fraction between 0 and 1 (Eq. 44 parameter table): it is capped at 1.

``gold-standard`` -- Gold Standard SOC Framework Methodology v1.0 (GS 402), Approach 1 (measured):

    UNC = |Upper - Lower| / (2 dC_SOC)   (half-width of the 90 % CI relative to the change; Eq. 10)
    UD  = UNC - 20 %  if UNC > 20 %, else 0                                         (Eq. 11)
    dC_SOC = (SOC_t - SOC_0) x (1 - UD)                                              (Eq. 2)
    ER = [dC_SOC x 44/12 - PE - LK] x (1 - BUF)                                      (Eq. 1)

with t from GS Table 6 (two-sided 90 %, df = n - 1; for stratified samples the Satterthwaite df).
Sign conventions the GS text leaves open, chosen conservatively and named in the steps: for a loss
(dC_SOC < 0) the deduction enlarges the loss, (1 + UD); the buffer is deducted only from a positive
ER (a negative ER, a reversal, is carried whole).

References
----------
Verra (2025) VM0042 Methodology for Improved Agricultural Land Management, v2.2. Sections 8.5-8.7,
Equations (37)-(45), (70), (74)-(79).
Gold Standard (2020) Soil Organic Carbon Framework Methodology, v1.0 (402). Equations 1, 2, 10, 11;
Table 6 (p.27).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from scipy import stats

from fourpermille.errors import ParameterError, check_choice
from fourpermille.mrv import limits
from fourpermille.mrv.change import Estimate, net_change
from fourpermille.units import CO2_PER_C

METHODS = ("vm0042", "gold-standard")
#: VM0042 v2.2 Eq. 74: one-sided t at 66.7 % (2/3; printed as ~0.4307 for large samples, p.82).
VM0042_EXCEEDANCE_PROBABILITY = 2.0 / 3.0
#: GS 402 v1.0 Section 9 (p.26-28): 90 % confidence, two-sided.
GS_CONFIDENCE = 0.90
#: GS 402 v1.0 Eq. 11 (p.28): no deduction up to 20 % uncertainty.
GS_UNCERTAINTY_THRESHOLD = 0.20


def vm0042_t(df: float) -> float:
    """One-sided Student t at 66.7 % (2/3) for ``df`` degrees of freedom (VM0042 v2.2 Eq. 74)."""
    return float(stats.t.ppf(VM0042_EXCEEDANCE_PROBABILITY, df))


def gs_t(n_samples: int) -> float:
    """Gold Standard Table 6 t-value (90 % two-sided) for ``n_samples`` samples (df = n - 1)."""
    if n_samples < 2:
        raise ParameterError(f"the t-value needs at least 2 samples; got {n_samples}")
    return float(stats.t.ppf(0.5 + GS_CONFIDENCE / 2.0, n_samples - 1))


CREDITS_KIND = "fourpermille.mrv.credits"
#: Version of the credits file format; :meth:`Credits.from_dict` reads this version only.
CREDITS_VERSION = 1
_STEP_TEXT = ("step", "equation", "formula", "unit")


@dataclass
class Credits:
    """Credits [t CO2e] for the area and monitoring period, with every step of the computation.

    ``to_dict`` is the credits file (``fourpermille mrv credits -o``, kind ``fourpermille.mrv.credits``,
    version 1) and ``from_dict`` its one reader, checking every field against its range.
    """

    method: str
    standard: str
    credits_t_co2e: float
    area_ha: float
    per_hectare: bool
    uncertainty: float
    deduction: float
    steps: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    buffer: float = 0.0  # [-] the inputs the credits were computed with
    leakage_t_co2e: float = 0.0
    project_emissions_t_co2e: float = 0.0
    change_file: str | None = None

    def to_dict(self) -> dict:
        return {
            "kind": CREDITS_KIND,
            "version": CREDITS_VERSION,
            "change_file": self.change_file,
            "buffer": self.buffer,
            "leakage_t_co2e": self.leakage_t_co2e,
            "project_emissions_t_co2e": self.project_emissions_t_co2e,
            "method": self.method,
            "standard": self.standard,
            "credits_t_co2e": self.credits_t_co2e,
            "area_ha": self.area_ha,
            "per_hectare": self.per_hectare,
            "uncertainty": self.uncertainty,
            "deduction": self.deduction,
            "steps": self.steps,
            "notes": self.notes,
        }

    as_dict = to_dict

    @classmethod
    def from_dict(cls, data, file: str | None = None) -> Credits:
        """Read a credits file's content; InputError naming the field and its range if a value is bad."""
        r = limits.FieldReader(data, file)
        r.kind(CREDITS_KIND, CREDITS_VERSION, "`fourpermille mrv credits`")
        steps = r.get(["steps"])
        if not isinstance(steps, list):
            raise r.error(["steps"], f"must be a list; got {type(steps).__name__}")
        clean_steps = []
        for i, step in enumerate(steps):
            if not isinstance(step, dict):
                raise r.error(["steps", i], "must be an object")
            row = {k: r.text(["steps", i, k]) for k in _STEP_TEXT}
            row["value"] = r.number(["steps", i, "value"], limits.AMOUNT_T_CO2E)
            clean_steps.append({k: row[k] for k in ("step", "equation", "formula", "value", "unit")})
        notes = r.get(["notes"]) or []
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            raise r.error(["notes"], "must be a list of texts")
        per_hectare = r.get(["per_hectare"])
        if not isinstance(per_hectare, bool):
            raise r.error(["per_hectare"], f"must be true or false; got {per_hectare!r}")
        change_file = r.get(["change_file"])
        return cls(
            method=r.choice(["method"], METHODS),
            standard=r.text(["standard"]),
            credits_t_co2e=r.number(["credits_t_co2e"], limits.AMOUNT_T_CO2E),
            area_ha=r.number(["area_ha"], limits.AREA_HA),
            per_hectare=per_hectare,
            uncertainty=r.number(["uncertainty"], limits.UNCERTAINTY),
            deduction=r.number(["deduction"], limits.DEDUCTION),
            steps=clean_steps,
            notes=list(notes),
            buffer=r.number(["buffer"], limits.BUFFER),
            leakage_t_co2e=r.number(["leakage_t_co2e"], limits.EMISSIONS_T_CO2E),
            project_emissions_t_co2e=r.number(["project_emissions_t_co2e"], limits.EMISSIONS_T_CO2E),
            change_file=None if change_file is None else str(change_file),
        )


class _Steps(list):
    def add(self, name: str, value: float, unit: str, equation: str = "", formula: str = "") -> float:
        self.append(
            {"step": name, "equation": equation, "formula": formula, "value": float(value), "unit": unit}
        )
        return value


def compute_credits(
    project: Estimate,
    baseline: Estimate | None = None,
    area_ha: float | None = None,
    method: str = "vm0042",
    buffer: float = 0.0,
    leakage_t_co2e: float = 0.0,
    project_emissions_t_co2e: float = 0.0,
    cumulative_project_t_co2e: float | None = None,
) -> Credits:
    """Credits for a monitoring period by the rule set ``method``.

    Parameters
    ----------
    project : Estimate [t C/ha]
        Change of the project's mean SOC stock over the period, with its standard error and df.
    baseline : Estimate [t C/ha], optional
        Change in the baseline scenario (control sites or a model); none: a constant baseline.
    area_ha : float [ha], optional
        Project area; without it the credits are per hectare.
    method : {'vm0042', 'gold-standard'}
    buffer : float [-]
        Non-permanence buffer: VM0042 NPR (as a fraction), Gold Standard BUF. In [0, 1).
    leakage_t_co2e : float [t CO2e]
        Leakage emissions for the period (VM0042 LE_OA + LE_BR; GS LK), >= 0.
    project_emissions_t_co2e : float [t CO2e]
        Gold Standard only: additional project emissions PE (Eq. 12).
    cumulative_project_t_co2e : float [t CO2e], optional
        VM0042 only: cumulative project stock change since the start, for I(dCO2_wp) (Eq. 37, 40);
        this period's change when omitted (the first monitoring period).

    Returns
    -------
    Credits with ``steps``: each a dict ``step, equation, formula, value, unit``.
    """
    check_choice("method", method, METHODS)
    limits.check_number("buffer", buffer, limits.BUFFER)
    limits.check_number("leakage", leakage_t_co2e, limits.EMISSIONS_T_CO2E)
    limits.check_number("project emissions", project_emissions_t_co2e, limits.EMISSIONS_T_CO2E)
    limits.check_number(
        "cumulative project stock change", cumulative_project_t_co2e, limits.AMOUNT_T_CO2E, allow_none=True
    )
    limits.check_number("area", area_ha, limits.AREA_HA, allow_none=True)
    for name, est in (("project change", project), ("baseline change", baseline)):
        if est is not None:
            limits.check_number(f"{name} mean", est.mean, limits.CHANGE_T_HA)
            limits.check_number(f"{name} standard error", est.se, limits.SE_T_HA)
            if not math.isinf(est.df):
                limits.check_number(f"{name} degrees of freedom", est.df, limits.DF)
    per_ha = area_ha is None
    area = 1.0 if per_ha else float(area_ha)
    net = net_change(project, baseline)
    base = baseline if baseline is not None else Estimate(0.0, 0.0, math.inf)
    if method == "vm0042":
        result = _vm0042(project, base, net, area, per_ha, buffer, leakage_t_co2e, cumulative_project_t_co2e)
    else:
        result = _gold_standard(
            project, base, net, area, per_ha, buffer, leakage_t_co2e, project_emissions_t_co2e
        )
    result.buffer, result.leakage_t_co2e = float(buffer), float(leakage_t_co2e)
    result.project_emissions_t_co2e = float(project_emissions_t_co2e)
    return result


def _vm0042(project, base, net, area, per_ha, npr, leakage, cumulative) -> Credits:
    s = _Steps()
    area_unit = "t CO2e/ha" if per_ha else "t CO2e"
    s.add("area", area, "ha", "", "A")
    soil_wp = s.add(
        "project SOC stock change",
        project.mean * area * CO2_PER_C,
        area_unit,
        "Eq. 47",
        "dCO2_soil_wp = dSOC_wp x A x 44/12",
    )
    soil_bsl = s.add(
        "baseline SOC stock change",
        base.mean * area * CO2_PER_C,
        area_unit,
        "Eq. 46",
        "dCO2_soil_bsl = dSOC_bsl x A x 44/12",
    )
    mean_err = s.add(
        "mean net change (project - baseline)",
        net.mean * CO2_PER_C,
        "t CO2e/ha",
        "Eq. 70",
        "(dSOC_wp - dSOC_bsl) x 44/12",
    )
    se_err = s.add(
        "standard error of the mean net change",
        net.se * CO2_PER_C,
        "t CO2e/ha",
        "Eq. 70",
        "sqrt(s_wp^2 + s_bsl^2) x 44/12",
    )
    t = s.add(
        "t-value, one-sided 66.7 %",
        vm0042_t(net.df),
        "-",
        "Eq. 74",
        f"t_0.667 at {net.df:.1f} degrees of freedom",
    )
    if mean_err == 0:
        unc_raw = 1.0 if se_err > 0 else 0.0
    else:
        unc_raw = se_err / abs(mean_err) * t
    unc = s.add(
        "uncertainty deduction UNC",
        min(unc_raw, 1.0),
        "fraction",
        "Eq. 74",
        "sqrt(s^2) / mean x t_0.667 (x 100 for %), capped at 1",
    )
    sign = s.add(
        "sign switch I(dCO2_soil)",
        1.0 if soil_wp - soil_bsl >= 0 else -1.0,
        "-",
        "Eq. 44-45",
        "+1 if dCO2_soil_wp - dCO2_soil_bsl >= 0 else -1",
    )
    wp = s.add(
        "project stock change after deduction",
        soil_wp * (1 - unc * sign),
        area_unit,
        "Eq. 45",
        "dCO2_wp = dCO2_soil_wp x (1 - UNC x I)",
    )
    bsl = s.add(
        "baseline stock change after deduction",
        soil_bsl * (1 - unc * sign),
        area_unit,
        "Eq. 44",
        "dCO2_bsl = dCO2_soil_bsl x (1 - UNC x I)",
    )
    cum = wp if cumulative is None else cumulative
    i_wp = s.add(
        "removal switch I(dCO2_wp)",
        1.0 if cum > 0 else 0.0,
        "-",
        "Eq. 37, 40",
        "1 if the cumulative project stock change > 0 else 0",
    )
    er_stock = i_wp * (min(0.0, wp) - min(0.0, bsl)) + (1 - i_wp) * (
        min(0.0, wp) - min(0.0, bsl) + max(0.0, wp) - max(0.0, bsl)
    )
    er = s.add(
        "emission reductions ER (SOC)",
        er_stock,
        area_unit,
        "Eq. 37",
        "I_wp (MIN(0,wp) - MIN(0,bsl)) + (1 - I_wp)(MIN(0,wp) - MIN(0,bsl) + MAX(0,wp) - MAX(0,bsl))",
    )
    cr = s.add(
        "removals CR",
        i_wp * (max(0.0, wp) - max(0.0, bsl)),
        area_unit,
        "Eq. 40",
        "I_wp (MAX(0,wp) - MAX(0,bsl))",
    )
    total = er + cr
    share_er = er / total if total != 0 else 1.0
    lk_er = s.add("leakage allocated to ER", leakage * share_er, area_unit, "Eq. 39", "LK x ER / (ER + CR)")
    lk_cr = s.add(
        "leakage allocated to CR", leakage * (1 - share_er), area_unit, "Eq. 42", "LK x CR / (ER + CR)"
    )
    er_net = s.add("net reductions ER_NET", er - lk_er, area_unit, "Eq. 38", "ER - LK_ER")
    cr_net = s.add("net removals CR_NET", cr - lk_cr, area_unit, "Eq. 41", "CR - LK_CR")
    s.add("net reductions and removals ERR_NET", er_net + cr_net, area_unit, "Eq. 43", "ER_NET + CR_NET")
    bu_er = s.add(
        "buffer on reductions Bu_ER",
        er_stock * npr,
        area_unit,
        "Eq. 75",
        f"stock terms of Eq. 37 x NPR (NPR = {npr:g})",
    )
    bu_cr = s.add(
        "buffer on removals Bu_CR", cr * npr, area_unit, "Eq. 76", "I_wp (MAX(0,wp) - MAX(0,bsl)) x NPR"
    )
    vcu_er = s.add("VCU from reductions", er_net - bu_er, area_unit, "Eq. 77", "ER_NET - Bu_ER")
    vcu_cr = s.add("VCU from removals", cr_net - bu_cr, area_unit, "Eq. 78", "CR_NET - Bu_CR")
    vcu = s.add("verified carbon units VCU", vcu_er + vcu_cr, area_unit, "Eq. 79", "VCU_ER + VCU_CR")
    notes = [
        "VM0042 v2.2 Quantification Approach 2 (measured SOC), SOC pool only; other GHG sources and tree/"
        "shrub biomass are outside this computation.",
        "The period's totals are credited at once; VM0042 states the same per year (divide by the years).",
    ]
    if unc_raw > 1:
        notes.append(f"UNC {unc_raw:.3f} exceeds 1 and is capped at 1 (a fraction between 0 and 1).")
    if vcu < 0:
        notes.append("Negative VCU: the project lost carbon relative to the baseline (a reversal).")
    if bu_er < 0:
        notes.append(
            "Eq. 75 applied as written: with a net SOC loss its buffer term is negative, which makes the VCU "
            "less negative than ER_NET; reversals are handled by the VCS Standard's loss rules."
        )
    return Credits("vm0042", "Verra VM0042 v2.2", vcu, area, per_ha, unc, unc, list(s), notes)


def _gold_standard(project, base, net, area, per_ha, buf, leakage, pe) -> Credits:
    s = _Steps()
    c_unit = "t C/ha" if per_ha else "t C"
    area_unit = "t CO2e/ha" if per_ha else "t CO2e"
    s.add("area", area, "ha", "", "A")
    s.add("project SOC stock change", project.mean * area, c_unit, "Eq. 5", "SOC_t - SOC_0 (project)")
    s.add("baseline SOC stock change", base.mean * area, c_unit, "Eq. 3", "SOC_BL trajectory")
    dsoc = s.add("SOC stock change vs baseline", net.mean * area, c_unit, "Eq. 2", "SOC_t - SOC_0")
    t = s.add(
        "t-value, two-sided 90 %",
        float(stats.t.ppf(0.5 + GS_CONFIDENCE / 2, net.df)),
        "-",
        "Table 6",
        f"t at {net.df:.1f} degrees of freedom",
    )
    half = s.add(
        "half-width of the 90 % CI", t * net.se * area, c_unit, "Eq. 8-9", "(Upper - Lower) / 2 = t x SE"
    )
    if dsoc == 0:
        unc = 1.0 if half > 0 else 0.0
    else:
        unc = half / abs(dsoc)
    unc = s.add("uncertainty UNC", unc, "fraction", "Eq. 10", "|Upper - Lower| / (2 |dC_SOC|)")
    ud = s.add(
        "uncertainty deduction UD",
        min(max(0.0, unc - GS_UNCERTAINTY_THRESHOLD), 1.0),
        "fraction",
        "Eq. 11",
        "UNC - 20 % if UNC > 20 % else 0",
    )
    factor = (1 - ud) if dsoc >= 0 else (1 + ud)
    dc = s.add(
        "SOC change after deduction dC_SOC",
        dsoc * factor,
        c_unit,
        "Eq. 2",
        "(SOC_t - SOC_0) x (1 - UD)" if dsoc >= 0 else "(SOC_t - SOC_0) x (1 + UD): a loss is enlarged",
    )
    co2 = s.add("as CO2e", dc * CO2_PER_C, area_unit, "Eq. 1", "dC_SOC x 44/12")
    s.add("project emissions PE", pe, area_unit, "Eq. 12", "input")
    s.add("leakage LK", leakage, area_unit, "Eq. 19", "input")
    before = s.add("before buffer", co2 - pe - leakage, area_unit, "Eq. 1", "dC_SOC x 44/12 - PE - LK")
    buffer = s.add(
        "compliance buffer",
        before * buf if before > 0 else 0.0,
        area_unit,
        "Eq. 1",
        f"x BUF (BUF = {buf:g}); none on a negative result",
    )
    er = s.add("GS VERs ER", before - buffer, area_unit, "Eq. 1", "[dC_SOC x 44/12 - PE - LK] x (1 - BUF)")
    notes = ["Gold Standard SOC Framework Methodology v1.0, Approach 1 (on-site measurements)."]
    if dsoc < 0:
        notes.append(
            "The SOC stock fell relative to the baseline: the deduction enlarges the loss and no "
            "buffer is taken from a negative result (conservative; the GS text is silent)."
        )
    return Credits(
        "gold-standard", "Gold Standard SOC Framework v1.0", er, area, per_ha, unc, ud, list(s), notes
    )

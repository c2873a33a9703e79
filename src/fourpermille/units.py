"""Unit conversions used across fourpermille.

Canonical units (docs/nomenclature.md): SOC stock t C/ha; SOC concentration g C/kg; bulk density g/cm3;
depth cm; carbon inputs t C/ha/yr. 1 t/ha = 100 g/m2 = 0.1 kg/m2.
"""

from __future__ import annotations

#: Molar mass ratio CO2 / C (44.0095 / 12.011 rounds to 3.664; the crediting standards use 44/12).
CO2_PER_C = 44.0 / 12.0

#: g/kg x g/cm3 x cm -> t/ha: (g/kg)(1e-3 kg/g) x (g/cm3)(1e8 cm2/ha)(1e-6 t/g) x cm = 0.1.
T_HA_PER_G_KG_G_CM3_CM = 0.1


def c_to_co2e(carbon):
    """Convert carbon [t C] to carbon dioxide equivalent [t CO2e] (x 44/12)."""
    return carbon * CO2_PER_C


def co2e_to_c(co2e):
    """Convert carbon dioxide equivalent [t CO2e] to carbon [t C] (x 12/44)."""
    return co2e / CO2_PER_C


def percent_to_g_kg(percent):
    """Convert a concentration in % [g/100 g] to [g/kg]."""
    return percent * 10.0


def g_kg_to_percent(g_kg):
    """Convert a concentration in [g/kg] to % [g/100 g]."""
    return g_kg / 10.0


def mg_ha_to_t_ha(mg_ha):
    """Mg/ha and t/ha are the same unit; kept for readers of papers that use Mg."""
    return mg_ha


def kg_m2_to_t_ha(kg_m2):
    """Convert [kg/m2] to [t/ha] (x 10)."""
    return kg_m2 * 10.0


def t_ha_to_kg_m2(t_ha):
    """Convert [t/ha] to [kg/m2] (/ 10)."""
    return t_ha / 10.0

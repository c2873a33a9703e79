"""RothC-26.3 parameters: every constant of Rothamsted's code, named, with its source.

All values are those of ``RothC.for`` / ``Shell.for`` in Rothamsted-Models/RothC_Code v2.0.0
(commit 1e0dadcd3b89f892174494e404f0fb4aabc1c842), which codes RothC-26.3 (Coleman & Jenkinson 1996)
with the Farina et al. (2013) moisture options. The Fortran writes them as single-precision literals;
here they are float64 (the full-precision RothC_R / RothC_Py reference outputs are float64 too).

References
----------
Coleman K., Jenkinson D.S. (1996) RothC-26.3 - A model for the turnover of carbon in soil. In: Powlson
D.S. et al. (eds) Evaluation of Soil Organic Matter Models, NATO ASI Series I 38, Springer, 237-246.
https://doi.org/10.1007/978-3-642-61094-3_17
Farina R., Coleman K., Whitmore A.P. (2013) Modification of the RothC model for simulations of soil
organic C dynamics in dryland regions. Geoderma 200-201, 18-30. https://doi.org/10.1016/j.geoderma.2013.01.021
Falloon P., Smith P., Coleman K., Marshall S. (1998) Estimating the size of the inert organic matter pool
from total soil organic carbon content for use in the Rothamsted carbon model. Soil Biol. Biochem. 30,
1207-1211. https://doi.org/10.1016/S0038-0717(97)00256-3
Wösten J.H.M., Lilly A., Nemes A., Le Bas C. (1999) Development and use of a database of hydraulic
properties of European soils. Geoderma 90, 169-185. https://doi.org/10.1016/S0016-7061(98)00132-3
"""

from __future__ import annotations

import math

import numpy as np

#: Time steps per year of the monthly model [1/yr] (``timeFact = 12`` in Shell.for).
MONTHS_PER_YEAR = 12
#: Length of one time step [yr] (``tstep = 1.0/timeFact``).
TIME_STEP = 1.0 / MONTHS_PER_YEAR

# --- Pools -------------------------------------------------------------------------------------------
#: Active pools, in the order used on every ``pools`` axis of this package.
POOLS = ("dpm", "rpm", "bio", "hum")
#: Decomposition rate constants k [1/yr] of DPM, RPM, BIO, HUM (``DPM_k, RPM_k, Bio_k, Hum_k``).
RATE_CONSTANTS = {"dpm": 10.0, "rpm": 0.3, "bio": 0.66, "hum": 0.02}

# CO2 / (BIO + HUM) ratio of the decomposed carbon, x = 1.67 (1.85 + 1.60 exp(-0.0786 clay))
# (``X=1.67*(1.85+1.60*EXP(-0.0786*Clay))`` in decomp; Coleman & Jenkinson 1996, Eq. 2).
CO2_RATIO_SCALE = 1.67
CO2_RATIO_BASE = 1.85
CO2_RATIO_CLAY_AMPLITUDE = 1.60
CO2_RATIO_CLAY_DECAY = 0.0786  # [1/%]
#: Shares of the non-CO2 part of decomposed carbon going to BIO and HUM (``0.46/(x+1)``, ``0.54/(x+1)``).
BIO_SHARE = 0.46
HUM_SHARE = 0.54

#: Farmyard manure split to DPM, RPM, HUM (``FYM_C_DPM = 0.49*FYM_Inp`` ...).
FYM_TO_DPM = 0.49
FYM_TO_RPM = 0.49
FYM_TO_HUM = 0.02

# --- Rate modifiers ------------------------------------------------------------------------------------
# Temperature: a = 47.91 / (exp(106.06 / (T + 18.27)) + 1), 0 below -5 C (RMF_Tmp).
RM_TMP_SCALE = 47.91
RM_TMP_NUMERATOR = 106.06  # [C]
RM_TMP_OFFSET = 18.27  # [C]
RM_TMP_MIN_TEMP = -5.0  # [C] below this the factor is 0

#: Open-pan evaporation to evapotranspiration ("pan coefficient") [-] (``DF = RAIN - 0.75 * PEVAP``).
PAN_COEFFICIENT = 0.75
# Classic maximum deficit under 23 cm: -(20 + 1.3 clay - 0.01 clay^2) [mm] (RMF_Moist, opt_RMmoist = 1).
SMD15_BASE = 20.0  # [mm]
SMD15_CLAY = 1.3  # [mm/%]
SMD15_CLAY2 = 0.01  # [mm/%^2]
SMD_REFERENCE_DEPTH = 23.0  # [cm]
#: -1 bar deficit as a fraction of the maximum deficit (``SMD1bar = 0.444 * SMD15barAdj``).
SMD1BAR_FRACTION = 0.444
#: Bare-soil deficit limit as a fraction of the maximum deficit (``SMDBare = 0.556 * SMD15barAdj``).
SMD_BARE_FRACTION = 0.556
#: Bare-soil limit with van Genuchten properties: SMD15 - (0.6388/0.8)(SMD15 - SMD1bar) (Farina et al. 2013).
SMD_BARE_VG_FACTOR = 0.6388 / 0.8
#: Maximum moisture rate modifier [-] (``RMFMax``).
RM_MOIST_MAX = 1.0
#: Default minimum moisture rate modifier [-] (``minRM_Moist = 0.2``).
RM_MOIST_MIN_DEFAULT = 0.2
#: Plant retainment factor under cover (PC = 1) and bare (PC = 0) (RMF_PC).
RM_PC_COVERED = 0.6
RM_PC_BARE = 1.0

#: Moisture options of v2.0.0: opt_RMmoist 1 classic, 2 van Genuchten down to -1000 bar, 3 van Genuchten
#: with the classic function; opt_SMDbare 1 classic bare limit, 2 bare limit at wilting point (-15 bar).
OPT_RM_MOIST = (1, 2, 3)
OPT_SMD_BARE = (1, 2)

# Wösten et al. (1999) pedotransfer function for the van Genuchten parameters, topsoil (t = 1), as coded
# in CALC_SM_VG of RothC.for. OC [%] x 1.72 = organic matter [%].
OM_PER_OC = 1.72
VG_TOPSOIL = 1.0
VG_THETA_R = 0.01  # residual water content [cm3/cm3]
#: Matric suctions [mbar]: field capacity (50), -1 bar, -15 bar (wilting point), -1000 bar.
VG_SUCTION_FC = 50.0
VG_SUCTION_1BAR = 1000.0
VG_SUCTION_15BAR = 15000.0
VG_SUCTION_1000BAR = 1000000.0
#: Water content [cm3/cm3] x depth [cm] x 10 = water depth [mm].
MM_PER_CM = 10.0

# --- Radiocarbon ---------------------------------------------------------------------------------------
#: Decay constant with the Libby half-life 5568 yr [1/yr] (``conr = log(2.0) / 5568.0``).
RADIOCARBON_DECAY = math.log(2.0) / 5568.0
#: Radiocarbon age given to IOM [yr] (``IOM_Rage = 50000.0``).
IOM_RADIOCARBON_AGE = 50000.0
#: Libby mean life used to turn an age into delta 14C [yr] (``exp(-Total_Rage/8035.0)``).
LIBBY_MEAN_LIFE = 8035.0
#: Per mil.
PER_MIL = 1000.0
#: Percent modern carbon of fresh inputs when none is given [%].
MODERN_DEFAULT_PERCENT = 100.0

# --- Inert organic matter, Falloon et al. (1998) --------------------------------------------------------
#: IOM = 0.049 SOC^1.139 [t C/ha] (Falloon et al. 1998, Eq. 1).
FALLOON_COEFFICIENT = 0.049
FALLOON_EXPONENT = 1.139

# --- The upstream spin-up rule (Shell.for) --------------------------------------------------------------
#: Stop when the December-to-December change of DPM+RPM+BIO+HUM is below this [t C/ha] (``test < 1E-6``).
UPSTREAM_SPINUP_TOLERANCE = 1e-6

#: Rate constants as an array in :data:`POOLS` order [1/yr].
RATE_CONSTANT_ARRAY = np.array([RATE_CONSTANTS[p] for p in POOLS])

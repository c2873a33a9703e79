"""A scalar, month-by-month RothC written straight from the equations of RothC.for
(Rothamsted-Models/RothC_Code v2.0.0, commit 1e0dadc): the test oracle for the vectorised kernels.

Plain Python floats, one site, one month at a time, no shared code with fourpermille.rothc.
"""

from __future__ import annotations

import math


def vg_deficits(clay, silt, bd, oc, depth):
    om = oc * 1.72
    alpha = math.exp(
        -14.96
        + 0.03135 * clay
        + 0.0351 * silt
        + 0.646 * om
        + 15.29 * bd
        - 0.192
        - 4.671 * bd**2
        - 0.000781 * clay**2
        - 0.00687 * om**2
        + 0.0449 / om
        + 0.0663 * math.log(silt)
        + 0.1482 * math.log(om)
        - 0.04546 * bd * silt
        - 0.4852 * bd * om
        + 0.00673 * clay
    )
    theta_s = (
        0.7919
        + 0.001691 * clay
        - 0.29619 * bd
        - 0.000001491 * silt**2
        + 0.0000821 * om**2
        + 0.02427 / clay
        + 0.01113 / silt
        + 0.01472 * math.log(silt)
        - 0.0000733 * om * clay
        - 0.000619 * bd * clay
        - 0.001183 * bd * om
        - 0.0001664 * silt
    )
    n = (
        math.exp(
            -25.23
            - 0.02195 * clay
            + 0.0074 * silt
            - 0.194 * om
            + 45.5 * bd
            - 7.24 * bd**2
            + 0.0003658 * clay**2
            + 0.002885 * om**2
            - 12.81 / bd
            - 0.1524 / silt
            - 0.01958 / om
            - 0.2876 * math.log(silt)
            - 0.0709 * math.log(om)
            - 44.6 * math.log(bd)
            - 0.02264 * bd * clay
            + 0.0896 * bd * om
            + 0.00718 * clay
        )
        + 1
    )
    m = 1 - 1 / n

    def wc(h):
        return 0.01 + (theta_s - 0.01) / (1 + (alpha * h) ** n) ** m

    fc = wc(50)
    return ((wc(1000) - fc) * 10 * depth, (wc(15000) - fc) * 10 * depth, (wc(1000000) - fc) * 10 * depth)


class Site:
    def __init__(
        self, clay, depth, iom, opt_rm_moist=1, opt_smd_bare=1, silt=None, bd=None, oc=None, min_rm=0.2
    ):
        self.clay, self.depth, self.iom = clay, depth, iom
        self.opt_rm, self.opt_bare, self.min_rm = opt_rm_moist, opt_smd_bare, min_rm
        if opt_rm_moist == 1:
            s15 = -(20 + 1.3 * clay - 0.01 * clay * clay) * depth / 23.0
            s1 = 0.444 * s15
            s1000 = None
        else:
            s1, s15, s1000 = vg_deficits(clay, silt, bd, oc, depth)
        if opt_smd_bare == 1:
            bare = 0.556 * s15 if opt_rm_moist == 1 else s15 - (0.6388 / 0.8) * (s15 - s1)
        else:
            bare = s15
        self.s1, self.s15, self.bare = s1, s15, bare
        self.smax = s1000 if opt_rm_moist == 2 else s15
        self.dpm = self.rpm = self.bio = self.hum = 0.0
        self.smd = 0.0
        self.co2 = 0.0

    def month(self, temp, rain, pevap, c_inp, fym, pc, dpm_rpm):
        a = 0.0 if temp < -5.0 else 47.91 / (math.exp(106.06 / (temp + 18.27)) + 1.0)
        df = rain - 0.75 * pevap
        if pc == 1:
            self.smd = max(self.smax, min(0.0, self.smd + df))
        else:
            self.smd = max(min(self.bare, self.smd), min(0.0, self.smd + df))
        if self.smd > self.s1:
            b = 1.0
        elif self.opt_rm == 2 and self.smd <= self.s15:
            b = self.min_rm
        else:
            b = self.min_rm + (1.0 - self.min_rm) * (self.s15 - self.smd) / (self.s15 - self.s1)
        c = 1.0 if pc == 0 else 0.6
        rate = a * b * c
        x = 1.67 * (1.85 + 1.60 * math.exp(-0.0786 * self.clay))
        pools = {}
        out_bio = out_hum = out_co2 = 0.0
        for name, k in (("dpm", 10.0), ("rpm", 0.3), ("bio", 0.66), ("hum", 0.02)):
            old = getattr(self, name)
            kept = old * math.exp(-rate * k / 12.0)
            lost = old - kept
            pools[name] = kept
            out_co2 += lost * x / (x + 1)
            out_bio += lost * 0.46 / (x + 1)
            out_hum += lost * 0.54 / (x + 1)
        self.dpm = pools["dpm"] + dpm_rpm / (dpm_rpm + 1) * c_inp + 0.49 * fym
        self.rpm = pools["rpm"] + 1 / (dpm_rpm + 1) * c_inp + 0.49 * fym
        self.bio = pools["bio"] + out_bio
        self.hum = pools["hum"] + out_hum + 0.02 * fym
        self.co2 += out_co2
        return {
            "rm_tmp": a,
            "rm_moist": b,
            "rm_pc": c,
            "smd": self.smd,
            "dpm": self.dpm,
            "rpm": self.rpm,
            "bio": self.bio,
            "hum": self.hum,
            "soc": self.dpm + self.rpm + self.bio + self.hum + self.iom,
            "co2": self.co2,
        }

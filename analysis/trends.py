"""Small statistics for trends across survey waves: confidence intervals and tests of change."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class MeanInterval:
    """A sample mean with a two-sided confidence interval (``None`` bounds when n < 2)."""

    mean: float | None
    low: float | None
    high: float | None
    n: int


@dataclass(frozen=True)
class ProportionTest:
    """Two-proportion z-test of ``p2 - p1`` (pooled standard error)."""

    p1: float
    p2: float
    difference: float
    z: float
    p_value: float


def mean_interval(values: Sequence[float] | np.ndarray, confidence: float = 0.95) -> MeanInterval:
    """Mean of ``values`` (NaNs ignored) with a Student-t interval, clipped to the range of a score.

    The t interval is used rather than a bootstrap because per-theme groups are often small (10-30
    comments) where the bootstrap under-covers, and it is deterministic.
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = int(x.size)
    if n == 0:
        return MeanInterval(None, None, None, 0)
    mean = float(x.mean())
    if n < 2:
        return MeanInterval(mean, None, None, 1)
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return MeanInterval(mean, mean - half, mean + half, n)


def two_proportion_test(count1: int, n1: int, count2: int, n2: int) -> ProportionTest | None:
    """Test whether ``count2/n2`` differs from ``count1/n1``; ``None`` if either group is empty."""
    if n1 <= 0 or n2 <= 0:
        return None
    p1, p2 = count1 / n1, count2 / n2
    pooled = (count1 + count2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:  # both shares 0 or both 1: no evidence of change
        return ProportionTest(p1, p2, p2 - p1, 0.0, 1.0)
    z = (p2 - p1) / se
    return ProportionTest(p1, p2, p2 - p1, float(z), float(2 * stats.norm.sf(abs(z))))

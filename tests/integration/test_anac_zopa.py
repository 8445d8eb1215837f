"""The ZOPA and the bargaining points use one rule on every ANAC domain.

The zone holds the outcomes at least as good as both BATNAs, as individual
rationality and the Nash point do, so no domain shows "no ZOPA" beside a Nash
point (FiftyFiftyA did: its one rational outcome is worth exactly both BATNAs).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.conftest import ANAC_FOLDERS, load

from accord.analysis.points import rational_mask
from accord.analysis.report import analyse
from accord.analysis.zopa import MAX_COUNTED

IDS = [f"{p.parent.name}/{p.name}" for p in ANAC_FOLDERS]


@pytest.mark.anac
@pytest.mark.parametrize("folder", ANAC_FOLDERS, ids=IDS)
def test_zopa_is_the_rational_outcomes(folder: Path) -> None:
    s = load(folder)
    if s.space.n_outcomes > MAX_COUNTED:
        pytest.skip("sampled ZOPA: the count is an estimate")
    report = analyse(s)
    utils = np.column_stack([p.preferences.utility.all() for p in s.parties])
    r = np.array(s.reservations)
    assert report.zopa.n_outcomes == int(rational_mask(utils, r).sum())
    assert report.zopa.n_strict == int((utils > r).all(axis=1).sum())
    assert report.zopa.exists == (report.nash is not None)

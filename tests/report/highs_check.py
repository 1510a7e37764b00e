"""Integer feasibility for the test attackers (tests/report/attacker*.py), with HiGHS directly:
apart from report/lp.py on purpose."""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import highspy
import numpy as np


def _solver() -> highspy.Highs:
    saved = os.dup(1)
    with Path(os.devnull).open("w") as devnull:
        os.dup2(devnull.fileno(), 1)
        solver = highspy.Highs()  # type: ignore[no-untyped-call]
    os.dup2(saved, 1)
    os.close(saved)
    solver.setOptionValue("output_flag", False)
    return solver


_SOLVER = _solver()


def feasible(n: int, rows: list[tuple[dict[int, int], int]], upper: list[float]) -> bool:
    """Is there a non-negative integer x with upper bounds and every row sum == value?"""
    return solvable(n, [(coefs, value, value) for coefs, value in rows], upper)


def solvable(n: int, rows: list[tuple[dict[int, int], float, float]], upper: list[float]) -> bool:
    """Is there a non-negative integer x with upper bounds and every row sum within its
    (lower, upper)?"""
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.array(upper, dtype=float)
    lp.row_lower_ = np.array([float(low) for _, low, _ in rows])
    lp.row_upper_ = np.array([float(high) for _, _, high in rows])
    starts, index, value = [0], [], []
    by_column: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for r, (coefs, _, _) in enumerate(rows):
        for column, coef in coefs.items():
            by_column[column].append((r, coef))
    for column in range(n):
        for r, coef in by_column[column]:
            index.append(r)
            value.append(float(coef))
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    _SOLVER.clearModel()
    _SOLVER.passModel(lp)  # the LP relaxation first: most questions end there
    if not solved():
        return False
    values = np.asarray(_SOLVER.getSolution().col_value)
    if np.all(np.abs(values - np.round(values)) < 1e-7):
        return True
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    _SOLVER.clearModel()
    _SOLVER.passModel(lp)
    return solved()


def solved() -> bool:
    _SOLVER.run()
    status = _SOLVER.getModelStatus()
    if status in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kModelEmpty):
        return True
    assert status == highspy.HighsModelStatus.kInfeasible, status
    return False

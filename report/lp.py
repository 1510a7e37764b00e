"""A small integer linear system and the questions the disclosure audit asks of it, solved with
HiGHS (highspy): is it feasible with some variables fixed, and how low or high can one go.

Every variable is an integer count. The solver instance is made once per process (HiGHS prints
a banner when one is made; it goes to /dev/null) and gets a fresh model per system.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import highspy
import numpy as np

INF = highspy.kHighsInf


@cache
def _highs() -> highspy.Highs:
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with Path(os.devnull).open("w") as devnull:
            os.dup2(devnull.fileno(), 1)
            solver = highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    solver.setOptionValue("output_flag", False)
    return solver


@dataclass
class LinearSystem:
    """Integer variables with bounds, and rows `lower <= sum(coef * var) <= upper`."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    rows: list[tuple[dict[int, float], float, float]] = field(default_factory=list)
    solves: int = 0

    def var(self, lower: float = 0, upper: float = INF) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        return len(self.lower) - 1

    def add(self, coefs: Mapping[int, float], lower: float, upper: float) -> None:
        merged: dict[int, float] = {}
        for column, coef in coefs.items():
            merged[column] = merged.get(column, 0) + coef
        self.rows.append((merged, lower, upper))

    def equal(self, coefs: Mapping[int, float], value: float) -> None:
        self.add(coefs, value, value)

    def at_most(self, coefs: Mapping[int, float], value: float) -> None:
        self.add(coefs, -INF, value)

    def at_least(self, coefs: Mapping[int, float], value: float) -> None:
        self.add(coefs, value, INF)

    def _load(self, cost: Mapping[int, float] | None = None) -> highspy.Highs:
        solver = _highs()
        solver.clearModel()
        n = len(self.lower)
        lp = highspy.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = len(self.rows)
        costs = np.zeros(n)
        for column, coef in (cost or {}).items():
            costs[column] = coef
        lp.col_cost_ = costs
        lp.col_lower_ = np.array(self.lower, dtype=float)
        lp.col_upper_ = np.array(self.upper, dtype=float)
        lp.row_lower_ = np.array([r[1] for r in self.rows], dtype=float)
        lp.row_upper_ = np.array([r[2] for r in self.rows], dtype=float)
        columns: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        for index, (coefs, _, _) in enumerate(self.rows):
            for column, coef in coefs.items():
                columns[column].append((index, coef))
        starts = [0]
        indices: list[int] = []
        values: list[float] = []
        for entries in columns:
            for row, coef in entries:
                indices.append(row)
                values.append(coef)
            starts.append(len(indices))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(indices, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(values, dtype=float)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
        solver.passModel(lp)
        return solver

    def feasible(self, fixed: Mapping[int, float]) -> bool:
        """Whether some integer solution has the given variables at the given values."""
        return Checker(self).feasible(fixed)

    def checker(self) -> Checker:
        """A loaded model for many feasibility questions in a row (bounds restored after each)."""
        return Checker(self)

    def range_of(self, column: int) -> tuple[float, float]:
        """The lowest and highest value `column` can take in an integer solution."""
        result = []
        for sign in (1.0, -1.0):
            solver = self._load({column: sign})
            self.solves += 1
            solver.run()
            if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError("the disclosure audit found published figures that disagree")
            result.append(sign * solver.getInfo().objective_function_value)
        return result[0], result[1]


class Checker:
    """Feasibility questions against one loaded system. Each is first asked of the LP
    relaxation, which settles most of them quickly: infeasible there means infeasible, and an
    integral LP solution is an integer one. Only the rest are solved as integer programs."""

    def __init__(self, system: LinearSystem) -> None:
        self.system = system
        self.solver = system._load()
        n = len(system.lower)
        self.columns = np.arange(n, dtype=np.int32)
        self.continuous = np.array([highspy.HighsVarType.kContinuous] * n)
        self.integer = np.array([highspy.HighsVarType.kInteger] * n)
        self.solver.changeColsIntegrality(n, self.columns, self.continuous)

    def _run(self) -> bool:
        self.system.solves += 1
        self.solver.run()
        status = self.solver.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return True
        if status == highspy.HighsModelStatus.kInfeasible:
            return False
        raise RuntimeError(f"the disclosure audit's solver gave up: {status}")

    def feasible(self, fixed: Mapping[int, float]) -> bool:
        return self.within({column: (value, value) for column, value in fixed.items()})

    def within(self, bounds: Mapping[int, tuple[float, float]]) -> bool:
        """Whether some integer solution has the given variables within the given bounds."""
        system = self.system
        for column, (low, high) in bounds.items():
            if max(low, system.lower[column]) > min(high, system.upper[column]):
                return False
        for column, (low, high) in bounds.items():
            self.solver.changeColBounds(
                column, max(low, system.lower[column]), min(high, system.upper[column])
            )
        try:
            if not self._run():
                return False
            values = np.asarray(self.solver.getSolution().col_value)
            if np.all(np.abs(values - np.round(values)) < 1e-7):
                return True
            n = len(system.lower)
            self.solver.changeColsIntegrality(n, self.columns, self.integer)
            try:
                return self._run()
            finally:
                self.solver.changeColsIntegrality(n, self.columns, self.continuous)
        finally:
            for column in bounds:
                self.solver.changeColBounds(column, system.lower[column], system.upper[column])

"""Imports point one way (see ARCHITECTURE.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
EDGES = {"bot", "web"}
PRODUCT = {"bot", "web", "conversation", "questionnaires", "storage", "report", "inspraak"}
FORBIDDEN = {
    "questionnaires": {
        "telegram",
        "aiosqlite",
        "sqlite3",
        "storage",
        "conversation",
        "report",
        "inspraak",
        "localbotapi",
    }
    | EDGES,
    "storage": {"telegram", "conversation", "report", "inspraak", "localbotapi"} | EDGES,
    # The conversation knows no channel: edges call it, never the other way round.
    "conversation": {"telegram", "aiohttp", "aiosqlite", "sqlite3", "report", "localbotapi"}
    | EDGES,
    "report": {"telegram", "conversation", "localbotapi"} | EDGES,
    "bot": {"report", "web", "localbotapi"},
    # The test double knows the Bot API, not the product.
    "localbotapi": PRODUCT,
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_one_way(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no modules"
    for path in files:
        wrong = imported_modules(path) & FORBIDDEN[package]
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_only_storage_writes_sql() -> None:
    for package in ("bot", "conversation", "report", "inspraak", "questionnaires"):
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for keyword in ("INSERT INTO", "DELETE FROM", "CREATE TABLE", "UPDATE responses"):
                assert keyword not in text, f"{path.relative_to(ROOT)} contains SQL ({keyword})"

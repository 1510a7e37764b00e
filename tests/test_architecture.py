"""Imports point one way (see ARCHITECTURE.md)."""

import ast
import importlib
import inspect
import re
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
EDGES = {"bot", "web", "whatsapp"}
# Fake servers: they know the Bot API or the Cloud API, not the product.
FAKES = {"localbotapi", "localwhatsapp"}
PRODUCT = {
    "bot",
    "web",
    "whatsapp",
    "conversation",
    "coordination",
    "questionnaires",
    "storage",
    "report",
    "inspraak",
    "settings",
}
# The inspraak-doubles distribution (doubles/pyproject.toml): no product package may import it,
# except `inspraak`'s demo and preview commands inside the function that needs them.
DOUBLES = FAKES | {"demo"}
FORBIDDEN = {
    "questionnaires": {
        "telegram",
        "aiosqlite",
        "sqlite3",
        "storage",
        "conversation",
        "coordination",
        "report",
        "inspraak",
        "settings",
    }
    | EDGES
    | DOUBLES,
    "storage": {"telegram", "conversation", "coordination", "report", "inspraak"} | DOUBLES | EDGES,
    # The conversation knows no channel: edges call it, never the other way round.
    "conversation": {
        "telegram",
        "aiohttp",
        "aiosqlite",
        "sqlite3",
        "coordination",
        "report",
        "inspraak",
    }
    | EDGES
    | DOUBLES,
    "report": {"telegram", "conversation", "coordination", "inspraak"} | EDGES | DOUBLES,
    "bot": {"report", "web", "whatsapp", "inspraak"} | DOUBLES,
    # What coordinators do, for every channel: the CLI and the web console call it.
    "coordination": {"telegram", "aiohttp", "conversation", "inspraak"} | EDGES | DOUBLES,
    # The console reaches reports only through `coordination`, like the command line.
    "web": {"telegram", "bot", "whatsapp", "report", "inspraak"} | DOUBLES,
    # The third edge: a section of the web server (web.app), never Telegram's bot.
    "whatsapp": {"telegram", "bot", "report", "coordination", "inspraak"} | DOUBLES,
    # Settings: a leaf that every layer may read; it knows only the shipped questionnaires' folder.
    "settings": PRODUCT - {"settings", "questionnaires"} | DOUBLES | {"telegram", "aiosqlite"},
    # Templates are data.
    "templates": PRODUCT | DOUBLES,
    "localbotapi": PRODUCT | {"demo"},
    "localwhatsapp": PRODUCT | {"localbotapi", "demo"},
}


def _package_of(path: Path) -> list[str]:
    """The package a module lives in, e.g. ['storage'] for storage/store.py (and for
    storage/__init__.py)."""
    return list(path.relative_to(ROOT).parts[:-1])


def imported_modules(path: Path, package: list[str] | None = None) -> set[str]:
    """Top-level names of every module a file imports: `import`, `from ... import` (relative
    ones resolved), and `importlib.import_module("...")` / `__import__("...")` with a literal."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
            elif node.level > 0:
                here = _package_of(path) if package is None else package
                base = here[: len(here) - (node.level - 1)]
                dotted = [*base, *(node.module.split(".") if node.module else [])]
                names.add(dotted[0] if dotted else "")
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
        ):
            names.add(node.args[0].value.split(".")[0])
    return names


# SQL as this code base writes it: upper-case keywords in a statement's shape.
SQL = re.compile(
    r"\b(SELECT\b[\s\S]*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
    r"|CREATE\s+(TEMP\s+|UNIQUE\s+)?(TABLE|INDEX|VIEW|TRIGGER)|ALTER\s+TABLE|DROP\s+(TABLE|INDEX)"
    r"|PRAGMA\s+\w+|BEGIN(\s+(IMMEDIATE|EXCLUSIVE|DEFERRED))?\s*;?\s*$|COMMIT\s*;?\s*$"
    r"|ROLLBACK\s*;?\s*$|VACUUM\b|ATTACH\s+DATABASE)\b"
)
DATABASE_MODULES = {"sqlite3", "aiosqlite"}
EXECUTE = {"execute", "executemany", "executescript", "backup"}


def strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string literal, and every f-string with its placeholders as `?`."""
    found = []
    parts_of_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    for node in ast.walk(tree):
        if id(node) in parts_of_fstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            text = "".join(
                str(part.value) if isinstance(part, ast.Constant) else "?" for part in node.values
            )
            found.append((node.lineno, text))
    return found


def sql_problems(path: Path) -> list[str]:
    """SQL text, database modules or execute calls in a module outside storage/."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    problems = [
        f"{where}:{line}: SQL {match[0]!r}"
        for line, text in strings(tree)
        if (match := SQL.search(text.strip()))
    ]
    problems += [
        f"{where}: imports {name}" for name in imported_modules(path, []) & DATABASE_MODULES
    ]
    problems += [
        f"{where}:{node.lineno}: calls .{node.func.attr}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in EXECUTE
    ]
    return problems


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_one_way(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no modules"
    for path in files:
        wrong = imported_modules(path) & FORBIDDEN[package]
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_the_composition_root_imports_the_doubles_only_when_asked() -> None:
    """`inspraak demo` and `inspraak preview` import the demo package inside the command, so a
    production install without it runs every other command."""
    for path in sorted((ROOT / "inspraak").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        at_import = {
            alias.name.split(".")[0] if isinstance(node, ast.Import) else (node.module or "")
            for node in tree.body
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        wrong = {name.split(".")[0] for name in at_import} & DOUBLES
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)} when loaded"


def outside_storage(check: Callable[[Path], list[str]], packages: set[str]) -> list[str]:
    """What `check` finds in every module of `packages` but storage/."""
    return [
        problem
        for package in sorted(packages - {"storage"})
        for path in sorted((ROOT / package).rglob("*.py"))
        for problem in check(path)
    ]


def test_only_storage_writes_sql() -> None:
    problems = outside_storage(sql_problems, PRODUCT)
    assert not problems, "SQL outside storage/:\n" + "\n".join(problems)


def test_the_sql_check_finds_sql(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "import aiosqlite\n"
        "Q = f\"SELECT id FROM {'answers'} WHERE x = ?\"\n"
        "def f(conn):\n"
        "    conn.execute('UPDATE  responses\\n SET status = 1')\n"
        "    return 'Selecteer een antwoord uit de lijst.'\n",
        encoding="utf-8",
    )
    problems = sql_problems(module)
    assert len(problems) == 4, problems  # the f-string, the UPDATE, the import, the call
    assert sql_problems(ROOT / "storage" / "db.py")  # storage itself is full of it


def test_relative_and_dynamic_imports_are_seen(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"  # as if it were report/probe.py
    module.write_text(
        "from ..bot import app\nimport importlib\nimportlib.import_module('telegram.ext')\n",
        encoding="utf-8",
    )
    assert imported_modules(module, ["report"]) == {"bot", "importlib", "telegram"}


# Packages that exist only for the type checker and are named with an underscore by convention.
STUB_ONLY = {"_typeshed"}


def _private(name: str) -> bool:
    dunder = name.startswith("__") and name.endswith("__")
    return name.startswith("_") and not dunder and name not in STUB_ONLY


def private_imports(path: Path) -> list[str]:
    """Private names (one leading underscore) that a module takes from another one: `from m
    import _name`, `from m._inner import x`, `import m._inner`, and `m._name` on a module of
    ours that it imported. A private name belongs to its own module; what others need is
    public, in the module where it belongs. (The standard library's `argparse._SubParsersAction`,
    which argparse offers no public name for, is attribute access on a foreign module: allowed.)"""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    ours = PRODUCT | DOUBLES
    modules: set[str] = set()  # names bound to modules of ours by `import` and `from . import`
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if any(_private(part) for part in alias.name.split(".")):
                    problems.append(f"{where}:{node.lineno}: import {alias.name}")
                if alias.name.split(".")[0] in ours:
                    modules.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            module = node.module or ""
            if any(_private(part) for part in module.split(".")):
                problems.append(f"{where}:{node.lineno}: from {module} import ...")
            for alias in node.names:
                if _private(alias.name):
                    problems.append(f"{where}:{node.lineno}: from {module} import {alias.name}")
                elif node.level > 0 or module.split(".")[0] in ours:
                    modules.add(alias.asname or alias.name)  # maybe a module, maybe not
    problems += [
        f"{where}:{node.lineno}: {node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
        and _private(node.attr)
    ]
    return problems


def test_no_module_takes_another_modules_private_names() -> None:
    problems = [
        problem
        for package in sorted(PRODUCT | DOUBLES | {"tools", "bench"})
        for path in sorted((ROOT / package).rglob("*.py"))
        for problem in private_imports(path)
    ]
    assert not problems, "private names used outside their module:\n" + "\n".join(problems)


def test_the_private_name_check_finds_them(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "from __future__ import annotations\n"
        "import argparse\n"
        "from inspraak.coordinator import _actor, open_store\n"
        "from telegram._utils.types import JSONDict\n"
        "from _typeshed import DataclassInstance\n"
        "import storage._inner\n"
        "from storage import store\n"
        "from . import helpers\n"
        "def f(sub: argparse._SubParsersAction, x: object) -> None:\n"
        "    store._hidden(x.__class__, helpers._secret, x._own)\n",
        encoding="utf-8",
    )
    found = [problem.split(": ", 1)[1] for problem in private_imports(module)]
    assert sorted(found) == [
        "from inspraak.coordinator import _actor",
        "from telegram._utils.types import ...",
        "helpers._secret",
        "import storage._inner",
        "store._hidden",
    ]


def public_classes(path: Path) -> list[str]:
    """The classes a module defines at its top level for others to use (no leading _)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_")
    ]


def test_no_two_public_classes_share_a_name() -> None:
    """A class's name says what it is: two meanings never share one name, so a reader (and
    an import) cannot take one for the other. The tests' own helpers count too (worlds,
    simulated people, records): in their modules and conftests, beside the product's."""
    where: dict[str, list[str]] = {}
    for package in sorted(PRODUCT | DOUBLES | {"tests"}):
        for path in sorted((ROOT / package).rglob("*.py")):
            for name in public_classes(path):
                where.setdefault(name, []).append(str(path.relative_to(ROOT)))
    shared = {name: paths for name, paths in where.items() if len(paths) > 1}
    assert not shared, "public classes of the same name:\n" + "\n".join(
        f"{name}: {', '.join(paths)}" for name, paths in sorted(shared.items())
    )


def storage_bypasses(path: Path) -> list[str]:
    """Database work outside `Store`'s methods: a storage function that takes the database
    imported directly, or a raw connection (`.conn`) used."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("storage."):
            module = importlib.import_module(node.module or "")
            problems += [
                f"{where}:{node.lineno}: imports {node.module}.{alias.name} (use the Store method)"
                for alias in node.names
                if inspect.iscoroutinefunction(getattr(module, alias.name, None))
            ]
        elif isinstance(node, ast.Attribute) and node.attr == "conn":
            problems.append(f"{where}:{node.lineno}: uses a raw connection (.conn)")
    return problems


def test_storage_is_reached_through_the_store_only() -> None:
    """One way to storage (ARCHITECTURE.md, "Storage and transactions"): `Store`'s methods."""
    problems = outside_storage(storage_bypasses, PRODUCT | {"demo"})
    assert not problems, "storage reached around the Store:\n" + "\n".join(problems)


def test_the_store_check_finds_a_bypass(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "from storage.responses import save_answer, ExportRow\n"
        "async def f(store):\n"
        "    await store.conn.execute('x')\n",
        encoding="utf-8",
    )
    assert len(storage_bypasses(module)) == 2, storage_bypasses(module)  # not the record class

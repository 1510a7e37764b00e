"""ARCHITECTURE.md leads a newcomer to the code in two steps, so what it names must exist: every
module in its package tree, and every path or dotted name it gives in backticks (`bot/once.py`,
`report/aggregate.assemble`, `conversation.flow.Conversation`). A split or a rename that leaves
it behind fails here."""

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).parents[1]
TEXT = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
FOLDERS = {p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")}


@cache
def defined(module: Path) -> frozenset[str]:
    """The names a module defines: functions, classes, their methods and fields, `self.x`
    attributes, constants and what it imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
            names |= {t.attr for t in targets if isinstance(t, ast.Attribute)}
        elif isinstance(node, ast.ImportFrom):
            names |= {alias.asname or alias.name for alias in node.names}
    return frozenset(names)


def missing(reference: str) -> str | None:
    """What of `reference` does not exist (None when all of it does)."""
    reference = reference.removeprefix("@").split("(")[0].rstrip("/")
    if (ROOT / reference).exists():
        return None
    if reference.endswith(".py"):
        return f"no {reference}"
    words = reference.removesuffix(".py").replace("/", ".").split(".")
    place = ROOT
    while words and (place / words[0]).is_dir():
        place = place / words.pop(0)
    if words and (place / f"{words[0]}.py").is_file():
        place = place / f"{words.pop(0)}.py"
    elif place.is_dir():
        place = place / "__init__.py"
    if not place.is_file():
        return f"no {place.relative_to(ROOT)}"
    unknown = [word for word in words if word not in defined(place)]
    return f"{place.relative_to(ROOT)} has no {', '.join(unknown)}" if unknown else None


def backticked() -> set[str]:
    """Backticked references into the repository's folders (not commands, not bare names)."""
    found = set()
    for quoted in re.findall(r"`([^`\n]+)`", TEXT):
        name = quoted.removeprefix("@").split("(")[0]
        first = re.split(r"[./]", name)[0]
        if " " not in name and first in FOLDERS and re.search(r"[./]", name):
            found.add(quoted)
    return found


def in_the_tree() -> dict[str, str]:
    """Every module the package tree (the first code block) names, with the folder whose entry
    names it: `report/audit.py` as written, `db.py` in storage/'s entry as in storage/."""
    tree = TEXT.split("```")[1]
    found, folder = {}, ""
    for line in tree.splitlines():
        entry = re.match(r"([a-z_]+)/\s", line)
        if entry:
            folder = entry.group(1)
        for name in re.findall(r"\b((?:[a-z_]+/)*[a-z_]+\.py)\b", line):
            found[name if "/" in name else f"{folder}/{name}"] = folder
    return found


def test_architecture_names_only_what_exists() -> None:
    references = backticked()
    assert len(references) > 50  # the check reads the document
    problems = [f"`{ref}`: {why}" for ref in sorted(references) if (why := missing(ref))]
    assert not problems, "ARCHITECTURE.md names what is not there:\n" + "\n".join(problems)


def test_its_package_tree_names_existing_modules() -> None:
    modules = in_the_tree()
    assert len(modules) > 80  # the check reads the tree
    gone = [
        name
        for name, folder in sorted(modules.items())
        if not (ROOT / name).is_file() and not any((ROOT / folder).rglob(Path(name).name))
    ]
    assert not gone, f"ARCHITECTURE.md's tree names modules that are not there: {gone}"


def test_the_check_finds_what_is_not_there() -> None:
    assert missing("conversation/flow.Conversation") is None
    assert missing("storage.db.operation") is None
    assert missing("conversation.screens.Role") == "conversation/screens.py has no Role"
    assert missing("conversation/callbacks.py") == "no conversation/callbacks.py"
    assert missing("report/charts.Block") == "report/charts.py has no Block"

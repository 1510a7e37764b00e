"""A reviewed transcript: what a person did and what they saw after each step, compared with
the file kept in tests/transcripts/. Set UPDATE_TRANSCRIPTS=1 to write the files
anew, then review the difference (git diff) before committing it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATE = re.compile(r"\b\d{2}-\d{2}-\d{4}\b")


@dataclass
class Transcript:
    name: str
    lines: list[str] = field(default_factory=list)

    def step(self, action: str, seen: list[str]) -> None:
        self.lines.append(f"> {action}")
        self.lines += [f"  {line}" if line else "" for text in seen for line in text.split("\n")]

    @property
    def text(self) -> str:
        return DATE.sub("DD-MM-JJJJ", "\n".join(self.lines).rstrip() + "\n")

    def compare(self) -> None:
        path = HERE / f"{self.name}.txt"
        if os.environ.get("UPDATE_TRANSCRIPTS") == "1":
            path.write_text(self.text)
            return
        assert path.exists(), f"no transcript {path.name}: write it with UPDATE_TRANSCRIPTS=1"
        expected = path.read_text()
        assert self.text == expected, f"{path.name} is not what a person sees now:\n{self.text}"

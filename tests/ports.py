"""A free port on 127.0.0.1, for a server a test starts (often in its own process), and
`inspraak run` started in its own process."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import Mapping
from pathlib import Path


def free_port() -> int:
    """A port nothing listens on now; the operating system picks it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def inspraak_run(settings: Mapping[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """`inspraak run` in its own process with `settings` in its environment, its log (stderr)
    read when it ends."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from inspraak.cli import main; raise SystemExit(main(['run']))",
        env={**os.environ, **settings},
        cwd=cwd,
        stderr=asyncio.subprocess.PIPE,
    )

"""Fixtures of the transcript tests: the real bot on the local Bot API server (as tests/bot)
and the real web server over HTTP (as tests/web), both with the shipped questionnaires."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from localbotapi import LocalBotApi
from questionnaires.model import Catalog
from tests.bot.conftest import BotWorld, bot_world
from tests.web.conftest import WebWorld, web_world


@pytest.fixture
async def telegram(tmp_path: Path, catalog: Catalog) -> AsyncIterator[BotWorld]:
    async with LocalBotApi() as api, bot_world(api, tmp_path / "bot.sqlite3", catalog) as world:
        yield world


@pytest.fixture
async def web(tmp_path: Path, catalog: Catalog) -> AsyncIterator[WebWorld]:
    async with web_world(tmp_path, catalog) as world:
        yield world

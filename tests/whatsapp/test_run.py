"""`inspraak run` with only WhatsApp configured: no Telegram token needed; the web server
answers WhatsApp's webhook and a person gets a reply, in a process of its own."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import aiohttp

from localwhatsapp import LocalCloudApi
from tests.ports import free_port
from tests.whatsapp.conftest import APP_SECRET, VERIFY_TOKEN


async def test_run_with_whatsapp_alone(tmp_path: Path) -> None:
    port = free_port()
    async with LocalCloudApi(
        app_secret=APP_SECRET, webhook_url=f"http://127.0.0.1:{port}/whatsapp"
    ) as api:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")},
            "INSPRAAK_DB": str(tmp_path / "run.sqlite3"),
            "INSPRAAK_WEB_PORT": str(port),
            "INSPRAAK_LOG_LEVEL": "ERROR",
            "WHATSAPP_TOKEN": api.token,
            "WHATSAPP_PHONE_NUMBER_ID": api.phone_number_id,
            "WHATSAPP_PHONE_NUMBER": "+" + api.display_number,
            "WHATSAPP_APP_SECRET": APP_SECRET,
            "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
            "WHATSAPP_API_URL": api.base_url,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
        code = "from inspraak.cli import main; raise SystemExit(main(['run']))"
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", code, env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
        )
        try:
            query = {
                "hub.mode": "subscribe",
                "hub.verify_token": VERIFY_TOKEN,
                "hub.challenge": "7",
            }
            answered = ""
            async with aiohttp.ClientSession() as http:
                for _ in range(240):  # starting Python with everything can take a while
                    if process.returncode is not None:
                        break
                    try:
                        url = f"http://127.0.0.1:{port}/whatsapp"
                        async with http.get(url, params=query) as response:
                            answered = await response.text()
                            break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.5)
            assert answered == "7", "the webhook answered Meta's verification"
            [reply] = await api.person("31612345678").send_text("Hallo")
            assert "Je hebt een code nodig" in reply.text
        finally:
            if process.returncode is None:
                process.terminate()
            await process.wait()

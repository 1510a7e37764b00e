"""The coordinator side of the bot: /voortgang, /rapport and /beheer, only for configured ids."""

from __future__ import annotations

from bot.texts import ROLE_NAMES, says, t
from conversation.markup import rich
from conversation.screens import Block, Outcome, Span, joined_spans, notice
from coordination.progress import TOO_FEW_HELP, progress
from questionnaires.model import Lang
from settings import Settings
from storage.console import LOGIN_VALID
from storage.store import Round, Store

CONSOLE_LOGIN_PATH = "/beheer/inloggen/"


class Coordination:
    """The coordinator side of the bot: only for user ids named in the settings."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    async def allowed(self, user_id: int, command: str) -> bool:
        if user_id in self.settings.coordinators:
            return True
        await self.store.audit("telegram", "access_refused", command=command)
        return False

    async def current_round(self) -> Round | None:
        """The latest round: what /voortgang and /rapport are about."""
        rounds = await self.store.list_rounds()
        return rounds[-1] if rounds else None

    async def progress(self, lang: Lang) -> Outcome:
        """/voortgang: per role and location, and which groups are too small for the report."""
        current = await self.current_round()
        if current is None:
            return says("progress_none", lang)
        seen = await progress(self.store, current, self.settings.min_group_size)
        lines: list[Span] = []
        for line in seen.lines:
            rate = f" ({round(line.rate)}%)" if line.rate is not None else ""
            location = seen.location(line) or t("no_location", lang)
            text = t(
                "progress_line",
                lang,
                role=ROLE_NAMES[line.role].get(lang) if line.role in ROLE_NAMES else line.role,
                location=location,
                invited=line.invited if line.invited is not None else t("unlimited", lang),
                started=line.started,
                completed=line.completed,
                rate=rate,
            )
            if seen.small(line):
                text += "\n" + t("progress_too_few", lang, people=seen.people_text(line, lang))
            lines.append(Span(("\n" if lines else "") + text))
        blocks = [
            *rich("progress_head", lang, lookup=t, round=current.name),
            Block(joined_spans(lines)),
        ]
        if seen.too_small:
            blocks.append(Block((Span(TOO_FEW_HELP[lang]),)))
        return Outcome([notice(blocks)])

    async def console_link(self, user_id: int, lang: Lang) -> Outcome:
        """/beheer: a one-time link into the web console, valid for a few minutes."""
        who = f"telegram:{user_id}"
        secret = await self.store.new_console_login(who, LOGIN_VALID)
        await self.store.audit(who, "console_login_link")
        url = self.settings.web_url + CONSOLE_LOGIN_PATH + secret
        minutes = int(LOGIN_VALID.total_seconds() // 60)
        return says("console_link", lang, url=url, minutes=t("n_minutes", lang, n=minutes))

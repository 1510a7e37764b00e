"""What the reflection round shows in the bot: a closed round's results for one pillar, in
short sentences written from the suppressed figures (the same sentences as the report)."""

from __future__ import annotations

from questionnaires.model import ReportPart
from report.section import InputSection
from report.sentences import headline_sentences

# Telegram allows 4096 characters per message; leave room for the question around it.
MAX_LENGTH = 3000


def pillar_results(section: InputSection, pillar_id: str) -> str:
    """Per group a line with its strongest and weakest point and the change since the last
    round, for the pillar `pillar_id`. Groups without figures are named as such."""
    pillar = next((p for p in section.pillars if p.id == pillar_id), None)
    if pillar is None:
        return "Over dit onderdeel hebben we in deze ronde geen vragen gesteld."
    lines = []
    for part in pillar.parts:
        if part.part is not ReportPart.TERUGBLIK:
            continue
        for role in part.roles:
            sentences = headline_sentences(
                role.label, role.questions, section.k, section.previous_round
            )
            if sentences:
                lines.append(f"• {role.label}: " + " ".join(sentences))
    if not lines:
        return "Over dit onderdeel hebben we in deze ronde geen cijfers."
    text = "\n\n".join(lines)
    if len(text) > MAX_LENGTH:
        text = text[: MAX_LENGTH - 40].rsplit(" ", 1)[0] + " … (meer in het verslag)"
    return text

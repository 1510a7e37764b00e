"""What people read is worded well: counts agree with their nouns (Babel's plural rules, in
both languages), English texts are English all through, everybody is addressed with "je",
questionnaire texts fit every channel, and nobody is told "anoniem" where a code is kept."""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot import texts as bot_texts
from conversation import texts
from conversation.flow import Conversation
from coordination.progress import TOO_FEW
from questionnaires.i18n import Plural, listed, ngettext, number, plural_form
from questionnaires.model import Catalog, Text
from report import invite_pack as cards
from report.audit import AuditResult
from report.render import html_environment
from settings import Settings
from storage.identities import Chat
from storage.store import Store
from web import pages
from web import texts as web_texts
from whatsapp import texts as whatsapp_texts

ROOT = Path(__file__).parents[1]
PARTICIPANT_TABLES: dict[str, Mapping[str, Text | Plural]] = {
    "conversation.T": texts.T,
    "conversation.WEB": texts.WEB,
    "conversation.COUNTS": texts.COUNTS,
    "bot.T": bot_texts.T,
    "bot.COMMANDS": bot_texts.COMMANDS,
    "bot.ROLE_NAMES": bot_texts.ROLE_NAMES,
    "web.T": web_texts.T,
    "whatsapp.T": whatsapp_texts.T,
}
# Words that are Dutch and not English. Commands (/verder) are names and are taken out first;
# so are the names the English texts keep on purpose ("Nederlands", the "zorgkantoor").
DUTCH = {
    "de", "het", "een", "en", "je", "jij", "jouw", "niet", "wat", "van", "met", "voor", "zijn",
    "ik", "onze", "uw", "naam", "vragen", "vraag", "antwoord", "antwoorden", "mensen", "dagen",
    "minuten", "niemand", "bewaard", "gewist", "kies", "tik", "typ", "klik", "druk", "klaar",
    "organisatie", "zorgorganisatie", "kwaliteitsmedewerker", "begeleider", "anoniem",
}  # fmt: skip
# Addressing someone with "u": the product says "je" to everyone.
U_FORM = re.compile(r"\b(u|uw|Uw)\b|\bU (bent|kunt|mag|wilt|heeft|logt)\b")
COMMAND = re.compile(r"(?<![\w<])/[a-z]+")
TAG = re.compile(r"<[^>]*>|\{[{%#].*?[}%#]\}", re.S)


def texts_in(thing: object) -> Iterator[Text]:
    """Every `Text` in a questionnaire (titles, intro, questions, help, options...)."""
    if isinstance(thing, Text):
        yield thing
    elif dataclasses.is_dataclass(thing) and not isinstance(thing, type):
        for field in dataclasses.fields(thing):
            yield from texts_in(getattr(thing, field.name))
    elif isinstance(thing, tuple | list):
        for item in thing:
            yield from texts_in(item)
    elif isinstance(thing, dict):
        for item in thing.values():
            yield from texts_in(item)


def english_of(entry: Text | Plural) -> list[str]:
    if isinstance(entry, Plural):
        return [entry.get("en", n) for n in (0, 1, 2)]
    return [entry.get("en")]


def dutch_of(entry: Text | Plural) -> list[str]:
    if isinstance(entry, Plural):
        return [entry.get("nl", n) for n in (0, 1, 2)]
    return [entry.get("nl")]


def dutch_words(english: str) -> set[str]:
    words = re.findall(r"[A-Za-zÀ-ÿ]+", COMMAND.sub(" ", english))
    return {w for w in words if w.lower() in DUTCH and w != "Nederlands"}


# Counts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "lang", "expected"),
    [
        (0, "nl", "0 antwoorden"),
        (1, "nl", "1 antwoord"),
        (2, "nl", "2 antwoorden"),
        (1234, "nl", "1.234 antwoorden"),
        (0, "en", "0 answers"),
        (1, "en", "1 answer"),
        (2, "en", "2 answers"),
        (1234, "en", "1,234 answers"),
    ],
)
def test_ngettext_follows_babels_plural_rule(n: int, lang: str, expected: str) -> None:
    singular, plural = (
        ("{n} antwoord", "{n} antwoorden") if lang == "nl" else ("{n} answer", "{n} answers")
    )
    assert ngettext(singular, plural, n, lang) == expected  # type: ignore[arg-type]
    assert plural_form(n, lang) == ("one" if n == 1 else "other")  # type: ignore[arg-type]
    assert number(n, lang) in expected  # type: ignore[arg-type]


def plurals() -> Iterator[tuple[str, Plural]]:
    for table, entries in PARTICIPANT_TABLES.items():
        for key, entry in entries.items():
            if isinstance(entry, Plural):
                yield f"{table}[{key}]", entry


@pytest.mark.parametrize(
    ("where", "entry"), list(plurals()), ids=lambda v: v if isinstance(v, str) else ""
)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_counted_text_reads_right_for_0_1_and_2(where: str, entry: Plural, lang: str) -> None:
    # nothing else to fill in: every counted text here takes only its number
    zero, one, two = (entry.get(lang, n) for n in (0, 1, 2))  # type: ignore[arg-type]
    assert "0" in zero and "1" in one and "2" in two, where
    assert one != two.replace("2", "1"), f"{where}: 1 and 2 take the same form"
    assert zero.replace("0", "2") == two, f"{where}: 0 and 2 take different forms"
    assert entry.en is not None, f"{where} has no English"


def test_the_counts_people_met_read_right() -> None:
    assert texts.t("erased", "nl", n=1).startswith("Alles is gewist: 1 antwoord en ")
    assert texts.t("erased", "nl", n=3).startswith("Alles is gewist: 3 antwoorden en ")
    assert texts.t("erased", "en", n=1).startswith("Everything is erased: 1 answer and ")
    assert texts.t("n_minutes", "nl", n=1) == "1 minuut"
    assert texts.t("n_days", "en", n=90) == "90 days"
    sheet = pages.environment().from_string(
        '{{ ngettext("antwoordde {n} persoon", "antwoordden {n} mensen", n) }}'
    )
    assert sheet.render(n=1) == "antwoordde 1 persoon"
    assert sheet.render(n=3) == "antwoordden 3 mensen"
    report_env = html_environment().from_string('{{ ngettext("{n} code", "{n} codes", n) }}')
    assert report_env.render(n=1) == "1 code"


def test_no_hand_made_plurals_in_templates() -> None:
    """Counts in templates go through `ngettext`, not `'persoon' if n == 1 else 'mensen'`."""
    for template in (ROOT / "templates").rglob("*.j2"):
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"==\s*1\s+else", source), template
        assert not re.search(r"\w\((s|en)\)", TAG.sub("", source)), template


# English, address, channels, honesty -------------------------------------------------------------


def test_english_texts_are_english(catalog: Catalog) -> None:
    found = {}
    for table, entries in PARTICIPANT_TABLES.items():
        for key, entry in entries.items():
            for english in english_of(entry):
                if words := dutch_words(english):
                    found[f"{table}[{key}]"] = words
    for text in texts_in(catalog):
        if text.en is None:
            found[f"questionnaire text without English: {text.nl[:40]}"] = set()
        elif words := dutch_words(text.en):
            found[text.en[:60]] = words
    if words := dutch_words(TOO_FEW["en"]):
        found["coordination.progress.TOO_FEW"] = words
    assert found == {}


def test_the_settings_defaults_read_in_english() -> None:
    settings = Settings()
    assert texts.configured(settings.privacy_contact, "en") == (
        "the quality officer of your care organisation"
    )
    assert texts.configured(settings.organisation, "en") == "our organisation"
    assert texts.configured(settings.organisation, "nl") == "onze organisatie"
    assert texts.configured("privacy@voorbeeld.nl", "en") == "privacy@voorbeeld.nl"


async def test_an_english_consent_and_help_hold_no_dutch(store: Store, catalog: Catalog) -> None:
    conversation = Conversation(store, catalog, Settings())
    today = date.today()
    round_ = await store.create_round("r", today.year, today, today + timedelta(days=30))
    expires = datetime.now(UTC) + timedelta(days=7)
    [invite] = await store.create_invites(round_.id, "client", 1, expires, max_uses=1)
    consent = (await conversation.start(Chat(1), invite.code, "en")).screens[0].plain
    helped = (await conversation.help(Chat(1), "en")).screens[0].plain
    assert "Contact the quality officer of your care organisation" in consent
    assert "These questions come from our organisation" in consent
    assert dutch_words(TAG.sub("", consent)) == set()
    assert dutch_words(TAG.sub("", helped)) == set()


def dutch_participant_texts(catalog: Catalog) -> Iterator[tuple[str, str]]:
    for table, entries in PARTICIPANT_TABLES.items():
        for key, entry in entries.items():
            for dutch in dutch_of(entry):
                yield f"{table}[{key}]", dutch
    for text in texts_in(catalog):
        yield "questionnaire", text.nl
    for role, card in cards.CARD_TEXTS.items():
        yield f"card {role}", card
    yield "card contribution", cards.CONTRIBUTION_TEXT
    yield "card how to open", cards.HOW_TO_OPEN
    for template in (ROOT / "templates").rglob("*.j2"):
        yield str(template.relative_to(ROOT)), TAG.sub(" ", template.read_text(encoding="utf-8"))


def test_everybody_is_addressed_with_je(catalog: Catalog) -> None:
    found = [
        (where, m.group(0))
        for where, text in dutch_participant_texts(catalog)
        for m in U_FORM.finditer(text)
    ]
    assert found == []


def test_no_anoniem_where_a_code_is_kept(catalog: Catalog) -> None:
    """Answers are kept under a pseudonymous code that "Mijn gegevens" shows: a participant is
    never told they are "anoniem"."""
    found = [
        where
        for where, text in dutch_participant_texts(catalog)
        if "anoniem" in text.lower() and "beheer" not in where  # the console's own wording
    ]
    found += [
        f"{table}[{key}]"
        for table, entries in PARTICIPANT_TABLES.items()
        for key, entry in entries.items()
        for english in english_of(entry)
        if "anonymous" in english.lower()
    ]
    found += [t.en or "" for t in texts_in(catalog) if "anonymous" in (t.en or "").lower()]
    assert found == []


def test_questionnaire_and_web_texts_fit_every_channel(catalog: Catalog) -> None:
    """A questionnaire is shown in Telegram and in a browser alike, and the web's own wording
    is read on phones and laptops: no commands to type, no tapping or clicking."""
    device = re.compile(r"\b(tik|tap|klik|click|druk op|press)\b", re.I)
    found = []
    for text in texts_in(catalog):
        for language in (text.nl, text.en or ""):
            if COMMAND.search(language) or device.search(language):
                found.append(language[:60])
    for key, entry in texts.WEB.items():
        for language in dutch_of(entry) + english_of(entry):
            if COMMAND.search(language) or device.search(language):
                found.append(f"WEB[{key}]")
    assert found == []


def test_lists_join_as_the_language_joins_them() -> None:
    assert listed(["a", "b", "c"]) == "a, b en c"
    assert listed(["a", "b"], style="or") == "a of b"
    assert listed(["a", "b", "c"], "en") == "a, b, and c"
    assert listed(["a"]) == "a"


def test_the_reports_privacy_note_counts_right_in_short_sentences() -> None:
    one_each = AuditResult(
        k=5, small_groups=1, checks=3, primary=1, extra=0, quotes_withheld=1, left_out=1
    )
    assert one_each.note() == (
        "In dit verslag tonen we 1 cijfer niet, omdat het op minder dan 5 mensen rust. "
        "Bij 1 vraag tellen de antwoorden van groepen van minder dan 5 mensen niet mee in de "
        "cijfers. "
        "We laten 1 citaat uit een te kleine groep weg. "
        "Een computer heeft nagerekend dat de getoonde cijfers niets verraden over een groep "
        "van minder dan 5 mensen."
    )
    assert "1 group below k=5 attacked with 3 feasibility checks" in one_each.summary()
    assert "1 figure hidden" in one_each.summary() and "1 quote withheld" in one_each.summary()
    both = AuditResult(
        k=5, small_groups=2, checks=9, primary=66, extra=3, quotes_withheld=0, left_out=0
    )
    assert both.note().startswith(
        "In dit verslag tonen we 66 cijfers niet, omdat ze op minder dan 5 mensen rusten. "
        "Ook tonen we 3 cijfers niet, omdat je er een verborgen cijfer mee zou kunnen "
        "uitrekenen. "
    )
    only_derived = AuditResult(
        k=5, small_groups=2, checks=9, primary=0, extra=2, quotes_withheld=0, left_out=0
    )
    assert only_derived.note().startswith(
        "We tonen 2 cijfers niet, omdat je er een verborgen cijfer mee zou kunnen uitrekenen. "
    )
    # Taalniveau B1: short sentences.
    for result in (one_each, both, only_derived):
        assert max(len(s.split()) for s in result.note().split(". ")) <= 20


# Counts in the product's Python: through ngettext, never `"vraag" if n == 1 else "vragen"` or
# "code(s)". Report sentences are being rewritten on their own branch (issue 19) and switch to
# ngettext there; until that lands these files are read by that branch's own tests.
PRODUCT = ("bot", "conversation", "coordination", "inspraak", "report", "web", "whatsapp")
REWRITTEN_ELSEWHERE = {
    "report/sentences.py",
    "report/blocks.py",
    "report/document.py",
    "report/chapters.py",
    "report/labels.py",
}
LOGGING = {"debug", "info", "warning", "error", "exception", "critical"}


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _is_one(test: ast.expr) -> bool:
    """`n == 1` or `n != 1`."""
    return (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Eq | ast.NotEq)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == 1
    )


def hand_made_plurals(tree: ast.AST) -> Iterator[int]:
    """Lines that pick a word by `n == 1` themselves, or write "(s)"/"(en)" for a count."""
    logged = {
        id(arg)
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in LOGGING
        for arg in call.args
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.IfExp)
            and all(_is_text(w) or isinstance(w, ast.Name) for w in (node.body, node.orelse))
            and _is_one(node.test)
        ):
            yield node.lineno
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in logged
            and re.search(r"[a-z]\((s|en)\)", node.value)
        ):
            yield node.lineno


def test_no_hand_made_plurals_in_the_product() -> None:
    found = []
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            where = str(path.relative_to(ROOT))
            if where in REWRITTEN_ELSEWHERE:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [f"{where}:{line}" for line in hand_made_plurals(tree)]
    assert found == []

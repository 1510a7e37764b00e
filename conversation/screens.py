"""What the conversation shows, as data: the screen model every channel renders.

A `Screen` is channel-neutral. Its text is `Block`s (paragraphs) of `Span`s whose emphasis is
data, never markup; its `choices` have stable ids and plain labels (a choice of a
several-choices question says whether it is ticked); `expect` says what the person can answer
(pick one, tick several, type a text, a number or a date, or nothing); `place` says where in the
path the screen stands, so an edge never reads the text to know it (the path has ended, nothing
is open, the overview, ...).

Edges render screens: `bot/` into Telegram HTML and inline keyboards, `web/pages.py` into a
form, WhatsApp into its messages. An edge answers with `Conversation.choose(who, choice_id,
ticked)` for a picked choice and `Conversation.on_text(who, text, shown)` for typed input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from conversation.choices import Press, PressKind
from questionnaires.model import Lang


class Emphasis(StrEnum):
    PLAIN = "plain"
    STRONG = "strong"  # Telegram <b>, web <b>
    SOFT = "soft"  # Telegram <i>, web <i>: progress, help, an answer as given


@dataclass(frozen=True)
class Span:
    text: str  # plain text; "\n" is a line break
    emphasis: Emphasis = Emphasis.PLAIN


class BlockKind(StrEnum):
    TEXT = "text"
    TITLE = "title"  # the question, or a page's title: a web page's heading
    PROGRESS = "progress"  # "Vraag 3 van 12 · Wonen": above the title on a page


@dataclass(frozen=True)
class Block:
    """A paragraph: spans in order."""

    spans: tuple[Span, ...]
    kind: BlockKind = BlockKind.TEXT

    @property
    def plain(self) -> str:
        return "".join(span.text for span in self.spans)


def paragraph(
    value: str, emphasis: Emphasis = Emphasis.PLAIN, kind: BlockKind = BlockKind.TEXT
) -> Block:
    """A paragraph of one span."""
    return Block((Span(value, emphasis),), kind)


def heading(value: str) -> Block:
    """A title: the question, or what a page is about."""
    return paragraph(value, Emphasis.STRONG, BlockKind.TITLE)


def joined_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Spans with neighbours of the same emphasis made one, empty ones left out."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and merged[-1].emphasis is span.emphasis:
            merged[-1] = Span(merged[-1].text + span.text, span.emphasis)
        else:
            merged.append(span)
    return tuple(merged)


class ChoiceRole(StrEnum):
    """What a choice is, for an edge that lays out a form (a chat shows them all alike)."""

    OPTION = "option"  # an answer option (ticked or not, with Expect.CHOICES)
    PROCEED = "proceed"  # the way on: next, done, send, yes to consent
    NAVIGATE = "navigate"  # back, skip, change something
    DECLINE = "decline"  # no thanks, keep it
    DANGER = "danger"  # erase everything


@dataclass(frozen=True)
class Choice:
    label: str  # plain text, without any tick mark
    press: Press
    role: ChoiceRole = ChoiceRole.OPTION
    selected: bool | None = None  # ticked or not: only for an option of several choices

    @property
    def id(self) -> str:
        """Stable and opaque: the channel sends it back when the person picks this choice."""
        return self.press.id

    @property
    def kind(self) -> PressKind:
        return self.press.kind


class Expect(StrEnum):
    """What the person can answer on a screen besides its choices."""

    NONE = "none"
    CHOICE = "choice"  # pick one option
    CHOICES = "choices"  # tick several options, then the PROCEED choice
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"


class Place(StrEnum):
    """Where in the path a screen stands."""

    NOTICE = "notice"  # a message: a greeting, a refusal, help, my data...
    CONSENT = "consent"
    QUESTION = "question"  # a question or an info screen of the questionnaire
    REVIEW = "review"  # the overview before sending
    CHANGE = "change"  # which answer to change
    ENDED = "ended"  # handed in: the path has ended (the thank-you)
    NOTHING_OPEN = "nothing_open"  # no questionnaire open: an invite is needed
    CONFIRM = "confirm"  # a yes/no about the person's rights (erase)


@dataclass(frozen=True)
class Progress:
    number: int
    total: int
    section: str


@dataclass(frozen=True)
class ReviewItem:
    """One answer on the overview before sending: the question, the answer as shown, and the
    choice that goes back to change it (what the change menu offers for that question)."""

    number: int
    question: str  # plain text, not shortened
    answer: str  # plain text; 'Overgeslagen' for a skipped question
    skipped: bool
    change: Choice


@dataclass(frozen=True)
class Review:
    """The overview laid out for a page: text before the answers, the answers, text after
    (a chat shows the screen's blocks, which hold all three)."""

    intro: tuple[Block, ...]
    items: tuple[ReviewItem, ...]
    outro: tuple[Block, ...]


@dataclass
class Screen:
    blocks: list[Block]
    choices: list[list[Choice]] = field(default_factory=list)  # rows, as a chat lays them out
    expect: Expect = Expect.NONE
    place: Place = Place.NOTICE
    progress: Progress | None = None
    max_length: int | None = None  # of a typed text
    review: Review | None = None  # the overview's answers, for an edge that lists them
    key: str | None = None  # a question's screen: stable for that question (an address, say)

    @property
    def ended(self) -> bool:
        """The path has ended: the answers are handed in."""
        return self.place is Place.ENDED

    @property
    def flat_choices(self) -> list[Choice]:
        return [choice for row in self.choices for choice in row]

    @property
    def title(self) -> str | None:
        return next((b.plain for b in self.blocks if b.kind is BlockKind.TITLE), None)

    @property
    def plain(self) -> str:
        """All text without emphasis, paragraphs apart: for logs, tests and speech."""
        return "\n\n".join(block.plain for block in self.blocks)

    @property
    def leads_on(self) -> bool:
        """The person can answer it: it has choices or asks for typed input."""
        return bool(self.choices) or self.expect is not Expect.NONE


def notice(blocks: Iterable[Block], place: Place = Place.NOTICE) -> Screen:
    return Screen(list(blocks), place=place)


@dataclass
class Outcome:
    """What to show after an action: an edit of the pressed message and new messages."""

    screens: list[Screen] = field(default_factory=list)
    edit: Screen | None = None
    toast: str | None = None  # short acknowledgement of a pressed choice (plain text)
    alert: bool = False  # the action was refused and nothing changed; `toast` says why
    drop_keyboard: bool = False  # a stale message: take its choices away
    # A short line confirming what was just stored ("✓ Your answer: Agree"), for an edge that
    # shows the next screen in place of the answered one.
    note: Block | None = None
    language: Lang | None = None  # the person chose this language (the edge remembers it)
    erased: bool = False  # the person's data was erased (the web starts a new session)


def ticked_ids(choices: Sequence[Choice]) -> list[str]:
    """The ids of the ticked options among `choices`."""
    return [choice.id for choice in choices if choice.selected]

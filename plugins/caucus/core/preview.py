"""Which languages a ``mkdocs serve`` rebuild builds.

Building every language after each save makes a contributor wait for pages they are
not looking at. While serving, a rebuild builds the site's default language, the
languages asked for (``serve_languages``), and every language whose files were edited
since serving began (an edit to ``x.es.md`` brings Spanish in, and it stays in). A
plain ``mkdocs build`` always builds every language. Pure: the plugin hands in the
docs folder's fingerprints and the language of each file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

EVERY = "all"
EDITED = "edited"


class ChoiceError(ValueError):
    pass


def parse_choice(value: str, languages: Iterable[str]) -> frozenset[str] | None:
    """``edited`` -> no language beyond the default and the edited ones; ``all`` ->
    None (every language); ``es,ar`` -> those (and the edited ones)."""
    known = list(languages)
    words = [w.strip() for w in str(value).replace(" ", ",").split(",") if w.strip()]
    if not words or words == [EDITED]:
        return frozenset()
    if words == [EVERY]:
        return None
    unknown = [w for w in words if w not in known and w != EDITED]
    if unknown:
        raise ChoiceError(
            f"serve_languages: unknown language {', '.join(repr(w) for w in unknown)}; "
            f"write '{EDITED}' (the default), '{EVERY}', or codes from: {', '.join(known)}"
        )
    return frozenset(w for w in words if w != EDITED)


def fingerprints(docs_dir: Path) -> dict[str, str]:
    """Every file under docs/ (docs-relative path) -> a hash of its bytes."""
    found = {}
    for path in sorted(docs_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            try:
                found[path.relative_to(docs_dir).as_posix()] = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
            except OSError:
                continue  # unreadable: the checker reports it
    return found


@dataclass
class PreviewLanguages:
    default: str
    languages: tuple[str, ...]
    requested: frozenset[str] | None = frozenset()  # None: every language
    edited: set[str] = field(default_factory=set)
    _seen: dict[str, str] | None = None

    def note_files(self, current: dict[str, str], language_of: Callable[[str], str]) -> set[str]:
        """Compare with the files of the last build; returns the languages edited now."""
        now: set[str] = set()
        if self._seen is not None:
            changed = {path for path in current.keys() | self._seen.keys() if current.get(path) != self._seen.get(path)}
            now = {language_of(path) for path in changed} & set(self.languages)
            self.edited |= now
        self._seen = current
        return now

    def to_build(self) -> list[str]:
        if self.requested is None:
            return list(self.languages)
        return [lang for lang in self.languages if lang == self.default or lang in self.requested or lang in self.edited]

    def summary(self) -> str | None:
        """The log line for a partial preview (None when every language is built)."""
        built = self.to_build()
        left = [lang for lang in self.languages if lang not in built]
        if not left:
            return None
        why = [f"{self.default} (the default)"]
        why += [f"{lang} (asked for)" for lang in built if self.requested and lang in self.requested and lang != self.default]
        why += [f"{lang} (edited)" for lang in built if lang in self.edited and lang != self.default and not (self.requested and lang in self.requested)]
        return (
            f"previewing {', '.join(why)}; not built while serving: {', '.join(left)} "
            f"(a language joins once you edit one of its files; to preview every language: "
            f"make serve-all, or CAUCUS_SERVE_LANGUAGES=all mkdocs serve)"
        )

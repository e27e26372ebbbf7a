"""Gettext catalogs for the labels our code shows. The ``.po`` files in
``translations/`` are compiled in memory with Babel when first needed, so a
fresh clone needs no separate compile step and never serves a stale ``.mo``."""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "caucus"
# Names of our languages in themselves, as mkdocs.yml gives them; for a code Babel does
# not know (see language_name).
LANGUAGE_NAMES = {"en": "English", "es": "Español", "ar": "العربية", "vi": "Tiếng Việt"}


@lru_cache(maxsize=64)
def text_direction(lang: str) -> str:
    """'rtl' or 'ltr', from the Unicode CLDR data that Babel carries."""
    try:
        return "rtl" if Locale.parse(lang.replace("-", "_")).character_order == "right-to-left" else "ltr"
    except (ValueError, TypeError, UnknownLocaleError):
        return "ltr"


def language_name(lang: str, in_lang: str | None = None) -> str:
    """A language's name, in ``in_lang`` (default: in itself), from Babel."""
    try:
        name = Locale.parse(lang).get_display_name(in_lang or lang)
    except (ValueError, TypeError, UnknownLocaleError):
        name = None
    return name or LANGUAGE_NAMES.get(lang, lang)


def catalog_path(translations_dir: Path, lang: str) -> Path:
    return translations_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=32)
def _compiled(po_path: str, mtime_ns: int) -> Translations:
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    # Fuzzy entries are guesses; a test fails on them, and they are never shown.
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def translations_for(translations_dir: Path | None, lang: str) -> gettext.NullTranslations:
    if translations_dir is None:
        return gettext.NullTranslations()
    path = catalog_path(Path(translations_dir), lang)
    if not path.is_file():
        return gettext.NullTranslations()
    return _compiled(str(path), path.stat().st_mtime_ns)

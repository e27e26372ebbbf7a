"""Where a page's "Edit this page" button leads, and where a lesson's "Help
translate it" link leads.

A page shown in the reader's language edits its own source file (``lesson.es.md``
on the Spanish site). A page that falls back to English because it has no
translation yet would otherwise edit the English file, which is not what a
translator wants: it leads instead to GitHub's "new file" page for the missing
translation, with its front matter filled in as ``caucus new translation`` writes it.
Pure functions: the lessons plugin passes in what MkDocs knows.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote

from .project import LESSONS_DIR, Lesson, Project, split_language

_GITHUB = re.compile(r"^https://github\.com/(?P<owner>[A-Za-z0-9_.-]+)/(?P<name>[A-Za-z0-9_.-]+?)(?:\.git)?/*$")
_EDIT_URI = re.compile(r"^/?(?:edit|blob)/(?P<branch>[^/?#]+)/(?P<docs>(?:[^/?#]+/)*)$")
GUIDES_DIR = "guides"


@dataclass(frozen=True)
class Repository:
    """A GitHub repository, its branch, and its docs folder (``docs/``)."""

    url: str  # https://github.com/owner/name
    branch: str
    docs: str  # the docs folder inside the repository, ending in '/', or ''

    def edit_url(self, src_uri: str) -> str:
        return f"{self.url}/edit/{self.branch}/{self.docs}{src_uri}"

    def new_file_url(self, src_uri: str, value: str | None = None) -> str:
        folder, name = posixpath.split(self.docs + src_uri)
        url = f"{self.url}/new/{self.branch}" + (f"/{folder}" if folder else "") + f"?filename={quote(name, safe='')}"
        return url + (f"&value={quote(value, safe='')}" if value else "")


def github_repository(repo_url: str | None, edit_uri: str | None) -> Repository | None:
    """The repository behind mkdocs.yml's ``repo_url`` and ``edit_uri``
    (``edit/main/docs/``), or None when it is not on GitHub or has no edit links."""
    repo = _GITHUB.match(repo_url or "")
    edit = _EDIT_URI.match(edit_uri or "")
    if repo is None or edit is None:
        return None
    return Repository(f"https://github.com/{repo['owner']}/{repo['name']}", edit["branch"], edit["docs"])


def localized_src(src_uri: str, lang: str, default_lang: str) -> str:
    """``lessons/x.md`` as its file in ``lang``: ``lessons/x.es.md`` (unchanged in the default language)."""
    if lang == default_lang:
        return src_uri
    stem, ext = posixpath.splitext(src_uri)
    return f"{stem}.{lang}{ext}"


@dataclass(frozen=True)
class EditTarget:
    """The default-language source a page is made from, and its lesson if it is one."""

    src_uri: str  # e.g. 'lessons/x.md', 'index.md'
    lesson: Lesson | None
    translated: bool  # the page shows that source in the language being built


def edit_target(project: Project, src_uri: str, generated: bool, shown_lang: str | None, lang: str) -> EditTarget | None:
    """What a page's edit button should open. ``shown_lang`` is the language of the
    file the page shows (``page.file.locale``); it differs from ``lang`` on a
    fallback page. A facilitator guide edits its lesson; other generated pages
    (catalog, status, ...) have no source and get None."""
    parts = src_uri.split("/")
    if parts[0] in project.languages and len(parts) > 1:
        parts = parts[1:]  # a generated page named with its language folder ('es/guides/x.md')
    folder, name = "/".join(parts[:-1]), parts[-1]
    stem, _suffix, _unknown = split_language(name, project.languages)
    original = posixpath.join(folder, stem + ".md")
    if generated:
        # A guide edits its lesson; a setting variant's page and guide, the file it is written in.
        lesson = project.lessons.get(stem) if folder in (GUIDES_DIR, LESSONS_DIR) else None
        if lesson is None:
            return None
        lesson = project.lessons.get(lesson.variant_of or lesson.slug, lesson)
        translated = lang == project.default_lang or lang in lesson.translations
        return EditTarget(posixpath.join(LESSONS_DIR, lesson.slug + ".md"), lesson, translated)
    lesson = project.lessons.get(stem) if folder == LESSONS_DIR else None
    return EditTarget(original, lesson, (shown_lang or lang) == lang)


def start_translation_url(repo: Repository | None, target: EditTarget, lang: str, default_lang: str, head: str | None) -> str | None:
    """GitHub's "new file" page for the missing translation of ``target`` in ``lang``,
    prefilled with ``head`` (a lesson's translation front matter). None when there is
    nothing to start: no repository, the default language, or a translation that exists."""
    if repo is None or lang == default_lang or target.translated:
        return None
    return repo.new_file_url(localized_src(target.src_uri, lang, default_lang), head)


def edit_url(repo: Repository | None, target: EditTarget | None, lang: str, default_lang: str, head: str | None = None) -> str | None:
    """The URL behind the page's edit button: edit the file in the reader's language,
    or start it when it does not exist yet. None: no button."""
    if repo is None or target is None:
        return None
    if target.translated or lang == default_lang:
        return repo.edit_url(localized_src(target.src_uri, lang, default_lang))
    return start_translation_url(repo, target, lang, default_lang, head)


def absolute_url(site_url: str | None, path: str, anchor: str = "") -> str | None:
    """``path`` (relative to the site's root) on the published site, or None without a site_url."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + path.lstrip("/") + (f"#{anchor}" if anchor else "")


def translation_notes(repo: Repository | None, lesson_src: str, guide_url: str | None) -> list[str]:
    """The comments at the top of a translation started on GitHub: what to do next.
    (YAML comments: the checker and the build ignore them; the translator may delete them.)"""
    notes = ["Translate the text in quotes below. Keep the field names and the 'translation:' lines."]
    if repo is not None:
        notes += [
            "Then, under the last '---' line, paste the lesson itself: everything after the",
            f"second '---' line of {repo.url}/raw/{repo.branch}/{repo.docs}{lesson_src}",
            "and translate it. Keep the '///' lines and the option names (minutes, format, materials).",
        ]
    if guide_url:
        notes.append(f"Step by step: {guide_url}")
    return notes

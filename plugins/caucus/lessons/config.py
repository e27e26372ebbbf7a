from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class LessonsConfig(Config):
    enabled = c.Type(bool, default=True)
    # Folder of the gettext catalogs, relative to mkdocs.yml.
    translations_dir = c.Type(str, default="translations")
    # Folder of the source note, its map to the lessons and its translations (relative
    # to mkdocs.yml; core/source_note.py). Without it the site has no source page.
    curriculum_dir = c.Type(str, default="curriculum")
    # The contributor guide (docs-relative), linked from translation notices.
    contributing_page = c.Type(str, default="contributing.md")
    # Link each lesson's handouts (the caucus-handouts plugin writes them).
    link_handouts = c.Type(bool, default=True)
    # false: build even when the checker finds problems (they are logged, not fatal).
    # For testing what the build itself lets through; the sanitizer still runs.
    check = c.Type(bool, default=True)
    # While `mkdocs serve` runs: which languages each rebuild builds besides the default
    # and the ones edited ("edited"), "all", or codes such as "es,ar".
    serve_languages = c.Type(str, default="edited")
    # The site's own stylesheets (site-relative, from the theme's custom_dir), after the
    # theme's: with it, cut to what the pages use into one file (core/stylesheet.py).
    stylesheets = c.ListOfItems(c.Type(str), default=["assets/caucus.css"])

"""The Jinja2 environment of our templates (``caucus/templates/``): autoescaping on, the
i18n extension loaded (Babel extracts ``_()`` from the templates), and a few filters.
A site can replace any template by putting one of the same name under
``overrides/caucus/`` (the folder is handed in by the caller)."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import markup
from .i18n import text_direction

_qr_folder: dict[str, Path | None] = {"folder": None}


def keep_qr_codes(folder: Path | None) -> None:
    """Keep each QR code's SVG in ``folder`` (the handout cache), by a hash of its address
    and segno's version: encoding one takes about 15 ms, and every build makes the same."""
    _qr_folder["folder"] = folder


@lru_cache(maxsize=4096)  # the same address on every rebuild while serving
def _qr_svg(url: str, title: str | None = None) -> Markup:
    """``title``: the code's alternative text (a tagged PDF gives it to screen readers);
    the address itself when missing."""
    import segno  # only handouts need it

    title = title or url
    folder = _qr_folder["folder"]
    name = f"{segno.__version__} {url}" if title == url else f"{segno.__version__} {url} {title}"
    kept = folder / f"{hashlib.blake2b(name.encode(), digest_size=16).hexdigest()}.svg" if folder else None
    if kept is not None and kept.is_file():
        return Markup(kept.read_text(encoding="utf-8"))  # written below, by this function
    # segno's own SVG markup, with the title escaped: trusted.
    svg = segno.make(url, error="m", micro=False).svg_inline(scale=3, dark="#000", light="#fff", omitsize=True, title=title)
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(kept.name + f".{os.getpid()}.part")
        partial.write_text(svg, encoding="utf-8")
        os.replace(partial, kept)
    return Markup(svg)


def _short_url(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


@lru_cache(maxsize=8)
def environment(override_dir: str | None = None) -> Environment:
    loaders: list[Any] = [PackageLoader("caucus", "templates")]
    if override_dir:
        loaders.insert(0, FileSystemLoader(override_dir))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2", "md.j2"), default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        # Markdown is whitespace: a template's text is output exactly as written,
        # but for the line that holds only a {% tag %}.
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        direction=text_direction,
        qr_svg=_qr_svg,
        short_url=_short_url,
        md=markup.md_text,
        gh=markup.comment_text,
        code=markup.code_span,
        in_language=markup.in_language,
        bullets=markup.bullets,
        facts=markup.facts,
    )
    return env


_overrides: dict[str, str | None] = {"folder": None}


def use_overrides(folder: str | None) -> None:
    """Templates in ``folder`` (the theme's ``overrides/caucus/``) replace ours of the same name."""
    _overrides["folder"] = folder if folder and Path(folder).is_dir() else None


def render(name: str, override_dir: str | None = None, **context: Any) -> Markup:
    """The template ``name`` rendered with ``context``; the result is markup. Labels come
    from ``_`` in the context (a gettext function returning plain text, escaped like
    any other value: a translation is untrusted input too)."""
    return Markup(environment(override_dir or _overrides["folder"]).get_template(name).render(**context))

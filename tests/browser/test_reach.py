"""A member of a co-op, from the Spanish home page, reaches ten lessons for co-ops in two
clicks (the kind of organization's catalog page, then a lesson), with and without
JavaScript: the lessons written for co-ops and the co-op variants of the others."""

from __future__ import annotations

import re

import pytest

from caucus.core.project import load_project
from conftest import ROOT

WANTED = 10


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_coop_member_reaches_ten_coop_lessons_in_two_clicks_from_the_spanish_home(real_site, open_context, javascript):
    project = load_project(ROOT / "docs", "en", ["en"], ROOT)
    for_coops = {slug for slug, lesson in project.lessons.items() if "coop" in lesson.settings}
    page = open_context(java_script_enabled=javascript, viewport={"width": 360, "height": 740}).new_page()
    page.goto(real_site.url("es/"))
    page.get_by_role("link", name="Cooperativas", exact=True).first.click()  # the first click
    page.wait_for_url("**/es/catalog/settings/coop/")
    page.locator(".caucus-card a").first.wait_for()  # with JavaScript, Material may swap the page in after the address changes
    hrefs = page.eval_on_selector_all(".caucus-card a", "links => links.map(a => a.href)")
    reached = {m.group(1) for href in hrefs if (m := re.search(r"/es/lessons/([a-z0-9-]+)/$", href))}
    assert len(reached) >= WANTED and reached == for_coops, sorted(reached ^ for_coops)
    page.goto(next(h for h in hrefs if "--coop/" in h))  # the second click, to a co-op variant
    assert page.locator("p.caucus-versions strong[aria-current='page']").inner_text() == "Cooperativas"

"""The projector view in Chromium: keys, taps and swipes move between parts; the countdown
starts, pauses and resets (on Playwright's fake clock, so no test waits for it); "we
started late" recomputes the remaining agenda; without JavaScript it is a plain page of
every part; Arabic is mirrored; no request leaves the page; it fits a phone and a wall."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from .checks import sideways_problems, visit

pytestmark = pytest.mark.browser

ENGLISH = "projector/listening.html"  # checkin 10, discussion 30, activity 15, closing 5 minutes
ARABIC = "ar/projector/mapping.html"  # translated: reading 20, discussion 40
PARTS = ["welcome-1", "checkin-1", "discussion-1", "activity-1", "closing-1"]
WALL = {"viewport": {"width": 1280, "height": 720}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
SIX_PM = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def shown(page) -> list[str]:
    """The ids of the parts a reader sees."""
    return page.evaluate("() => [...document.querySelectorAll('[data-slide]')].filter((s) => s.checkVisibility()).map((s) => s.id)")


def open_page(open_context, site, path, clock: datetime | None = None, **options):
    context = open_context(timezone_id="UTC", **{**WALL, **options})
    page = context.new_page()
    if clock is not None:
        page.clock.install(time=clock)
    page.goto(site.url(path))
    return page


def timer(page) -> str:
    return page.locator("[data-time]").inner_text()


def test_keys_move_between_parts(tiny_site, open_context):
    page = open_page(open_context, tiny_site, ENGLISH)
    assert shown(page) == ["welcome-1"]
    assert page.locator("[data-count]").inner_text() == "Part 1 of 5"
    page.keyboard.press("ArrowLeft")  # nothing before the first part
    assert shown(page) == ["welcome-1"]
    page.keyboard.press("ArrowRight")
    assert shown(page) == ["checkin-1"] and page.url.endswith("#checkin-1")
    assert page.locator("[data-count]").inner_text() == "Part 2 of 5"
    page.keyboard.press("PageDown")
    assert shown(page) == ["discussion-1"]
    page.keyboard.press("End")
    assert shown(page) == ["closing-1"] and page.locator('[data-action="next"]').is_disabled()
    page.keyboard.press("ArrowUp")
    assert shown(page) == ["activity-1"]
    page.keyboard.press("Home")
    assert shown(page) == ["welcome-1"] and page.locator('[data-action="previous"]').is_disabled()


def test_a_link_to_a_part_opens_on_it(tiny_site, open_context):
    page = open_page(open_context, tiny_site, ENGLISH + "#activity-1")
    assert shown(page) == ["activity-1"]


def test_keys_follow_the_direction_of_arabic(tiny_site, open_context):
    page = open_page(open_context, tiny_site, ARABIC)
    assert shown(page) == ["reading-1"]
    page.keyboard.press("ArrowLeft")  # forward, in a right-to-left language
    assert shown(page) == ["discussion-1"]
    page.keyboard.press("ArrowRight")
    assert shown(page) == ["reading-1"]


def swipe(page, start_x: float, end_x: float, y: float = 400, end_y: float | None = None) -> None:
    """A finger across the screen, as Chromium's touch input (not a mouse)."""
    cdp = page.context.new_cdp_session(page)
    steps = 6
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": start_x, "y": y}]})
    for step in range(1, steps + 1):
        x = start_x + (end_x - start_x) * step / steps
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y + ((end_y or y) - y) * step / steps}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(50)


def test_taps_and_swipes_move_between_parts_on_a_phone(tiny_site, open_context):
    page = open_page(open_context, tiny_site, ENGLISH, **PHONE)
    page.locator('[data-action="next"]').tap()
    assert shown(page) == ["checkin-1"]
    swipe(page, 320, 60)  # right to left: on
    assert shown(page) == ["discussion-1"]
    swipe(page, 60, 320)  # left to right: back
    assert shown(page) == ["checkin-1"]
    swipe(page, 200, 220, y=300, end_y=600)  # mostly down: a scroll, not a swipe
    assert shown(page) == ["checkin-1"]
    page.locator('[data-action="previous"]').tap()
    assert shown(page) == ["welcome-1"]


def test_swipes_follow_the_direction_of_arabic(tiny_site, open_context):
    page = open_page(open_context, tiny_site, ARABIC, **PHONE)
    swipe(page, 60, 320)  # left to right: on, in Arabic
    assert shown(page) == ["discussion-1"]


def test_the_countdown_starts_pauses_and_resets(tiny_site, open_context):
    page = open_page(open_context, tiny_site, ENGLISH, clock=SIX_PM)
    toggle = page.locator('[data-action="toggle"]')
    assert timer(page) == "5:00" and toggle.inner_text() == "Start"  # the welcome's 5 minutes
    toggle.click()
    assert toggle.inner_text() == "Pause"
    page.clock.run_for(61_000)
    assert timer(page) == "3:59"
    toggle.click()  # pause
    page.clock.run_for(120_000)
    assert timer(page) == "3:59" and toggle.inner_text() == "Start"
    page.keyboard.press(" ")  # Space: on again (the clicked button kept no focus)
    page.clock.run_for(1_000)
    assert timer(page) == "3:58"
    page.keyboard.press("r")
    assert timer(page) == "5:00" and toggle.inner_text() == "Start"
    page.keyboard.press(" ")
    page.clock.run_for(5 * 60_000 + 5_000)
    assert timer(page) == "+0:05" and page.locator("[data-timer-state]").inner_text() == "Time is up"
    assert page.locator("[data-projector]").get_attribute("data-over") is not None
    page.keyboard.press("ArrowRight")  # each part has its own countdown
    assert timer(page) == "10:00" and page.locator("[data-timer-state]").inner_text() == ""
    page.locator('[data-action="reset"]').click()
    assert timer(page) == "10:00"


def agenda_rows(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('[data-late] li')].filter((li) => li.checkVisibility())"
        ".map((li) => li.querySelector('[data-clock]').textContent + ' ' + li.querySelector('.agenda__name').textContent)"
    )


def test_we_started_late_recomputes_the_remaining_agenda(tiny_site, open_context):
    page = open_page(open_context, tiny_site, ENGLISH, clock=SIX_PM)
    page.clock.run_for(5 * 60_000)
    page.keyboard.press(" ")  # the welcome starts at 18:05
    page.clock.run_for(12 * 60_000)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # the discussion, planned at 0:15
    page.locator('[data-action="late"]').click()
    panel = page.locator("[data-late]")
    assert panel.is_visible() and page.locator("#agenda-title").inner_text() == "We started late"
    assert page.locator("[data-real]").input_value() == "18:05"  # when the first timer started
    assert agenda_rows(page) == ["18:20 Discussion: Your shift", "18:50 Activity: A map", "19:05 Closing round"]
    page.locator("[data-planned]").fill("18:00")
    page.locator("[data-real]").fill("18:12")
    assert agenda_rows(page) == ["18:27 Discussion: Your shift", "18:57 Activity: A map", "19:12 Closing round"]
    assert page.locator("[data-summary]").inner_text() == "The session now ends at 19:17. That is 12 min after the planned end, 19:05."
    page.locator("[data-real]").press("Escape")
    assert not panel.is_visible()
    page.keyboard.press("ArrowRight")  # the activity: the remaining agenda follows the part shown
    page.locator('[data-action="late"]').click()
    assert agenda_rows(page) == ["18:57 Activity: A map", "19:12 Closing round"]


def test_we_started_late_in_arabic(tiny_site, open_context):
    page = open_page(open_context, tiny_site, ARABIC, clock=SIX_PM)
    page.locator('[data-action="late"]').click()
    page.locator("[data-planned]").fill("18:00")
    page.locator("[data-real]").fill("18:10")
    assert page.locator("[data-summary]").inner_text() == "تنتهي الجلسة الآن عند 19:10. أي بعد 10 دقيقة من موعد الانتهاء المقرَّر، 19:00."
    assert agenda_rows(page) == ["18:10 قراءة: Why maps?", "18:30 نقاش: ماذا نرى؟"]


def test_without_javascript_it_is_a_plain_page_of_every_part(tiny_site, open_context):
    page = open_page(open_context, tiny_site, ENGLISH, java_script_enabled=False)
    assert shown(page) == PARTS
    assert not page.locator("[data-controls]").is_visible() and not page.locator(".agenda__form").is_visible()
    assert page.locator("[data-late]").is_visible() and page.locator("#agenda-title").inner_text() == "Agenda"
    assert [row.split(" ", 1)[0] for row in agenda_rows(page)] == ["0:00", "0:05", "0:15", "0:45", "1:00"]
    assert page.locator(".bar__guide").is_visible()
    assert page.evaluate("() => document.documentElement.className") == ""
    assert sideways_problems(page, 1280) == []


def test_arabic_is_mirrored(tiny_site, open_context):
    page = open_page(open_context, tiny_site, ARABIC)
    assert page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    title = page.locator("#reading-1-title").bounding_box()
    assert title["x"] + title["width"] > 1280 - 80, title  # starts at the right
    boxes = {name: page.locator(f'[data-action="{name}"]').bounding_box() for name in ("previous", "next")}
    assert boxes["next"]["x"] < boxes["previous"]["x"], boxes  # "next" is towards the left
    time_box = page.locator("[data-time]").bounding_box()
    assert time_box["x"] > boxes["previous"]["x"], "the timer starts the bar on the right"
    assert page.locator('[data-action="toggle"]').inner_text() == "ابدأ"


@pytest.mark.parametrize("path", [ENGLISH, ARABIC])
def test_no_request_leaves_the_page_and_nothing_is_stored(tiny_site, open_context, path):
    context = open_context(**WALL)
    seen = visit(context, tiny_site.url(path))
    page = seen.page
    before = len(seen.requests)
    context.on("request", lambda request: seen.requests.append(request.url))
    page.keyboard.press(" ")
    page.keyboard.press("End")
    page.locator('[data-action="late"]').click()
    page.locator("[data-planned]").fill("18:00")
    page.wait_for_timeout(300)
    assert seen.requests == [tiny_site.url(path)], seen.requests  # the page itself, and nothing else
    assert before == 1
    assert page.evaluate("() => [document.cookie, localStorage.length, sessionStorage.length]") == ["", 0, 0]
    scripts = page.evaluate("() => [...document.scripts].map((s) => [s.src, new TextEncoder().encode(s.textContent).length])")
    assert len(scripts) == 1 and scripts[0][0] == "" and 0 < scripts[0][1] <= 30 * 1024, scripts


def test_a_request_from_the_page_is_caught(tiny_site, open_context):
    """The request check, on a copy of the page that loads an image from the site."""
    with tiny_site.broken(ENGLISH, lambda html: html.replace("</main>", '<img src="../assets/none.png" alt=""></main>', 1)) as url:
        seen = visit(open_context(**WALL), url)
    assert len(seen.requests) == 2 and seen.requests[1].endswith("/assets/none.png"), seen.requests


@pytest.mark.parametrize("options", [WALL, PHONE], ids=["wall-1280", "phone-390"])
@pytest.mark.parametrize("path", [ENGLISH, ARABIC])
def test_it_fits_a_wall_and_a_phone(tiny_site, open_context, options, path):
    page = open_page(open_context, tiny_site, path, **options)
    width, height = options["viewport"]["width"], options["viewport"]["height"]
    problems = sideways_problems(page, width)
    for _ in range(4):
        facts = page.evaluate(
            """() => { const slide = [...document.querySelectorAll('[data-slide]')].find((s) => s.checkVisibility());
              const bar = document.querySelector('[data-controls]').getBoundingClientRect();
              const buttons = [...document.querySelectorAll('.button')].filter((b) => b.checkVisibility())
                .map((b) => { const r = b.getBoundingClientRect(); return [b.textContent.trim(), r.width, r.height]; });
              return {id: slide.id, overflow: slide.scrollHeight - slide.clientHeight, barBottom: bar.bottom, buttons,
                      text: parseFloat(getComputedStyle(slide.querySelector('.slide__body')).fontSize)}; }"""
        )
        if facts["overflow"] > 1:
            problems.append(f"{facts['id']} does not fit: {facts['overflow']} px more than the screen")
        if facts["barBottom"] > height + 1:
            problems.append(f"the controls end at {facts['barBottom']} px, below the screen")
        problems += [f"{name!r} is {w:.0f}x{h:.0f} px" for name, w, h in facts["buttons"] if w < 44 or h < 44]
        if facts["text"] < (20 if width < 500 else 28):
            problems.append(f"{facts['id']}: text of {facts['text']} px is small for a {width} px screen")
        page.keyboard.press("ArrowLeft" if path == ARABIC else "ArrowRight")
    assert problems == [], problems


LONG_QUESTIONS = "".join(
    f"<li>Question {n}: think of a time when the people on your shift had to decide something together, and say who spoke first.</li>" for n in range(6)
)


def test_a_long_part_shrinks_to_fit_the_wall(tiny_site, open_context):
    """A round of eight questions, six of them long: the text shrinks until the part fits the screen,
    and stays large enough to read across a room."""
    longer = lambda html: html.replace("<li>Who do you never meet?</li>", "<li>Who do you never meet?</li>" + LONG_QUESTIONS, 1)  # noqa: E731
    with tiny_site.broken(ENGLISH, longer) as url:
        page = open_context(**WALL).new_page()
        page.goto(url + "#discussion-1")
        facts = page.evaluate(
            """() => { const slide = document.getElementById('discussion-1');
              return [slide.scrollHeight - slide.clientHeight, parseFloat(getComputedStyle(slide.querySelector('li')).fontSize)]; }"""
        )
    overflow, size = facts
    assert overflow <= 1 and size >= 16, f"{overflow} px more than the screen, text of {size} px"

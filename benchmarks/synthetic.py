"""Synthetic lesson catalogs for the benchmark (benchmarks/bench.py).

``generate(docs_dir, lessons)`` writes a docs folder that passes ``caucus check``
with no problem at all:

- ``lessons/lesson-NNNN.md``: English originals of 60 to 120 minutes that use every
  kind of block (checkin, facilitator, reading, discussion in two formats, activity
  with materials, break, commitment, closing), glossary links inside blocks, links to
  related lessons, and settings, topics and levels cycled through the vocabulary.
  Each is about 6 KB, a little smaller than the real lessons (7.5-9 KB).
- Translations, in the target language's script, with a correct ``translation:``
  record (``source`` is the English file's version, computed as ``caucus
  translations --version`` does). The mix is fixed, so that the site has current,
  draft, stale and missing translations, and so fallback pages, as a real catalog does:

  ===  ==========================  ===========================================
  es   every lesson                reviewed (current) for even lessons, draft for odd
  ar   two lessons in three        draft; one in ten of them stale (old source)
  vi   one lesson in three         reviewed (current)
  ===  ==========================  ===========================================

  A missing translation is served by static-i18n as a fallback copy of the English
  page (``fallback_to_default: true``), with our "not translated yet" notice.
- ``series/series-N.md``: a fixed number of series (3 by default, like the real
  site, so that the navigation is the same size at every catalog size), each listing
  up to 8 lessons; the first series is translated into Spanish.
- ``glossary.md`` and its translations (the same anchors in every language),
  ``index.md`` in every language, ``contributing.md`` in English only (it holds the
  ``#translating-a-lesson`` anchor that translation notices link to).

Everything is deterministic for a given ``seed``. The module has no dependency on
MkDocs; it only borrows ``content_version`` and the vocabulary from the core.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from caucus.core import vocabulary
from caucus.core.agenda import spare_minutes_needed
from caucus.core.project import content_version

LANGUAGES = ("en", "es", "ar", "vi")
STALE_SOURCE = "0123456789ab"  # a well-formed version that is not any lesson's

WORDS = {
    "en": (
        "member members union caucus group circle meeting shift coworker coworkers trust vote officer officers "
        "steward staff decision decisions voice work workers plan plans story neighbor congregation club school "
        "campus newsroom co-op team league dues contract debate question questions idea ideas power strength "
        "together open fair share care listen speak organize build reach invite learn choose elect change "
        "local chapter board committee newsletter leaflet break room schedule wages hours safety respect "
        "everyone nobody often rarely slowly carefully honestly every each small large new old whole"
    ).split(),
    "es": (
        "miembro miembros sindicato caucus grupo círculo reunión turno compañera compañeros confianza voto "
        "dirigente dirigentes delegado personal decisión decisiones voz trabajo trabajadores plan historia vecina "
        "congregación club escuela universidad redacción cooperativa equipo liga cuotas contrato debate pregunta "
        "idea ideas poder fuerza juntos abierto justo compartir cuidar escuchar hablar organizar construir invitar "
        "aprender elegir cambiar local junta comité boletín horario salarios horas seguridad respeto todos nadie "
        "a menudo despacio con cuidado cada pequeño grande nuevo viejo entero"
    ).split(),
    "ar": (
        "عضو أعضاء نقابة تكتل مجموعة حلقة اجتماع نوبة زميل زملاء ثقة تصويت مسؤول مسؤولون مندوب موظفون قرار "
        "قرارات صوت عمل عمال خطة قصة جار جماعة نادي مدرسة جامعة صحيفة تعاونية فريق دوري اشتراكات عقد نقاش سؤال "
        "فكرة أفكار قوة معا مفتوح عادل مشاركة رعاية استماع كلام تنظيم بناء دعوة تعلم اختيار تغيير محلي فرع لجنة "
        "نشرة جدول أجور ساعات سلامة احترام الجميع كل صغير كبير جديد قديم"
    ).split(),
    "vi": (
        "thành viên nghiệp đoàn nhóm caucus vòng tròn cuộc họp ca làm đồng nghiệp niềm tin bỏ phiếu người giữ chức vụ đại diện "
        "nhân viên quyết định tiếng nói công việc người lao động kế hoạch câu chuyện hàng xóm giáo đoàn câu lạc bộ "
        "trường học đại học tòa soạn hợp tác xã đội giải đấu hội phí hợp đồng tranh luận câu hỏi ý tưởng sức mạnh "
        "cùng nhau cởi mở công bằng chia sẻ quan tâm lắng nghe nói tổ chức xây dựng mời học hỏi chọn thay đổi "
        "địa phương chi hội ủy ban bản tin lịch làm việc tiền lương giờ an toàn tôn trọng mọi người mỗi nhỏ lớn mới cũ"
    ).split(),
}

# Labels of the structure, per language (the block kinds themselves are labelled by the extension).
LABELS = {
    "en": dict(
        session="Session",
        opening="Opening round",
        reading="Reading",
        discussion="Discussion",
        activity="Activity",
        commitment="Before we meet again",
        closing="Closing round",
        materials=["large paper", "markers", "sticky notes"],
        step="Step",
        related="Next, try",
        glossary="Glossary",
        series="Series",
        index="Caucus study circles",
        intro="Lessons for study circles of caucus members.",
        stretch="Stand up, stretch and get some water.",
    ),
    "es": dict(
        session="Sesión",
        opening="Ronda de apertura",
        reading="Lectura",
        discussion="Conversación",
        activity="Actividad",
        commitment="Antes de volver a reunirnos",
        closing="Ronda de cierre",
        materials=["papel grande", "marcadores", "notas adhesivas"],
        step="Paso",
        related="Después, pruebe",
        glossary="Glosario",
        series="Serie",
        index="Círculos de estudio para caucus",
        intro="Lecciones para círculos de estudio de miembros de un caucus.",
        stretch="Levántense, estírense y tomen agua.",
    ),
    "ar": dict(
        session="جلسة",
        opening="جولة الافتتاح",
        reading="قراءة",
        discussion="نقاش",
        activity="نشاط",
        commitment="قبل أن نلتقي مجددا",
        closing="جولة الختام",
        materials=["ورق كبير", "أقلام", "أوراق لاصقة"],
        step="خطوة",
        related="بعد ذلك، جرّب",
        glossary="مسرد المصطلحات",
        series="سلسلة",
        index="حلقات دراسية للتكتلات",
        intro="دروس للحلقات الدراسية لأعضاء التكتلات.",
        stretch="قفوا وتمددوا واشربوا بعض الماء.",
    ),
    "vi": dict(
        session="Buổi",
        opening="Vòng mở đầu",
        reading="Bài đọc",
        discussion="Thảo luận",
        activity="Hoạt động",
        commitment="Trước khi gặp lại",
        closing="Vòng kết thúc",
        materials=["giấy khổ lớn", "bút dạ", "giấy ghi chú"],
        step="Bước",
        related="Tiếp theo, hãy thử",
        glossary="Thuật ngữ",
        series="Chuỗi bài học",
        index="Nhóm học tập cho caucus",
        intro="Bài học cho các nhóm học tập của thành viên caucus.",
        stretch="Đứng dậy, vươn vai và uống nước.",
    ),
}

TERMS = (
    "caucus",
    "rank-and-file",
    "solidarity",
    "open-debate",
    "study-circle",
    "ally",
    "natural-leader",
    "direct-election",
    "lines-of-division",
    "exchange-economy",
    "exchange-free-economy",
    "member-power",
)

DURATIONS = (60, 75, 90, 105, 120)
FORMATS = tuple(vocabulary.DISCUSSION_FORMATS)


@dataclass
class Catalog:
    """What ``generate`` wrote: counts the benchmark reports, and the slugs."""

    docs_dir: Path
    lessons: list[str]
    series: dict[str, list[str]]
    translations: dict[str, dict[str, int]] = field(default_factory=dict)  # lang -> state -> count
    files: int = 0
    bytes: int = 0

    def to_json(self) -> dict:
        return {
            "lessons": len(self.lessons),
            "series": len(self.series),
            "source_files": self.files,
            "source_bytes": self.bytes,
            "translations": self.translations,
        }


def translation_plan(i: int) -> dict[str, tuple[str, bool] | None]:
    """For lesson number ``i``: language -> (state, stale) or None when missing."""
    return {
        "es": ("reviewed" if i % 2 == 0 else "draft", False),
        "ar": ("draft", i % 10 == 1) if i % 3 != 2 else None,
        "vi": ("reviewed", False) if i % 3 == 0 else None,
    }


class _Writer:
    def __init__(self, lang: str, rng: random.Random):
        self.lang, self.rng, self.words = lang, rng, WORDS[lang]

    def words_(self, n: int, plain: bool = False) -> str:
        # A reading is plain: its words short (the checker warns above grade 8).
        words = [w for w in self.words if len(w) <= 6] if plain else self.words
        return " ".join(self.rng.choice(words) for _ in range(n))

    def sentence(self, lo: int = 6, hi: int = 14, end: str = ".", plain: bool = False) -> str:
        text = self.words_(self.rng.randint(lo, hi), plain)
        if self.lang != "ar":
            text = text[0].upper() + text[1:]
        return text + end

    def paragraph(self, sentences: int, link: str | None = None) -> str:
        parts = [self.sentence(5, 10, plain=True) for _ in range(sentences)]
        if link:
            at = self.rng.randrange(len(parts))
            parts[at] = parts[at][:-1] + f" {link}."
        # wrap like hand-written Markdown: about 90 characters a line
        out, line = [], ""
        for word in " ".join(parts).split(" "):
            if line and len(line) + len(word) > 90:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        out.append(line)
        return "\n".join(out)

    def title(self, lo: int = 2, hi: int = 5) -> str:
        return self.sentence(lo, hi, end="")


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _minutes(duration: int, rng: random.Random) -> dict[str, int]:
    """Minutes of each timed block, leaving the 10 % of ``duration`` free that the checker asks for."""
    fixed = {"welcome": 5, "checkin": 10, "break": 5, "commitment": 5, "closing": 5}
    rest = duration - spare_minutes_needed(duration) - sum(fixed.values())  # 24 .. 78, for reading, two discussions, activity
    reading = 10 + 5 * rng.randint(0, max(0, (rest - 25) // 15))
    rest -= reading
    first = 5 * ((rest // 3) // 5) or 5
    activity = 5 * ((rest // 3) // 5) or 5
    second = rest - first - activity
    return {**fixed, "reading": reading, "discussion1": first, "activity": activity, "discussion2": second}


def lesson_body(
    lang: str, i: int, slugs: list[str], titles: dict[str, str], rng: random.Random, terms: list[str], related: list[str], minutes: dict[str, int]
) -> str:
    w, L = _Writer(lang, rng), LABELS[lang]
    gloss = lambda t: f"[{t.replace('-', ' ')}](../glossary.md#{t})"
    fmt1, fmt2 = FORMATS[i % len(FORMATS)], FORMATS[(i + 2) % len(FORMATS)]
    materials = ", ".join(L["materials"][: 1 + i % 3])
    questions = lambda n: "\n".join(f"- {w.sentence(7, 14, end='?')}" for _ in range(n))
    steps = "\n".join(f"{k}. {w.sentence(8, 16)}" for k in range(1, 4 + i % 2))
    related_links = ", ".join(f"[{titles[s]}]({s}.md)" for s in related)
    return f"""
/// facilitator

{w.paragraph(4, gloss(terms[0]))}

{w.paragraph(5)}

- {w.sentence()}
- {w.sentence()}
- {w.sentence()}
///

/// welcome
    minutes: {minutes["welcome"]}

{w.paragraph(2)}
///

/// checkin | {L["opening"]}
    minutes: {minutes["checkin"]}

{w.paragraph(3)}
///

/// reading | {w.title()}
    minutes: {minutes["reading"]}

{w.paragraph(5, gloss(terms[1 % len(terms)]))}

{w.paragraph(5)}

{w.paragraph(4, gloss(terms[-1]))}

{w.paragraph(5)}

{w.paragraph(4)}
///

/// discussion | {w.title()}
    minutes: {minutes["discussion1"]}
    format: {fmt1}

{questions(3)}
///

/// facilitator

{w.paragraph(5)}

{w.paragraph(3)}
///

/// activity | {w.title()}
    minutes: {minutes["activity"]}
    materials: [{materials}]

{steps}
///

/// break
    minutes: {minutes["break"]}

{L["stretch"]}
///

/// discussion | {w.title()}
    minutes: {minutes["discussion2"]}
    format: {fmt2}

{questions(3)}
///

/// commitment | {L["commitment"]}
    minutes: {minutes["commitment"]}

{w.paragraph(2)}
///

/// closing | {L["closing"]}
    minutes: {minutes["closing"]}

{w.paragraph(3)} {L["related"]}: {related_links}.
///
"""


def generate(docs_dir: Path, lessons: int, *, series: int = 3, series_length: int = 8, seed: int = 7) -> Catalog:
    """Write a synthetic catalog of ``lessons`` lessons into ``docs_dir`` (created; it must not hold lessons already)."""
    if lessons < 1:
        raise ValueError("at least one lesson")
    rng = random.Random(seed)
    lesson_dir = docs_dir / "lessons"
    lesson_dir.mkdir(parents=True, exist_ok=True)
    width = max(4, len(str(lessons)))
    slugs = [f"lesson-{i:0{width}d}" for i in range(1, lessons + 1)]
    settings, topics, levels = list(vocabulary.SETTINGS), list(vocabulary.TOPICS), list(vocabulary.LEVELS)
    catalog = Catalog(docs_dir, slugs, {}, {lang: {} for lang in LANGUAGES[1:]})

    def write(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        catalog.files += 1
        catalog.bytes += len(text.encode("utf-8"))

    # Titles first: lessons link to related lessons by title.
    titles: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for i, slug in enumerate(slugs):
        for lang in LANGUAGES:
            titles[lang][slug] = f"{LABELS[lang]['session']} {i + 1}: {_Writer(lang, rng).title(2, 4)}"

    for i, slug in enumerate(slugs):
        duration = DURATIONS[i % len(DURATIONS)]
        minutes = _minutes(duration, rng)
        others = [s for s in (slugs[(i + 1) % lessons], slugs[(i + 7) % lessons], slugs[(i * 31 + 3) % lessons]) if s != slug]
        related = list(dict.fromkeys(others))[: 1 + i % 3]
        terms = [TERMS[(i + k * 5) % len(TERMS)] for k in range(2 + i % 3)]
        terms = list(dict.fromkeys(terms))
        chosen_settings = list(dict.fromkeys(settings[(i + k * 3) % len(settings)] for k in range(1 + i % 3)))
        chosen_topics = list(dict.fromkeys(topics[(i + k * 4) % len(topics)] for k in range(1 + i % 2)))
        texts = {}
        meta = {}
        for lang in LANGUAGES:
            w = _Writer(lang, rng)
            meta[lang] = dict(
                title=titles[lang][slug],
                summary=f"{w.sentence(10, 18)} {w.sentence(8, 14)}",
                objectives=[w.sentence(8, 14) for _ in range(2 + i % 2)],
                key_points=[w.sentence(8, 16) for _ in range(3 + i % 3)],
            )
            texts[lang] = lesson_body(lang, i, slugs, titles[lang], rng, terms, related, minutes)
        en = meta["en"]
        head = [
            "---",
            f"title: {_q(en['title'])}",
            f"summary: {_q(en['summary'])}",
            f"duration: {duration}",
            f"level: {levels[i % len(levels)]}",
            f"settings: [{', '.join(chosen_settings)}]",
            f"topics: [{', '.join(chosen_topics)}]",
            "objectives:",
            *[f"  - {_q(o)}" for o in en["objectives"]],
            "key_points:",
            *[f"  - {_q(k)}" for k in en["key_points"]],
        ]
        if i > 0 and i % 4 == 0:
            head.append(f"prerequisites: [{slugs[i - 1]}]")
        head += [f"related: [{', '.join(related)}]", f"terms: [{', '.join(terms)}]", "---"]
        original = "\n".join(head) + "\n" + texts["en"]
        write(lesson_dir / f"{slug}.md", original)
        version = content_version(original)
        for lang, plan in translation_plan(i).items():
            if plan is None:
                catalog.translations[lang]["missing"] = catalog.translations[lang].get("missing", 0) + 1
                continue
            state, stale = plan
            m = meta[lang]
            head = [
                "---",
                f"title: {_q(m['title'])}",
                f"summary: {_q(m['summary'])}",
                "objectives:",
                *[f"  - {_q(o)}" for o in m["objectives"]],
                "key_points:",
                *[f"  - {_q(k)}" for k in m["key_points"]],
                "translation:",
                f"  source: {STALE_SOURCE if stale else version}",
                f"  state: {state}",
                "---",
            ]
            write(lesson_dir / f"{slug}.{lang}.md", "\n".join(head) + "\n" + texts[lang])
            kind = "stale" if stale else ("current" if state == "reviewed" else "draft")
            catalog.translations[lang][kind] = catalog.translations[lang].get(kind, 0) + 1

    # Series: a fixed number, so that the navigation does not grow with the catalog.
    length = max(1, min(series_length, lessons // max(1, series)))
    for n in range(1, series + 1):
        members = [slugs[(n - 1 + k * series) % lessons] for k in range(length)]
        members = list(dict.fromkeys(members))
        slug = f"series-{n}"
        catalog.series[slug] = members
        for lang in ("en", "es") if n == 1 else ("en",):
            w = _Writer(lang, rng)
            name = f"{slug}.md" if lang == "en" else f"{slug}.{lang}.md"
            write(
                docs_dir / "series" / name,
                "---\n"
                f"title: {_q(LABELS[lang]['series'] + f' {n}: ' + w.title(2, 4))}\n"
                f"summary: {_q(w.sentence(10, 18))}\n"
                "lessons:\n" + "".join(f"  - {s}\n" for s in members) + "---\n\n"
                f"{w.paragraph(4, '[caucus](../glossary.md#caucus)')}\n\n{w.paragraph(5)}\n",
            )

    for lang in LANGUAGES:
        w = _Writer(lang, rng)
        suffix = "" if lang == "en" else f".{lang}"
        entries = "".join(f"## {w.title(1, 3)} {{#{term}}}\n\n{w.paragraph(3)}\n\n" for term in TERMS)
        write(docs_dir / f"glossary{suffix}.md", f"---\ntitle: {_q(LABELS[lang]['glossary'])}\n---\n\n# {LABELS[lang]['glossary']}\n\n{entries}")
        links = "".join(f"- [{LABELS[lang]['series']} {k}](series/series-{k}.md)\n" for k in range(1, series + 1))
        write(
            docs_dir / f"index{suffix}.md",
            f"---\ntitle: {_q(LABELS[lang]['index'])}\n---\n\n# {LABELS[lang]['index']}\n\n{LABELS[lang]['intro']} {w.paragraph(2)}\n\n"
            f"{links}\n[{LABELS[lang]['glossary']}](glossary.md)\n",
        )
    w = _Writer("en", rng)
    write(
        docs_dir / "contributing.md",
        "---\ntitle: Contributing\n---\n\n# Contributing\n\n"
        f"{w.paragraph(4)}\n\n"
        "## Writing a lesson {#writing-a-lesson}\n\n"
        f"{w.paragraph(4)}\n\n"
        "## Translating a lesson {#translating-a-lesson}\n\n"
        f"{w.paragraph(4)}\n",
    )
    return catalog

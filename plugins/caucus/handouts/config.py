from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..core.handouts import PARTICIPANT_PAGE_BUDGET


class HandoutsConfig(Config):
    # Switch off with `enabled: false` (or CAUCUS_HANDOUTS=false, see mkdocs.yml)
    # to build the rest of the site where WeasyPrint cannot run.
    enabled = c.Type(bool, default=True)
    papers = c.ListOfItems(c.Choice(("letter", "a4")), default=["letter", "a4"])
    # Rendered PDFs are kept here, keyed by a hash of their inputs.
    cache_dir = c.Type(str, default=".cache/handouts")
    # Processes rendering PDFs at once; 0: one per core this process may use.
    workers = c.Type(int, default=0)
    # While `mkdocs serve` runs, PDFs are not rendered unless this is true (print pages are).
    render_when_serving = c.Type(bool, default=False)
    # False: print pages only, no PDF rendered and no WeasyPrint needed (a quick build to
    # check the pages, as benchmarks/lighthouse.py does); pages then link no PDF.
    pdfs = c.Type(bool, default=True)
    # A participant handout longer than this gets a warning naming the lesson and its
    # longest part: one sheet, printed on both sides.
    max_participant_pages = c.Type(int, default=PARTICIPANT_PAGE_BUDGET)

"""The meeting pack on the fixture partnership: one pack drawn and printed for the whole
module (through its background job, as the server draws it), then read back with
pypdf: page count, "Page n of N", the contents' numbers against the pages their
sections are on, the cover's RAG summary and the sections' figures against `summary`,
public mode, and the job reused rather than drawn again."""
from __future__ import annotations

import io
import re
import shutil
import unicodedata

import pypdf
import pytest

from dashboard import pack, pack_jobs
from dashboard.app import create_app
from dashboard.components.format import format_money, format_number
from dashboard.data import load_dataset
from dashboard.filters import parse_filters
from dashboard.metrics import summary
from dashboard.pack_print import destination_pages
from fixtures_app import AREAS, write_fixture

pytestmark = pytest.mark.skipif(not shutil.which("chromium"),
                                reason="Chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_fixture(tmp_path_factory.mktemp("fx"), demo=True)


@pytest.fixture(scope="module")
def built(folder, tmp_path_factory):
    """The pack drawn once, by its job, with every draw counted."""
    cache = tmp_path_factory.mktemp("cache")
    app = create_app(folder)
    app.server.config[pack_jobs.CACHE_CONFIG_KEY] = str(cache)
    ds = app.server.config["LSCP_DATASET"].current
    filters = parse_filters({}, ds)
    draws = []
    real = pack.build_pdf

    def counted(*args, **kwargs):
        draws.append(args)
        return real(*args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr(pack, "build_pdf", counted)
    key, _ = pack.start_pack(app.server, ds, filters)
    status = pack_jobs.wait_for(pack_jobs.cache_dir(app.server.config, folder), key, 300)
    assert status["state"] == "done", status
    pdf = pack_jobs.cached_pdf(pack_jobs.cache_dir(app.server.config, folder), key).read_bytes()
    yield {"app": app, "ds": ds, "filters": filters, "pdf": pdf, "draws": draws,
           "cache": cache, "key": key}
    mp.undo()


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text, ligatures (ﬁ) undone and lines joined (a table cell wraps)."""
    return [" ".join(unicodedata.normalize("NFKC", p.extract_text() or "").split())
            .replace("- ", "-") for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_every_page_says_page_n_of_N(built):
    texts = pages_text(built["pdf"])
    n = len(texts)
    # the cover, the Overview, four areas (Online harm over two pages) and the sections
    assert 8 <= n <= 20
    for i, text in enumerate(texts, start=1):
        assert f"Page {i} of {n}" in text, i
        assert "Fenmoor Test Safeguarding Partnership" in text


def test_contents_numbers_are_the_pages_their_sections_start_on(built):
    pdf = built["pdf"]
    texts = pages_text(pdf)
    anchors = [pack.OVERVIEW_ANCHOR, *[pack.area_anchor(a[0]) for a in AREAS],
               "pack-overdue-actions", "pack-case-reviews", "pack-funding",
               "pack-missing-returns"]
    found = destination_pages(pdf, anchors)
    assert set(found) == set(anchors)
    cover = texts[0]
    titles = {pack.OVERVIEW_ANCHOR: "Overview: priority areas and headline figures",
              **{pack.area_anchor(a[0]): a[1] for a in AREAS},
              "pack-overdue-actions": "Overdue actions",
              "pack-case-reviews": "Case-review timeliness",
              "pack-funding": "Funding summary", "pack-missing-returns": "Missing returns"}
    for anchor, title in titles.items():
        match = re.search(re.escape(title) + r" (\d+)\b", cover)
        assert match, (title, cover)
        assert int(match.group(1)) == found[anchor], title
        heading = "Overview" if anchor == pack.OVERVIEW_ANCHOR else title
        assert heading in texts[found[anchor] - 1], title
    # the sections come in the contents' order
    assert sorted(found.values()) == [found[a] for a in anchors]


def test_the_cover_has_every_areas_rag_against_summary(built):
    ds, filters = built["ds"], built["filters"]
    expected = {a["area_id"]: a for a in summary(ds, filters)["areas"]}
    document = pack.pack_html(ds, filters)
    rows = re.findall(r'data-cover-area="([^"]+)" data-cover-rag="([^"]+)"', document)
    assert dict(rows) == {k: v["rag"] for k, v in expected.items()}
    cover = pages_text(built["pdf"])[0]
    for area_id, name, *_ in AREAS:
        a = expected[area_id]
        # the RAG in words after its symbol, then the counts
        row = (f"{name} [✖▲✔●] {a['rag'].capitalize()} "
               f"{a['red']} {a['amber']} {a['green']} {a['grey']} ")
        assert re.search(row, cover), (row, cover)
    assert "12 months to 31 Mar 2024" in cover and "Data as of" in cover
    assert "None: every agency, area and category" in cover
    assert "Public version" not in cover


def test_the_sections_figures_are_summarys(built):
    ds, filters = built["ds"], built["filters"]
    s = summary(ds, filters)
    document = pack.pack_html(ds, filters)

    def figure(key):
        return re.search(rf'data-figure="{re.escape(key)}">([^<]*)<', document).group(1)

    assert figure("actions.overdue") == format_number(s["actions"]["overdue"], 0)
    assert figure("case_reviews.incidents") == format_number(s["case_reviews"]["incidents"], 0)
    assert figure("funding.contributions_total") == format_money(
        s["funding"]["contributions_total"])
    assert f'data-missing-returns="{len(s["missing_returns"])}"' in document
    # every overdue action is listed, as the tracker's overdue view
    assert document.count('id="pack-overdue-table"') == 1
    table = document.split('id="pack-overdue-table"')[1].split("</table>")[0]
    assert table.count("<tr>") - 1 == s["actions"]["overdue"]
    text = "\n".join(pages_text(built["pdf"]))
    for title in ("Overdue actions", "Case-review timeliness", "Funding summary",
                  "Missing returns"):
        assert title in text


def test_a_filtered_pack_says_its_filters_in_words(built):
    ds = built["ds"]
    filters = parse_filters({"area": "youth_violence", "agency": "police"}, ds)
    period, chosen = pack.filters_words(ds, filters)
    assert period == "12 months to 31 Mar 2024"
    assert chosen == "Police only · Serious youth violence only"
    document = pack.pack_html(ds, filters)
    assert document.count('class="pack-area') == 1
    assert "area=youth_violence" not in document    # words, not codes


def test_the_public_pack_suppresses_small_counts_and_has_no_record_tables(built):
    ds = built["ds"]
    public = parse_filters({"public": "1"}, ds)
    assert summary(ds, public)["case_reviews"]["incidents"] == 3      # summary: never
    document = pack.pack_html(ds, public)
    assert 'data-figure="case_reviews.incidents">c<' in document
    assert 'data-kpi-value="case_reviews.rapid_review_within_15wd_pct">c<' in document
    assert "Public version" in document
    assert 'id="pack-case-review-late"' not in document               # record level
    # the area page's audit table: an exercise of 2 cases
    audits = document.split('id="area-audits"')[1].split("</table>")[0]
    assert "<td class=\"text-end\">c</td>" in audits
    # actions are published: never suppressed
    assert 'data-figure="actions.overdue">2<' in document
    assert pack.pack_filename(ds, public).endswith("-public.pdf")
    assert pack_jobs.pack_key(ds, public) != built["key"]


def test_the_pack_is_reused_not_drawn_again(built, folder):
    app, ds, filters = built["app"], built["ds"], built["filters"]
    assert len(built["draws"]) == 1
    _, status = pack.start_pack(app.server, ds, filters)
    assert status["state"] == "done"
    # meeting mode changes nothing in a pack
    _, status = pack.start_pack(app.server, ds, filters.narrowed(present=True))
    assert status["state"] == "done"
    # another worker: its own app on the same folder and cache
    other = create_app(folder)
    other.server.config[pack_jobs.CACHE_CONFIG_KEY] = str(built["cache"])
    response = other.server.test_client().get("/meeting-pack.pdf?present=1")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "meeting-pack-2024-03-31.pdf" in response.headers["Content-Disposition"]
    assert response.data == built["pdf"]
    assert len(built["draws"]) == 1


def test_a_pack_not_yet_drawn_sends_the_browser_to_its_progress_page(built):
    client = built["app"].server.test_client()
    response = client.get("/meeting-pack.pdf?area=online_harm,early_years")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/meeting-pack?area=online_harm,early_years")
    refused = client.get("/meeting-pack.pdf?agency=martians")
    assert refused.status_code == 400 and b"martians" in refused.data


def test_a_cache_folder_inside_the_data_folder_is_refused(folder):
    app = create_app(folder)
    app.server.config[pack_jobs.CACHE_CONFIG_KEY] = str(folder / "cache")
    response = app.server.test_client().get("/meeting-pack.pdf")
    assert response.status_code == 503
    assert response.data.decode().count("\n") == 1
    assert "inside the data folder" in response.data.decode()
    assert not (folder / "cache").exists()


def test_the_html_pack_runs_nothing_and_keeps_data_text_as_text(built):
    response = built["app"].server.test_client().get("/meeting-pack.html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    document = response.get_data(as_text=True)
    assert "<script" not in document
    assert "default-src 'none'" in document
    assert "Early years &lt;under-fives&gt;" in document
    assert "Synthetic demo data" in document
    # links out of the pack are text; the contents' links stay within it
    assert re.findall(r'<a [^>]*href="([^"]*)"', document) == [
        f"#{a}" for a in re.findall(r'data-toc="([^"]+)"', document)]


def test_the_packs_indicator_cards_carry_their_context(built):
    """Issue 8: the cards in the pack, as on the area pages, say how the figure compares
    (benchmarks in words and drawn), whether its method changed (in words, and the break
    drawn with its reason), and what its owner says, with the note when the comment is
    about an earlier period than the latest figures."""
    import base64

    ds, filters = built["ds"], built["filters"]
    by_id = {i["indicator_id"]: i for i in summary(ds, filters)["indicators"]}
    assert by_id["police_online_referrals_10k"]["benchmarks"]["england"]["value"] == 8.6
    assert by_id["edu_online_lessons_pct"]["break_from"] == "2023-01-01"
    document = pack.pack_html(ds, filters)
    charts = [base64.b64decode(m).decode() for m in re.findall(
        r'data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)', document)]
    words = " ".join(re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]+"', "", document)).split())
    assert "England 8.6 per 10,000 (Apr 2023)" in words
    assert "Method changed from Jan 2023 : New curriculum survey" in words
    assert "Referrals have risen every month since July." in words
    assert "written about Jan 2024, before the latest figures" in words
    assert any("New curriculum survey" in svg for svg in charts)          # the break drawn
    assert any("England 8.6 per 10,000 (Apr 2023)" in svg for svg in charts)
    # and in the PDF itself
    text = " ".join(" ".join(pages_text(built["pdf"])).split())
    assert "England 8.6 per 10,000 (Apr 2023)" in text
    assert "before the latest figures" in text

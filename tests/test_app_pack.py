"""The meeting pack: Overview and every area, charts as static images, as a PDF."""
import shutil
import subprocess

import pytest

from dashboard.app import create_app
from dashboard.data import load_dataset
from dashboard.filters import parse_filters
from dashboard.pack import chromium_path, pack_html
from fixtures_app import AREAS, write_fixture

pytestmark = pytest.mark.skipif(not shutil.which("chromium"),
                                reason="Chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_fixture(tmp_path_factory.mktemp("fx"), demo=True)


def test_pack_html_holds_overview_and_every_area_with_chart_images(folder):
    ds = load_dataset(folder)
    document = pack_html(ds, parse_filters({}, ds))
    assert "<script" not in document
    assert "default-src 'none'" in document  # nothing in the pack may run or fetch
    assert "Synthetic demo data" in document
    assert document.count('class="print-break-before pack-area"') == len(AREAS)
    assert "Early years &lt;under-fives&gt;" in document
    # 6 SPC charts and 5 headline sparklines
    assert document.count("data:image/svg+xml;base64,") == 6 + 5


def test_pack_follows_the_filters(folder):
    ds = load_dataset(folder)
    document = pack_html(ds, parse_filters({"area": "youth_violence"}, ds))
    assert document.count('class="print-break-before pack-area"') == 1
    assert "filters: area = youth_violence" in document


def test_meeting_pack_pdf_route(folder, tmp_path):
    client = create_app(folder).server.test_client()
    response = client.get("/meeting-pack.pdf?area=online_harm,early_years")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "meeting-pack-2024-03-31.pdf" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        pdf = tmp_path / "pack.pdf"
        pdf.write_bytes(response.data)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "Online harm" in text and "Early years <under-fives>" in text
        assert "Serious youth violence" not in text  # filtered out
        assert "Headline figures" in text and "Special cause" in text
    refused = client.get("/meeting-pack.pdf?agency=martians")
    assert refused.status_code == 400 and b"martians" in refused.data


def test_chromium_is_found():
    assert chromium_path().endswith(("chromium", "chromium-browser", "google-chrome"))

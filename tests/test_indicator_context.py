"""components/indicator_context.py: what a card says beside its chart (metrics.md
"Context on indicators"), with data text always rendered as text."""
import datetime as dt

from dashboard.components.indicator_context import (
    MAX_LINKED_ACTIONS, benchmark_words, break_words, comment_block, linked_actions,
)
from dashboard.components.static_html import render_html

D = dt.date
PANEL = {
    "unit": "percent", "frequency": "quarterly", "latest_period": "2024-01-01",
    "benchmark_series": {
        "england": [(D(2022, 4, 1), 27.9, "DfE 2021-22"), (D(2023, 4, 1), 28.4, "DfE 2022-23")],
        "statistical_neighbours": [(D(2023, 4, 1), 30.05, None)],
    },
    "breaks": [(D(2022, 1, 1), "Old system"), (D(2023, 7, 1), "New <b>system</b>")],
    "break_from": "2023-07-01",
    "comment": {"comment_id": "C1", "period_start": "2023-10-01", "written_on": "2024-02-10",
                "author": "Chair, <neglect> subgroup", "comment": "Falling <script>x</script>",
                "next_steps": "Audit in March"},
}


def test_benchmarks_in_words_latest_per_comparator_with_the_source_on_hover():
    html = render_html(benchmark_words(PANEL))
    assert "England 28.4% (Apr–Jun 2023)" in html
    assert "Statistical neighbours 30.1% (Apr–Jun 2023)" in html   # 30.05 half up
    assert 'title="Source: DfE 2022-23"' in html and 'title="Source not given"' in html
    assert benchmark_words({**PANEL, "benchmark_series": {}}) is None


def test_the_latest_break_in_words_with_its_reason_as_text():
    html = render_html(break_words(PANEL))
    assert "Jul–Sep 2023" in html and "New &lt;b&gt;system&lt;/b&gt;" in html
    assert break_words({**PANEL, "break_from": None}) is None


def test_a_comment_about_an_earlier_period_says_so_and_its_text_stays_text():
    html = render_html(comment_block(PANEL))
    assert "written about Oct–Dec 2023, before the latest figures" in html
    assert "Falling &lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
    assert "Chair, &lt;neglect&gt; subgroup, 10 Feb 2024" in html
    assert "Next steps: </strong>Audit in March" in html
    current = {**PANEL, "comment": {**PANEL["comment"], "period_start": "2024-01-01"}}
    assert "before the latest figures" not in render_html(comment_block(current))


def test_linked_actions_show_status_or_days_overdue_and_count_the_rest():
    rows = [{"action_id": f"A{i}", "recommendation": "Do it", "owner": "Police",
             "status": "in_progress", "days_overdue": {0: 1200, 1: 1}.get(i)}
            for i in range(MAX_LINKED_ACTIONS + 2)]
    html = render_html(linked_actions(rows))
    # days overdue in the tracker's words (one helper): "1,200 days", "1 day", not "1 days"
    assert "1,200 days overdue" in html and "(Police; 1 day overdue)" in html
    assert "In progress" in html
    assert html.count("<li>") == MAX_LINKED_ACTIONS + 1
    assert "and 2 more" in html
    assert linked_actions([]) is None

"""metrics.md "MASH / front door": every `summary.mash` figure on hand-worked fixtures.

Calendar facts used below (England and Wales):
  Thu 4 May 2023, Fri 5 May 2023, Mon 8 May 2023 = Coronation bank holiday, Tue 9 May.
  Fri 12 May 2023, Sat 13 May, Mon 15 May, Tue 16 May.
  Good Friday 29 Mar 2024 and Easter Monday 1 Apr 2024 are bank holidays; 31 Mar 2024 is a Sunday.
"""
from __future__ import annotations

import pytest

from metric_fixtures import contact, load, summarise, summary_of, write_dataset

MASH_KEYS = ["contacts", "decided", "decided_within_1wd_pct", "pending_overdue", "conversion_pct",
             "repeat_contact_12m_pct", "nfa_recontact_3m_pct", "escalation_pct"]


def mash(tmp_path, rows, **kw):
    return summary_of(tmp_path, mash_contacts=rows, **kw)["mash"]


# ---- contacts, decided, decided_within_1wd_pct -------------------------------------------
def test_decided_within_one_working_day_over_weekend_and_bank_holiday(tmp_path):
    rows = [
        # Fri 5 May 2023 + 1 wd: Sat, Sun, Mon 8 May (Coronation) skipped -> Tue 9 May: within
        contact("c1", "A", "2023-05-05T10:00", "early_help", "2023-05-09T16:00"),
        # Fri 12 May + 1 wd = Mon 15 May; decided Tue 16 May: late
        contact("c2", "B", "2023-05-12T10:00", "early_help", "2023-05-16T09:00"),
        # Sat 13 May: the first working day after it (Mon 15 May) is day 1: within
        contact("c3", "C", "2023-05-13T10:00", "early_help", "2023-05-15T17:00"),
        # dates count, not hours: Wed 23:59 -> Thu 08:00 is within
        contact("c4", "D", "2023-05-17T23:59", "early_help", "2023-05-18T08:00"),
        # Thu 4 May + 1 wd = Fri 5 May; decided Tue 9 May: late
        contact("c5", "E", "2023-05-04T09:00", "early_help", "2023-05-09T09:00"),
    ]
    m = mash(tmp_path, rows, partnership={"as_of": "2023-06-30"})
    assert m["contacts"] == 5
    assert m["decided"] == 5
    # within: c1, c3, c4 -> 3 / 5 decided = 60 %
    assert m["decided_within_1wd_pct"] == pytest.approx(60.0)


def test_same_day_decision_is_within(tmp_path):
    m = mash(tmp_path, [contact("c1", "A", "2024-03-04T09:00", "early_help", "2024-03-04T09:30")])
    assert m["decided_within_1wd_pct"] == pytest.approx(100.0)


def test_pending_overdue_and_decisions_after_as_of(tmp_path):
    rows = [
        # Thu 28 Mar 2024 + 1 wd: Good Friday, weekend, Easter Monday -> Tue 2 Apr; as_of 31 Mar
        # is not after it: pending but not overdue
        contact("p1", "A", "2024-03-28T09:00"),
        # Wed 27 Mar + 1 wd = Thu 28 Mar < 31 Mar: overdue
        contact("p2", "B", "2024-03-27T09:00"),
        # decided Tue 2 Apr 2024, after as_of: still pending at as_of; Tue 26 Mar + 1 wd =
        # Wed 27 Mar < 31 Mar: overdue
        contact("p3", "C", "2024-03-26T09:00", "referral_social_care", "2024-04-02T09:00"),
        # decided on the day: decided and within
        contact("d1", "D", "2024-03-01T09:00", "early_help", "2024-03-01T12:00"),
        # received after as_of: ignored altogether
        contact("x1", "E", "2024-04-01T09:00"),
    ]
    m = mash(tmp_path, rows)
    assert m["contacts"] == 4            # p1, p2, p3, d1
    assert m["decided"] == 1             # d1 only (p3's decision is after as_of)
    assert m["pending_overdue"] == 2     # p2, p3
    assert m["decided_within_1wd_pct"] == pytest.approx(100.0)  # 1 / 1
    assert m["conversion_pct"] == pytest.approx(0.0)            # p3 not yet decided: 0 / 1


@pytest.mark.parametrize("as_of, overdue", [
    ("2024-03-25", 0),  # Fri 22 Mar + 1 wd = Mon 25 Mar; as_of equal to it: not overdue
    ("2024-03-26", 1),  # as_of strictly after it: overdue
])
def test_pending_overdue_boundary(tmp_path, as_of, overdue):
    m = mash(tmp_path, [contact("p", "A", "2024-03-22T16:00")], as_of=as_of)
    assert m["pending_overdue"] == overdue


def test_as_of_override_makes_later_decisions_pending(tmp_path):
    rows = [contact("c1", "A", "2024-01-02T09:00", "strategy_discussion", "2024-01-10T09:00"),
            contact("c2", "B", "2024-01-03T09:00", "early_help", "2024-01-03T10:00")]
    # --as-of 2024-01-05 (Fri): c1's decision on 10 Jan has not happened.
    m = mash(tmp_path, rows, as_of="2024-01-05")
    assert m["contacts"] == 2
    assert m["decided"] == 1                  # c2
    assert m["conversion_pct"] == pytest.approx(0.0)   # 0 of 1 decided converted
    # c1: Tue 2 Jan + 1 wd = Wed 3 Jan < Fri 5 Jan -> overdue
    assert m["pending_overdue"] == 1
    # as at the file's as_of (31 Mar 2024) both are decided, c1 late (10 Jan > 3 Jan)
    m = mash(tmp_path, rows)
    assert m["decided"] == 2
    assert m["conversion_pct"] == pytest.approx(50.0)
    assert m["decided_within_1wd_pct"] == pytest.approx(50.0)
    assert m["pending_overdue"] == 0


# ---- conversion and escalation ----------------------------------------------------------
def test_conversion_pct(tmp_path):
    rows = [
        contact("c1", "A", "2024-02-01T09:00", "referral_social_care", "2024-02-01T12:00"),
        contact("c2", "B", "2024-02-01T09:00", "strategy_discussion", "2024-02-01T12:00"),
        contact("c3", "C", "2024-02-01T09:00", "early_help", "2024-02-01T12:00"),
        contact("c4", "D", "2024-02-01T09:00", "no_further_action", "2024-02-01T12:00"),
        contact("c5", "E", "2024-02-01T09:00", "information_advice", "2024-02-01T12:00"),
        contact("c6", "F", "2024-02-01T09:00"),  # pending: not in the denominator
    ]
    m = mash(tmp_path, rows)
    assert m["contacts"] == 6
    assert m["decided"] == 5
    assert m["conversion_pct"] == pytest.approx(100.0 * 2 / 5)  # c1, c2 of 5 decided = 40 %


def test_conversion_by_decision_is_zero_not_missing_where_none_converted(tmp_path):
    # breakdown by decision, with and without a filter (the two sources of mash_figures):
    # early_help has 1 decided, 0 converted -> 0 %; Pending has none decided -> no figure
    rows = [
        contact("c1", "A", "2024-02-01T09:00", "referral_social_care", "2024-02-01T12:00"),
        contact("c3", "C", "2024-02-01T09:00", "early_help", "2024-02-01T12:00"),
        contact("c6", "F", "2024-02-01T09:00"),
    ]
    ds = load(tmp_path, mash_contacts=rows, as_of="2024-03-31")
    for agency in (None, ["police"]):
        frame = ds.run("mash_figures", breakdown="decision", agency=agency,
                       date_from=None, date_to=ds.as_of)
        by = {r["category"]: r for r in frame.to_dict("records")}
        assert by["early_help"]["conversion_pct"] == 0.0
        assert by["referral_social_care"]["conversion_pct"] == 100.0
        assert by["Pending"]["decided"] == 0
        assert by["Pending"]["conversion_pct"] != by["Pending"]["conversion_pct"]  # NaN


def test_escalation_pct_missing_counts_as_not_escalated(tmp_path):
    rows = [
        contact("c1", "A", "2024-02-01T09:00", escalated=True),
        contact("c2", "B", "2024-02-01T09:00", escalated=False),
        contact("c3", "C", "2024-02-01T09:00", escalated=None),   # missing
        contact("c4", "D", "2024-02-01T09:00", escalated="yes"),  # accepted spelling of true
    ]
    m = mash(tmp_path, rows)
    assert m["escalation_pct"] == pytest.approx(50.0)  # c1, c4 over all 4 contacts


# ---- repeat contacts ----------------------------------------------------------------------
REPEAT_ROWS = [
    # child A: 10 Jan 2023 -> 10 Jan 2024 is 365 days (2023 is not a leap year): a2 repeats.
    # a1 is before the period and referred by health: still found (whatever the filters).
    contact("a1", "A", "2023-01-10T09:00", referrer_agency="health"),
    contact("a2", "A", "2024-01-10T09:00"),
    # child B: 9 Jan 2023 -> 10 Jan 2024 is 366 days: not a repeat
    contact("b1", "B", "2023-01-09T09:00"),
    contact("b2", "B", "2024-01-10T09:00"),
    # child C: two contacts at the same timestamp: neither is strictly earlier
    contact("c1", "C", "2024-02-01T10:00"),
    contact("c2", "C", "2024-02-01T10:00"),
    # child D: the same day, earlier time: d2 repeats (0 days)
    contact("d1", "D", "2024-02-05T09:00"),
    contact("d2", "D", "2024-02-05T15:00"),
]


def test_repeat_contact_12m_pct(tmp_path):
    m = mash(tmp_path, REPEAT_ROWS, filters={"from": "2024-01-01"})
    # in period: a2, b2, c1, c2, d1, d2 = 6; repeats a2, d2 -> 2 / 6
    assert m["contacts"] == 6
    assert m["repeat_contact_12m_pct"] == pytest.approx(100.0 * 2 / 6)


def test_repeat_contact_earlier_contact_searched_whatever_the_filters(tmp_path):
    m = mash(tmp_path, REPEAT_ROWS, filters={"from": "2024-01-01", "agency": "police"})
    # a1 (health, before the period) still makes a2 a repeat: same 2 / 6
    assert m["contacts"] == 6
    assert m["repeat_contact_12m_pct"] == pytest.approx(100.0 * 2 / 6)


def test_repeat_contact_ignores_quarantined_earlier_contact(tmp_path):
    rows = [
        # a decision with no decided_at is an error: the row is quarantined, not "accepted"
        contact("e0", "E", "2023-12-01T09:00", "early_help", None),
        contact("e1", "E", "2024-01-15T09:00"),
        contact("f1", "F", "2024-01-01T09:00"),
        contact("f2", "F", "2024-01-02T09:00"),
    ]
    s = summary_of(tmp_path, mash_contacts=rows, strict=False)
    assert s["validation"]["quarantined_rows"] == 1
    # accepted: e1, f1, f2; repeats: f2 only -> 1 / 3
    assert s["mash"]["contacts"] == 3
    assert s["mash"]["repeat_contact_12m_pct"] == pytest.approx(100.0 / 3)


# ---- NFA re-contact ----------------------------------------------------------------------------
NFA = "no_further_action"
IA = "information_advice"
NFA_ROWS = [
    # 31 Dec 2023 + 91 days = 31 Mar 2024 = as_of: eligible; re-contact 91 days later (on as_of,
    # after a `to` of 31 Jan 2024, by another agency): re-contacted
    contact("n1", "N1", "2023-12-31T09:00", NFA, "2023-12-31T10:00"),
    contact("n1b", "N1", "2024-03-31T08:00", referrer_agency="health"),
    # 1 Jan 2024 + 91 = 1 Apr 2024 > as_of: not eligible
    contact("n2", "N2", "2024-01-01T09:00", IA, "2024-01-01T10:00"),
    contact("n2b", "N2", "2024-01-20T09:00", referrer_agency="health"),
    # 1 Nov 2023 -> 31 Jan 2024 = 30 + 31 + 30 = 91 days: re-contacted
    contact("n3", "N3", "2023-11-01T09:00", IA, "2023-11-01T10:00"),
    contact("n3b", "N3", "2024-01-31T09:00", referrer_agency="health"),
    # 1 Nov 2023 -> 1 Feb 2024 = 92 days: not re-contacted
    contact("n4", "N4", "2023-11-01T09:00", NFA, "2023-11-01T10:00"),
    contact("n4b", "N4", "2024-02-01T09:00", referrer_agency="health"),
    # early help is not NFA / information and advice: not eligible
    contact("n5", "N5", "2023-10-01T09:00", "early_help", "2023-10-01T10:00"),
    contact("n5b", "N5", "2023-10-02T09:00", referrer_agency="health"),
    # decided NFA after as_of: pending at as_of, not eligible
    contact("n6", "N6", "2023-12-20T09:00", NFA, "2024-04-02T09:00"),
    contact("n6b", "N6", "2024-01-05T09:00", referrer_agency="health"),
    # two NFA contacts at the same timestamp: eligible, neither is "later" than the other
    contact("n8a", "N8", "2023-10-10T10:00", NFA, "2023-10-10T11:00"),
    contact("n8b", "N8", "2023-10-10T10:00", NFA, "2023-10-10T11:00"),
]


def test_nfa_recontact_3m_pct(tmp_path):
    m = mash(tmp_path, NFA_ROWS)
    # eligible: n1, n3, n4, n8a, n8b = 5; re-contacted: n1, n3 -> 2 / 5
    assert m["nfa_recontact_3m_pct"] == pytest.approx(40.0)


def test_nfa_recontact_later_contact_searched_whatever_the_filters(tmp_path):
    m = mash(tmp_path, NFA_ROWS, filters={"agency": "police", "to": "2024-01-31"})
    # the same five eligible police contacts (all received by 31 Jan); their re-contacts are
    # health's, and n1b is after `to`: still 2 / 5
    assert m["nfa_recontact_3m_pct"] == pytest.approx(40.0)


def test_nfa_recontact_null_when_nothing_eligible(tmp_path):
    rows = [contact("n", "A", "2024-03-01T09:00", NFA, "2024-03-01T10:00")]  # +91 > as_of
    assert mash(tmp_path, rows)["nfa_recontact_3m_pct"] is None


def test_nfa_recontact_with_as_of_override(tmp_path):
    rows = [contact("n", "A", "2023-11-30T09:00", NFA, "2023-11-30T10:00"),
            contact("nb", "A", "2024-02-20T09:00")]
    # --as-of 2024-02-29: 30 Nov 2023 + 91 days = 29 Feb 2024 <= as_of: eligible; nb on
    # 20 Feb (82 days later, before as_of): re-contacted -> 1 / 1
    assert mash(tmp_path, rows, as_of="2024-02-29")["nfa_recontact_3m_pct"] == pytest.approx(100.0)
    # --as-of 2024-02-28: 29 Feb > as_of: not eligible -> nothing eligible -> null
    assert mash(tmp_path, rows, as_of="2024-02-28")["nfa_recontact_3m_pct"] is None


# ---- period and filters ----------------------------------------------------------------------
PERIOD_ROWS = [contact("old", "A", "2015-06-01T09:00"),
               contact("before", "D", "2023-03-31T23:59"),   # the day before the year
               contact("first", "E", "2023-04-01T00:00"),    # the rolling year's first day
               contact("now", "B", "2024-03-31T23:59"),
               contact("later", "C", "2024-04-01T00:00")]    # after as_of


def test_period_defaults_to_the_rolling_year_ending_on_as_of(tmp_path):
    folder = write_dataset(tmp_path, mash_contacts=PERIOD_ROWS)
    ds = load(folder)
    s = summarise(ds)
    # as_of 2024-03-31: (31 Mar 2024 + 1 day) - 12 months = 1 Apr 2023
    assert (s["from"], s["to"]) == ("2023-04-01", "2024-03-31")
    assert s["mash"]["contacts"] == 2  # first, now
    # from=all: no lower bound, and summary says so with a null from
    s = summarise(ds, {"from": "all"})
    assert (s["from"], s["to"]) == (None, "2024-03-31")
    assert s["mash"]["contacts"] == 4  # old, before, first, now
    # a `to` alone moves the year with it: 31 Mar 2023 gives 1 Apr 2022 to 31 Mar 2023
    s = summarise(ds, {"to": "2023-03-31"})
    assert (s["from"], s["to"]) == ("2022-04-01", "2023-03-31")
    assert s["mash"]["contacts"] == 1  # before


@pytest.mark.parametrize("to, start", [
    ("2024-03-31", "2023-04-01"), ("2024-02-29", "2023-03-01"),
    ("2025-02-28", "2024-03-01"), ("2024-02-28", "2023-02-28"),
    # computed from the `to` in force even when it is after as_of
    ("2024-06-30", "2023-07-01"),
])
def test_rolling_year_start_clamps_the_day(tmp_path_factory, to, start):
    s = summary_of(tmp_path_factory.mktemp("r"), mash_contacts=PERIOD_ROWS[:1],
                   filters={"to": to})
    assert (s["from"], s["to"]) == (start, to)


def test_period_bounds_are_inclusive_dates_of_received_at(tmp_path):
    rows = [contact("a", "A", "2023-12-31T23:59"),
            contact("b", "B", "2024-01-01T00:00"),
            contact("c", "C", "2024-01-31T23:59"),
            contact("d", "D", "2024-02-01T00:00")]
    s = summary_of(tmp_path, mash_contacts=rows, filters={"from": "2024-01-01", "to": "2024-01-31"})
    assert (s["from"], s["to"]) == ("2024-01-01", "2024-01-31")
    assert s["mash"]["contacts"] == 2  # b, c


def test_to_after_as_of_still_ignores_rows_after_as_of(tmp_path):
    rows = [contact("a", "A", "2024-03-30T09:00"), contact("b", "B", "2024-04-10T09:00")]
    m = mash(tmp_path, rows, filters={"to": "2024-04-30"})
    assert m["contacts"] == 1


def test_pending_overdue_is_never_period_filtered(tmp_path):
    # metrics.md "Time": pending_overdue is never period-filtered (always "as of");
    # the other filters still apply.
    rows = [contact("p1", "A", "2024-01-02T09:00"),   # Tue 2 Jan + 1 wd = 3 Jan < as_of
            contact("p2", "B", "2024-03-01T09:00"),   # Fri 1 Mar + 1 wd = Mon 4 Mar < as_of
            contact("p3", "C", "2024-03-04T09:00", referrer_agency="health"),  # overdue too
            contact("d1", "D", "2024-01-03T09:00", "early_help", "2024-01-03T10:00")]
    assert mash(tmp_path, rows)["pending_overdue"] == 3
    m = mash(tmp_path, rows, filters={"from": "2024-02-01", "agency": "police"})
    assert m["contacts"] == 1               # p2
    assert m["pending_overdue"] == 2        # p1, p2 whatever the period; p3 is health's
    m = mash(tmp_path, rows, filters={"to": "2024-01-31"})
    assert m["contacts"] == 2               # p1, d1
    assert m["pending_overdue"] == 3        # p1, p2, p3
    m = mash(tmp_path, rows, filters={"from": "2024-03-10"})
    assert m["contacts"] == 0 and m["decided"] == 0
    assert m["pending_overdue"] == 3
    assert m["decided_within_1wd_pct"] is None and m["escalation_pct"] is None


def test_filters_agency_age_concern_rag_locality(tmp_path):
    rows = [
        contact("c1", "A", "2024-02-01T09:00", referrer_agency="police", age_band="0-4",
                primary_concern="neglect", screening_rag="red", locality="North"),
        contact("c2", "B", "2024-02-01T09:00", referrer_agency="health", age_band="5-9",
                primary_concern="neglect", screening_rag=None, locality=" north "),
        contact("c3", "C", "2024-02-01T09:00", referrer_agency="education", age_band="5-9",
                primary_concern="exploitation", screening_rag="green", locality=None),
        contact("c4", "D", "2024-02-01T09:00", referrer_agency="police", age_band="16-17",
                primary_concern="missing", screening_rag="amber", locality="South"),
    ]
    ds = load(tmp_path, mash_contacts=rows)

    def count(filters):
        return summarise(ds, filters)["mash"]["contacts"]

    assert count({}) == 4
    assert count({"agency": "police"}) == 2                 # c1, c4
    assert count({"agency": "police,health"}) == 3          # c1, c2, c4
    assert count({"age-band": "5-9"}) == 2                  # c2, c3
    assert count({"concern": "neglect,missing"}) == 3       # c1, c2, c4
    assert count({"screening-rag": "none"}) == 1            # c2 (not recorded)
    assert count({"screening-rag": "red,none"}) == 2        # c1, c2
    assert count({"locality": "NORTH"}) == 2                # c1, c2: trimmed, any case
    assert count({"locality": "none"}) == 1                 # c3
    assert count({"locality": "nowhere"}) == 0              # no match: no rows, not an error
    assert count({"agency": "police", "age-band": "16-17"}) == 1  # c4


def test_area_filter_does_not_apply_to_mash(tmp_path):
    rows = [contact("c1", "A", "2024-02-01T09:00"), contact("c2", "B", "2024-02-02T09:00")]
    assert mash(tmp_path, rows, filters={"area": "neglect"})["contacts"] == 2


# ---- empty and absent ----------------------------------------------------------------------
def test_no_rows_counts_zero_percentages_null(tmp_path):
    m = mash(tmp_path, [])
    assert m == {"contacts": 0, "decided": 0, "decided_within_1wd_pct": None, "pending_overdue": 0,
                 "conversion_pct": None, "repeat_contact_12m_pct": None,
                 "nfa_recontact_3m_pct": None, "escalation_pct": None}
    assert list(m) == MASH_KEYS


def test_filters_matching_nothing_give_zero_counts_and_null_percentages(tmp_path):
    rows = [contact("c1", "A", "2024-02-01T09:00", "early_help", "2024-02-01T10:00")]
    m = mash(tmp_path, rows, filters={"agency": "housing"})
    assert m["contacts"] == 0 and m["decided"] == 0 and m["pending_overdue"] == 0
    assert m["decided_within_1wd_pct"] is None and m["escalation_pct"] is None


def test_no_decided_contacts_gives_null_decision_percentages(tmp_path):
    rows = [contact("c1", "A", "2024-03-30T09:00")]
    m = mash(tmp_path, rows)
    assert m["contacts"] == 1 and m["decided"] == 0
    assert m["decided_within_1wd_pct"] is None
    assert m["conversion_pct"] is None
    assert m["repeat_contact_12m_pct"] == pytest.approx(0.0)  # denominator is contacts (1)
    assert m["escalation_pct"] == pytest.approx(0.0)


def test_section_null_when_file_absent(tmp_path):
    assert summary_of(tmp_path)["mash"] is None

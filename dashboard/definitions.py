"""What every figure means, in plain words: the Definitions page (/definitions) and
queries/README.md are both written from this one table, and every figure on screen
links to its entry (`definition_href`).

Each entry's anchor is the figure's name in `summary` (`mash.decided_within_1wd_pct`),
so a figure, its JSON key and its definition share one name.
"""
from __future__ import annotations

from dataclasses import dataclass

DEFINITIONS_PATH = "/definitions"


@dataclass(frozen=True)
class Definition:
    key: str          # summary section.key, the page anchor
    name: str         # what the figure is called on screen
    text: str         # what it counts, in plain words
    queries: tuple[str, ...] = ()   # the queries/*.sql files that compute it


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    entries: tuple[Definition, ...]


D = Definition

SECTIONS: tuple[Section, ...] = (
    Section("time", "Time and filters", (
        "Every figure is worked out as at the end of the as-of date, the dashboard's "
        "\"today\": anything dated later has not happened yet. Unless you choose a period, "
        "figures cover the rolling year: the 12 months ending on the period's end (the "
        "as-of date when no end is chosen), shown as \"12 months to …\" beside them. "
        "`from=all` removes the lower bound."), (
        D("time.as_of", "As-of date", "The date that counts as today: the --as-of option, "
          "else as_of in partnership.toml, else the real date. Rows dated after it are "
          "left out, and events dated after it (a decision, a completion) count as not yet "
          "happened."),
        D("time.period", "Period", "Contacts by the day received, audits by the day "
          "audited, training by the day delivered, case reviews by the day the partnership "
          "became aware, voice by the day heard. Both ends are included. Actions, overdue "
          "pending contacts, overdue LCSPRs, self-assessments and commentary are always "
          "as at the as-of date, whatever the period; indicator series always show their "
          "whole history."),
        D("time.working_day", "Working day", "Monday to Friday, except the bank holidays "
          "of the partnership's nation (from the maintained `holidays` calendar). \"Within "
          "n working days of A\" means on or before the day reached by counting n working "
          "days on from A, A itself not counted."),
        D("time.filters", "Agency and area filters", "The agency filter narrows contacts "
          "by referring agency, audits by auditing agency, training by attendee agency, "
          "self-assessments by agency, and lists only indicators supplied by those "
          "agencies (computed indicators always show). The area filter narrows audits, "
          "actions, training, indicators, voice and commentary. Each page says which of "
          "its figures a filter does not narrow."),
    )),
    Section("mash", "Front door (MASH)", (
        "Over the contacts received in the period that match the filters."), (
        D("mash.contacts", "Contacts", "How many contacts were received.",
          ("mash_figures",)),
        D("mash.decided", "Decided", "Contacts with a decision recorded by the as-of date.",
          ("mash_figures",)),
        D("mash.decided_within_1wd_pct", "Decisions within one working day",
          "Of the decided contacts, the share decided on or before the first working day "
          "after the day received (Working Together: a decision within one working day).",
          ("mash_figures",)),
        D("mash.pending_overdue", "Pending and overdue", "Contacts with no decision yet "
          "whose one working day has already passed. Never narrowed by the period.",
          ("mash_figures",)),
        D("mash.conversion_pct", "Conversion to referral", "Of the decided contacts, the "
          "share decided as a referral to children's social care or a strategy "
          "discussion.", ("mash_figures",)),
        D("mash.repeat_contact_12m_pct", "Repeat contacts within 12 months", "The share "
          "of contacts about a child who had another contact in the 365 days before (any "
          "contact on file, whatever the filters).", ("mash_figures",)),
        D("mash.nfa_recontact_3m_pct", "Re-contact after no further action", "Of the "
          "contacts closed with no further action or information and advice at least 91 "
          "days before the as-of date, the share whose child came back within 91 days "
          "(a sign of whether thresholds hold).", ("mash_figures",)),
        D("mash.escalation_pct", "Escalations", "The share of contacts where a "
          "professional challenged the decision (blank counts as no).", ("mash_figures",)),
    )),
    Section("audits", "Audits", "Over the audit rows (one case, one agency) audited in the "
            "period that match the filters.", (
        D("audits.cases", "Cases audited", "Distinct cases in each audit exercise: one "
          "child's case looked at by three agencies is one case.", ("audit_figures",)),
        D("audits.agency_returns", "Agency returns", "Audit rows: one per case per auditing "
          "agency.", ("audit_figures",)),
        D("audits.good_or_better_pct", "Good or better", "The share of audit rows graded "
          "good or outstanding.", ("audit_figures",)),
        D("audits.inadequate_pct", "Inadequate", "The share of audit rows graded "
          "inadequate.", ("audit_figures",)),
        D("audits.child_voice_pct", "Child's voice evident", "The share of audit rows where "
          "the child's voice was evident.", ("audit_figures",)),
        D("audits.family_involved_pct", "Family involved", "The share of audit rows where "
          "the family took part in the audit.", ("audit_figures",)),
        D("audits.practitioner_involved_pct", "Practitioner involved", "The share of audit "
          "rows where a frontline practitioner took part.", ("audit_figures",)),
        D("audits.reaudits", "Re-audit improvement", "For each exercise that re-audits an "
          "earlier one, both exercises' good-or-better shares and the change in "
          "percentage points, from all their rows whatever the filters.",
          ("audit_reaudits",)),
        D("audits.grades", "Grades", "Agency returns of each grade: outstanding, good, "
          "requires improvement, inadequate (overall and per quarter audited).",
          ("audit_figures",)),
        D("audits.rows", "Audit rows", "The pseudonymised rows behind the figures, one per "
          "case per auditing agency: all of them, or those graded requires improvement or "
          "inadequate, inadequate, without the child's voice, without the family or "
          "without a practitioner.", ("audit_rows",)),
    )),
    Section("actions", "Actions and recommendations", (
        "Over actions raised by the as-of date that match the area, owner, source and "
        "status filters; never narrowed by the period or the agency. An action marked "
        "completed on a later date is still in progress at the as-of date."), (
        D("actions.total", "Actions", "How many actions.", ("action_figures",)),
        D("actions.open", "Open", "Actions not started or in progress.",
          ("action_figures",)),
        D("actions.overdue", "Overdue", "Open actions whose due date has passed.",
          ("action_figures", "actions_overdue_at")),
        D("actions.completed", "Completed", "Actions completed, with or without impact "
          "evidenced.", ("action_figures",)),
        D("actions.completed_on_time_pct", "Completed on time", "Of the completed actions, "
          "the share completed on or before their due date.", ("action_figures",)),
        D("actions.impact_evidenced_pct", "Impact evidenced", "Of the completed actions, "
          "the share whose impact has been evidenced.", ("action_figures",)),
        D("actions.days_overdue", "Days overdue", "For an overdue action, the days from "
          "its due date to the as-of date.", ("actions_open", "actions_tracker")),
        D("actions.tracker", "The action tracker", "Every action raised by the as-of date "
          "that matches the area, owner, source and status filters, including actions "
          "with no priority area, each with its status at the as-of date and, when "
          "overdue, its days overdue. Its views list exactly the actions each figure "
          "counts: open, overdue, completed (with or without impact evidenced) and impact "
          "evidenced.", ("actions_tracker",)),
    )),
    Section("case_reviews", "Case reviews", (
        "Over serious incidents the partnership became aware of in the period."), (
        D("case_reviews.incidents", "Incidents", "How many serious incidents.",
          ("case_review_figures",)),
        D("case_reviews.panel_notified_within_5wd_pct", "Panel notified within 5 working "
          "days", "Of the incidents notified to the national panel, the share notified "
          "within 5 working days of the partnership becoming aware.",
          ("case_review_figures",)),
        D("case_reviews.rapid_review_within_15wd_pct", "Rapid reviews within 15 working "
          "days", "Of the incidents with both a notification and a rapid review, the "
          "share whose rapid review was completed within 15 working days of the "
          "notification (the panel's clock starts then).", ("case_review_figures",)),
        D("case_reviews.lcspr_count", "LCSPRs", "Incidents whose rapid review decided on "
          "a local child safeguarding practice review.", ("case_review_figures",)),
        D("case_reviews.lcspr_rate_pct", "LCSPR rate", "Of the incidents with a decision "
          "(LCSPR or not), the share that led to an LCSPR.", ("case_review_figures",)),
        D("case_reviews.lcspr_within_6m_pct", "LCSPRs published within 6 months", "Of "
          "the LCSPRs with both dates, the share published within six calendar months of "
          "the decision to hold one.", ("case_review_figures",)),
        D("case_reviews.lcspr_overdue", "LCSPRs overdue", "LCSPRs decided more than six "
          "months before the as-of date and not yet published. Never narrowed by the "
          "period.", ("case_review_figures",)),
        D("case_reviews.clocks", "Each review's clocks", "Three clocks per incident: "
          "notification due 5 working days after the partnership became aware; the rapid "
          "review due 15 working days after notification (no due date until the panel is "
          "notified); an LCSPR's publication due six calendar months after the decision "
          "(the day kept, or the month's last day). A clock is on time when its event "
          "happened by the due date, late by the working days (calendar days for an LCSPR) "
          "it took after it, and, when it has not happened by the as-of date, overdue once "
          "the due date has passed or else within time. A review the period leaves out is "
          "still listed under \"overdue or late\" when its LCSPR is overdue, as the LCSPRs "
          "overdue figure counts it.", ("case_review_clocks",)),
    )),
    Section("funding", "Funding", (
        "For one financial year: the chosen one, else the latest that has started by the "
        "as-of date."), (
        D("funding.contributions_total", "Partner contributions", "The year's "
          "contributions from every partner added up.",
          ("contributions_by_group", "contributions_by_year")),
        D("funding.share_pct", "Shares by partner group", "Each partner group's "
          "(local authority, health, police, other) part of the year's contributions.",
          ("contributions_by_group",)),
        D("funding.contributions_by_partner", "Contributions by contributing body",
          "Each body's contribution in the year (a council, a board, a police force, …), "
          "with its partner group and its part of the year's total.",
          ("contributions_by_agency",)),
        D("funding.contributions_per_head_gbp", "Contributions per head", "The year's "
          "contributions over the partnership's total population.",
          ("contributions_by_group",)),
        D("funding.budget_per_head_gbp", "Budget per head", "The year's actual "
          "expenditure over the total population.", ("budget_figures",)),
        D("funding.budget_lines", "Planned and actual", "Each budget line of the year "
          "with its variance: actual minus planned.", ("budget_lines",)),
        D("funding.training_cost_recovery_pct", "Training cost recovery", "Training "
          "income over training expenditure (actuals); blank unless both are known.",
          ("budget_figures",)),
        D("funding.comparators", "Comparator partnerships", "Each comparator's total, its "
          "partner-group shares, and contributions and budget per head, for the "
          "comparator year (the funding year where the file has it, else its latest).",
          ("comparator_year", "comparator_shares")),
        D("funding.comparator_mean_share_pct", "Comparator average shares", "The average "
          "of the comparators' shares per partner group (an average of percentages), "
          "over all comparators with every group amount, and over unitary ones only.",
          ("comparator_means",)),
    )),
    Section("training", "Training", "Over bookings on courses delivered in the period.", (
        D("training.bookings", "Bookings", "How many bookings.", ("training_figures",)),
        D("training.attended", "Attended", "Bookings attended.", ("training_figures",)),
        D("training.attendance_pct", "Attendance", "Attended over bookings.",
          ("training_figures",)),
        D("training.mean_rating", "Mean rating", "The average course rating (1 to 5) of "
          "attendees who gave one.", ("training_figures",)),
        D("training.confidence_uplift", "Confidence uplift", "The average rise in "
          "self-rated confidence (after minus before, 1 to 5) of attendees who gave both.",
          ("training_figures",)),
        D("training.improved_confidence_pct", "Confidence improved", "Of those attendees, "
          "the share more confident after than before.", ("training_figures",)),
        D("training.followup_response_pct", "Follow-up response", "The share of attendees "
          "who answered the three-month follow-up.", ("training_figures",)),
        D("training.mean_impact", "Impact on practice", "The average three-month "
          "follow-up score (has it changed practice, 1 to 5).", ("training_figures",)),
        D("training.fee_income_gbp", "Fee income", "Fees charged for the bookings.",
          ("training_figures",)),
        D("training.confidence_before_after", "Confidence before and after", "The "
          "average self-rated confidence (1 to 5) before the course and straight after it, "
          "over attendees who gave both; the difference is the confidence uplift.",
          ("training_figures",)),
        D("training.scores", "Ratings and follow-up scores", "Attendees by the rating they "
          "gave the course and by their three-month follow-up score (1 to 5), with those "
          "who gave none counted apart; bookings not attended are left out.",
          ("training_figures",)),
        D("training.rows", "Bookings", "The bookings behind the figures: all of them, or "
          "those attended, those not attended, attendees who gave a rating, those whose "
          "confidence did not rise (attendees who gave both scores, after not above "
          "before), attendees with no three-month follow-up and the bookings with a "
          "follow-up score.", ("training_rows",)),
    )),
    Section("indicators", "Indicators, RAG and SPC", (
        "Indicators come from the catalogue: supplied by agencies each month or quarter, "
        "or computed by the dashboard from the record-level files. Their series always "
        "run over their whole history up to the as-of date."), (
        D("indicators.value", "Latest value", "The value of the latest period in the "
          "series.", ("indicator_values", "indicator_set")),
        D("indicators.rag", "RAG", "The latest value against the target: green when it "
          "meets the target, amber when it misses by no more than the amber tolerance, "
          "red beyond that. Grey when there is no target, no value yet, or the latest "
          "return is missing."),
        D("indicators.data_missing", "Data missing", "A supplied indicator whose latest "
          "value is older than the last period whose return is due (a period is due once "
          "it has ended and the return lag has passed)."),
        D("indicators.variation", "Variation (SPC)", "From an XmR chart of 12 points or "
          "more (NHS England's Making Data Count): common cause when the latest point is "
          "within what chance explains; special cause, improving or concerning, when a "
          "rule flags it: outside the process limits, a run of 7 rising or falling, 2 of "
          "3 near a limit, or a run of 7 on one side of the mean."),
        D("indicators.assurance", "Assurance (SPC)", "Whether the target can be relied "
          "on: consistently passing when the whole range between the process limits is "
          "on the right side of the target, consistently failing when it is all on the "
          "wrong side, hit and miss otherwise."),
        D("indicators.mean", "Mean and process limits", "The mean of the series (or of the "
          "latest segment after a change of method) and the limits mean ± 2.66 × the "
          "average moving range."),
        D("indicators.break_from", "Change of method", "The start of the latest segment: "
          "after a break, mean, limits and rules start again from the break.",
          ("indicator_breaks",)),
        D("indicators.benchmarks", "Benchmarks", "The latest published England, regional "
          "and statistical-neighbour values on or before the as-of date.",
          ("indicator_benchmarks",)),
        D("indicators.comment_id", "Commentary", "The owner's latest comment on the "
          "indicator (written on or before the as-of date).", ("commentary_latest",)),
        D("areas.rag", "Area RAG", "The worst RAG among the area's indicators (greys "
          "ignored; grey when all are grey), with the count of each."),
        D("areas.worst_indicator_id", "Moving most worryingly", "Among the area's "
          "indicators with concerning special-cause variation, the one with the worst "
          "RAG."),
        D("missing_returns", "Missing returns", "Each period of a supplied indicator, "
          "from its first expected period, whose return is due and has no accepted row."),
        D("missing_returns.returned_but_rejected", "Returned but rejected", "On the data "
          "quality page, a missing return whose period did have rows in indicators.csv, "
          "all of them quarantined by validation (it still counts as missing).",
          ("indicator_rows_rejected",)),
    )),
    Section("computed", "Computed indicators", (
        "The dashboard works these out itself for every complete period, from every "
        "accepted record whatever the filters."), (
        D("computed.mash_decision_within_1wd", "Front-door decisions within one working "
          "day (monthly)", "Decisions within one working day, per month received.",
          ("mash_figures",)),
        D("computed.mash_conversion_rate", "Conversion to referral (monthly)",
          "Conversion to referral, per month received.", ("mash_figures",)),
        D("computed.mash_repeat_contacts_12m", "Repeat contacts within 12 months "
          "(monthly)", "Repeat contacts within 12 months, per month received.",
          ("mash_figures",)),
        D("computed.audit_good_or_better", "Audits good or better (quarterly)",
          "Good or better, per quarter audited.", ("audit_figures",)),
        D("computed.training_confidence_uplift", "Training confidence uplift "
          "(quarterly)", "Confidence uplift, per quarter delivered.",
          ("training_figures",)),
        D("computed.actions_completed_on_time", "Actions completed on time (quarterly)",
          "Of the actions due in a quarter, the share completed on or before their due "
          "date.", ("actions_on_time_by_quarter",)),
    )),
    Section("self_assessment", "Self-assessments (Section 11 and section 175)", (
        "One round at a time: the chosen round, else the latest round with a return due "
        "by the as-of date. The agency filter applies; the period and area filters do "
        "not. An organisation has returned once its submission date has passed."), (
        D("self_assessment.round", "Round", "The financial year of the round shown: the "
          "round chosen, else the latest round with a return due by the as-of date (chosen "
          "from every organisation, whatever the filters, so every agency is compared "
          "within one partnership round).", ("self_assessment_round",)),
        D("self_assessment.organisations", "Organisations", "Distinct organisations in "
          "the round.", ("self_assessment_figures",)),
        D("self_assessment.returns_due", "Returns due", "Organisations whose return was "
          "due by the as-of date.", ("self_assessment_figures",)),
        D("self_assessment.returns_received", "Returns received", "Organisations that "
          "have returned (shown against all organisations, since some return early).",
          ("self_assessment_figures",)),
        D("self_assessment.returns_overdue", "Returns overdue", "Organisations due that "
          "have not returned.", ("self_assessment_figures",)),
        D("self_assessment.returned_on_time_pct", "Returned on time", "Of the returns "
          "due, the share submitted by the due date.", ("self_assessment_figures",)),
        D("self_assessment.standards_rated", "Standards rated", "Ratings given by the "
          "organisations that have returned: one per organisation per standard.",
          ("self_assessment_figures",)),
        D("self_assessment.self_met_pct", "Standards met (self-rated)", "Of the standards "
          "rated by organisations that have returned, the share they rated met.",
          ("self_assessment_figures",)),
        D("self_assessment.self_not_met_pct", "Standards not met (self-rated)", "Of the "
          "standards rated by organisations that have returned, the share they rated not "
          "met.", ("self_assessment_figures",)),
        D("self_assessment.validated", "Ratings tested at challenge", "Ratings of "
          "organisations that have returned that a challenge or peer-review event had "
          "tested by the as-of date.", ("self_assessment_figures",)),
        D("self_assessment.validated_met_pct", "Standards met at challenge", "Of the "
          "ratings tested at challenge by the as-of date, the share found met.",
          ("self_assessment_figures",)),
        D("self_assessment.downgraded_pct", "Downgraded at challenge", "Of the ratings "
          "tested at challenge, the share rated lower than the organisation rated itself.",
          ("self_assessment_figures",)),
        D("self_assessment.previous_self_met_pct", "Change from the previous round", "The "
          "previous round's self-rated met share under the same filters.",
          ("self_assessment_figures",)),
        D("self_assessment.effective_rating", "Effective rating", "The rating after "
          "challenge where one has been made, else the organisation's own rating; "
          "not-met standards are listed by it."),
        D("self_assessment.by_standard", "By standard", "For each standard of the round, "
          "in the order the standards first appear in the file: the ratings given, the "
          "share self-rated met, the ratings tested at challenge and the share met at "
          "challenge. A standard nobody has rated yet shows 0 and –.",
          ("self_assessment_by_standard",)),
        D("self_assessment.return_status", "Return", "The state of an organisation's "
          "return at the as-of date: returned on time (by its due date), returned late, "
          "returned before its due date (received, not yet due), overdue (due and not "
          "returned) or not yet due. Returns received are counted against all "
          "organisations, never against the returns due.",
          ("self_assessment_organisations", "self_assessment_returns_by_agency")),
        D("self_assessment.not_met", "Standards not met", "The ratings whose effective "
          "rating is not met, with both ratings, the follow-up action named on the row and "
          "that action's status at the as-of date (an action completed later is still in "
          "progress then).", ("self_assessment_not_met",)),
    )),
    Section("voice", "Voice: \"You said, we did\"", (
        "Over what was heard in the period that matches the area filter; the agency "
        "filter does not apply. A response or feedback counts once its date has passed."), (
        D("voice.heard", "Heard", "Entries heard, and by source: children, parents and "
          "carers, practitioners.", ("voice_figures",)),
        D("voice.by_source", "Heard, by source", "Entries heard from children, from "
          "parents and carers and from practitioners; each is listed, 0 when none.",
          ("voice_figures",)),
        D("voice.responded_pct", "Responded", "The share of entries with a response.",
          ("voice_figures",)),
        D("voice.fed_back_pct", "Fed back", "The share of entries whose response was told "
          "to those who spoke.", ("voice_figures",)),
        D("voice.median_days_to_response", "Days to respond (median)", "The middle number "
          "of calendar days from hearing to responding, over entries with a response.",
          ("voice_figures",)),
        D("voice.awaiting_over_90d", "Awaiting over 90 days", "Entries heard more than 90 "
          "days before the as-of date still without a response, whatever the period.",
          ("voice_figures",)),
        D("voice.log", "The log", "Every entry heard in the period: what was said, what "
          "was done and when it was responded to and fed back (shown only once those dates "
          "have passed). Entries waiting more than 90 days for a response come first. A "
          "search looks for the words in the theme, what was said and what was done, "
          "ignoring capitals.", ("voice_log",)),
    )),
)

BY_KEY: dict[str, Definition] = {d.key: d for s in SECTIONS for d in s.entries}


def definition_href(key: str) -> str:
    """The address of a figure's definition (its anchor on the Definitions page)."""
    if key not in BY_KEY:
        raise KeyError(f"no definition for {key!r}")
    return f"{DEFINITIONS_PATH}#{anchor(key)}"


def anchor(key: str) -> str:
    """An HTML id for a definition key ('mash.contacts' -> 'def-mash-contacts')."""
    return "def-" + key.replace(".", "-").replace("_", "-")


# ---- queries/README.md -----------------------------------------------------------------
README_COMMAND = "python -m dashboard.definitions"


def query_summary(name: str) -> str:
    """The first sentence of a query file's header comment: what it returns."""
    from dashboard.data.dataset import query_text

    lines = []
    for line in query_text(name).splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    text = " ".join(lines)
    text = text.split(":", 1)[1].strip() if text.startswith(name + ":") else text
    sentence = text.split(". ", 1)[0].split(" Parameters", 1)[0].rstrip(".")
    return sentence + "."


def queries_readme() -> str:
    """queries/README.md: every figure's definition, then every query file with what it
    returns and the parameters it takes (filter parameters are filled from the filters
    by Dataset.run; the rest are named)."""
    from dashboard.data.dataset import QUERIES_DIR, query_params
    from dashboard.filters import SQL_FIELDS

    out = [
        "# Queries and what every figure means",
        "",
        f"Generated by `{README_COMMAND}` from `dashboard/definitions.py` (a test fails "
        "when this file is out of date). The same definitions are on the dashboard's "
        f"Definitions page (`{DEFINITIONS_PATH}`), where every figure on screen links to "
        "its entry.",
        "",
        "Each `*.sql` file here is one query, named for what it returns, with a header "
        "saying what it returns, its parameters and the figures it implements. A "
        "parameter named like a filter (`$date_from`, `$agency`, `$area`, …) is filled "
        "from the filters by `Dataset.run`, the one binder; `$as_of` and the populations "
        "come from the dataset; the others are passed by name. Filter values never enter "
        "SQL text.",
        "",
    ]
    for section in SECTIONS:
        out += [f"## {section.title}", "", section.intro, ""]
        for d in section.entries:
            where = ""
            if d.queries:
                where = " (" + ", ".join(f"[`{q}`]({q}.sql)" for q in d.queries) + ")"
            out.append(f"- **{d.name}** (`{d.key}`): {d.text}{where}")
        out.append("")
    out += ["## Query files", "", "| query | returns | filter parameters | other parameters |",
            "|---|---|---|---|"]
    for path in sorted(QUERIES_DIR.glob("*.sql")):
        name = path.stem
        params = query_params(name)
        filters = ", ".join(f"`${p}`" for p in sorted(params & SQL_FIELDS)) or "–"
        others = ", ".join(f"`${p}`" for p in sorted(params - SQL_FIELDS)) or "–"
        out.append(f"| [`{name}`]({name}.sql) | {query_summary(name)} | {filters} | {others} |")
    return "\n".join(out) + "\n"


def readme_path():
    from dashboard.data.dataset import QUERIES_DIR

    return QUERIES_DIR / "README.md"


if __name__ == "__main__":  # pragma: no cover - the command in README_COMMAND
    readme_path().write_text(queries_readme(), encoding="utf-8")
    print(f"wrote {readme_path()}")

"""The app fixture (fixtures_app, "Fenmoor", as of 2024-03-31) with self-assessments, voice
entries and two more actions, for the self-assessment and voice pages. The app fixture's
own files are left as they are: this writes the extra files into a copy.

Self-assessments (standards 1, 2, 3 of Section 11 first appear in round 2022/23, then
s175-1):
2022/23  Fenmoor Police (police), due 2023-01-31, returned 2023-01-10: 1 met, 2 met,
         3 not_met (self met 2 of 3 = 66.7%)
2023/24 (the latest round with a return due by 31 Mar 2024: the default)
  P  Fenmoor Police (police), due 2024-01-31, returned 2024-01-15 (on time):
       1 met -> not_met at challenge 2024-03-01 (downgraded; not met by effective rating),
         action FX-004 (completed 2024-05-01, after as_of: in progress at as_of, and due
         2023-09-30: overdue by 183 days: Oct 31 + Nov 30 + Dec 31 + Jan 31 + Feb 29 +
         Mar 31)
       2 not_met -> met at challenge 2024-03-01 (upgraded: met by effective rating)
       3 not_met -> met at challenge 2024-04-15 (after as_of: not yet tested, so not met
         by effective rating), action FX-003 (completed 2023-06-20)
  H  Fenmoor ICB (health; its second row spelt "  FENMOOR   icb"), due 2024-01-31,
     returned 2024-02-20 (late): 1 met, 2 partially_met, 3 not_met with action FXS-9
     (raised 2024-04-10, after as_of)
  S  St Anne's <Primary> (education, section_175), due 2024-02-29, no return (overdue)
  C  Fenmoor Council (local_authority), due 2024-04-30 (not yet due), returned early
     2024-03-20: 1, 2, 3 met (received, never "received over due")
  Y  Fenmoor Youth Justice (youth_justice), due 2024-01-31, submitted 2024-04-02 (after
     as_of: not returned, overdue; its rating does not count): 1 not_met
2024/25  Fenmoor Police, due 2025-01-31, not returned (not yet due)

Voice (the default period is 2023-04-01 .. 2024-03-31):
  FV1 2023-05-10 children survey online_harm; you said "<script>…"; responded in 30 days
      (10 May -> 9 Jun), fed back 2023-06-20
  FV2 2023-08-01 parents_carers forum early_years; you said "=HYPERLINK(…"; no response:
      1 Aug 2023 + 90 days = 30 Oct 2023 < as_of: awaiting over 90 days
  FV3 2023-11-15 practitioners audit youth_violence; responded in 20 days, not fed back
  FV4 2024-02-01 children complaint online_harm; no response; 1 Feb + 90 days = 1 May
      2024, after as_of: not awaiting over 90 days
  FV5 2023-03-01 children survey, no area; before the period; no response: awaiting
  FV6 2024-03-10 practitioners forum online_harm; "Young people's apps …"; responded
      2024-04-10, after as_of: not yet responded (its "we did" is not shown or searched)
  FV7 2024-01-20 parents_carers survey, no area; responded in 5 days, fed back 2024-02-01
"""
from __future__ import annotations

import csv
from pathlib import Path

from fixtures_app import write_fixture

SA_HEADER = ["round", "framework", "organisation", "agency", "standard", "due_on",
             "submitted_on", "self_rating", "validated_rating", "validated_on", "action_id"]
S11, S175 = "section_11", "section_175"
SA_ROWS = [
    ["2022/23", S11, "Fenmoor Police", "police", "1", "2023-01-31", "2023-01-10", "met", "", "", ""],
    ["2022/23", S11, "Fenmoor Police", "police", "2", "2023-01-31", "2023-01-10", "met", "", "", ""],
    ["2022/23", S11, "Fenmoor Police", "police", "3", "2023-01-31", "2023-01-10", "not_met", "", "",
     ""],
    ["2023/24", S11, "Fenmoor Police", "police", "1", "2024-01-31", "2024-01-15", "met", "not_met",
     "2024-03-01", "FX-004"],
    ["2023/24", S11, "Fenmoor Police", "police", "2", "2024-01-31", "2024-01-15", "not_met", "met",
     "2024-03-01", ""],
    ["2023/24", S11, "Fenmoor Police", "police", "3", "2024-01-31", "2024-01-15", "not_met", "met",
     "2024-04-15", "FX-003"],
    ["2023/24", S11, "Fenmoor ICB", "health", "1", "2024-01-31", "2024-02-20", "met", "", "", ""],
    ["2023/24", S11, "  FENMOOR   icb", "health", "2", "2024-01-31", "2024-02-20", "partially_met",
     "", "", ""],
    ["2023/24", S11, "Fenmoor ICB", "health", "3", "2024-01-31", "2024-02-20", "not_met", "", "",
     "FXS-9"],
    ["2023/24", S175, "St Anne's <Primary>", "education", "s175-1", "2024-02-29", "", "", "", "",
     ""],
    ["2023/24", S11, "Fenmoor Council", "local_authority", "1", "2024-04-30", "2024-03-20", "met",
     "", "", ""],
    ["2023/24", S11, "Fenmoor Council", "local_authority", "2", "2024-04-30", "2024-03-20", "met",
     "", "", ""],
    ["2023/24", S11, "Fenmoor Council", "local_authority", "3", "2024-04-30", "2024-03-20", "met",
     "", "", ""],
    ["2023/24", S11, "Fenmoor Youth Justice", "youth_justice", "1", "2024-01-31", "2024-04-02",
     "not_met", "", "", ""],
    ["2024/25", S11, "Fenmoor Police", "police", "1", "2025-01-31", "", "", "", "", ""],
]
EXTRA_ACTIONS = [
    # raised after as_of: it has no status at as_of
    ["FXS-9", "section_11", "S11-2023/24", "Name a safeguarding lead for the ICB", "Health",
     "", "", "2024-04-10", "2024-09-30", "not_started", "", "", ""],
]
VOICE_HEADER = ["voice_id", "heard_on", "source", "channel", "area_id", "theme", "you_said",
                "we_did", "responded_on", "fed_back_on"]
SCRIPT = "<script>alert(1)</script> We want to know who to tell"
HYPERLINK = '=HYPERLINK("http://x","y") visits felt rushed'
VOICE_ROWS = [
    ["FV1", "2023-05-10", "children", "survey", "online_harm", "Online safety", SCRIPT,
     "Published a guide for young people", "2023-06-09", "2023-06-20"],
    ["FV2", "2023-08-01", "parents_carers", "forum", "early_years", "Health visiting",
     HYPERLINK, "", "", ""],
    ["FV3", "2023-11-15", "practitioners", "audit", "youth_violence", "Knife crime",
     "Referral forms are too long", "Shortened the referral form", "2023-12-05", ""],
    ["FV4", "2024-02-01", "children", "complaint", "online_harm", "Being listened to",
     "Nobody called us back", "", "", ""],
    ["FV5", "2023-03-01", "children", "survey", "", "School", "Teachers do not listen", "", "",
     ""],
    ["FV6", "2024-03-10", "practitioners", "forum", "online_harm", "Online safety",
     "Young people's apps change faster than our training",
     "Added reporting buttons to the training", "2024-04-10", ""],
    ["FV7", "2024-01-20", "parents_carers", "survey", "", "Early help",
     "Early help came quickly", "Thanked the team", "2024-01-25", "2024-02-01"],
]


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def write_assurance_fixture(folder: Path) -> Path:
    folder = write_fixture(folder)
    with (folder / "actions.csv").open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(EXTRA_ACTIONS)
    _write(folder / "self_assessments.csv", SA_HEADER, SA_ROWS)
    _write(folder / "voice.csv", VOICE_HEADER, VOICE_ROWS)
    return folder

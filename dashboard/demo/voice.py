"""voice.csv: "You said, we did" - three years of what children, parents and carers,
and practitioners told the partnership, and what it did in response.

Most entries have a response and many were fed back to those who spoke; a few older ones
are still awaiting a response more than 90 days on, as happens in any real log.
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from ..data.contract import VOICE_CHANNELS, VOICE_SOURCES
from .common import S_VOICE, columns, iso, rng_for, write_csv
from .timeline import Window, add_months, month_end

COLUMNS = columns("voice")
# the contract's codes of voice
SOURCES = VOICE_SOURCES
CHANNELS = VOICE_CHANNELS
# Channel mix by source, in CHANNELS order.
CHANNEL_P = {
    "children": (0.35, 0.35, 0.10, 0.05, 0.05, 0.10),
    "parents_carers": (0.25, 0.10, 0.20, 0.15, 0.20, 0.10),
    "practitioners": (0.35, 0.30, 0.15, 0.15, 0.00, 0.05),
}
SOURCE_P = (0.4, 0.3, 0.3)
LOG_MONTHS = 36
AWAITING_OVER_90D = 5

# (source, area_id or "" for the whole partnership, theme, you said, we did)
ENTRIES = (
    ("children", "exploitation", "Feeling safe",
     "Young people said they do not feel safe walking home past the retail park after dark "
     "and that older teenagers there ask them to carry things.",
     "Police and the community safety partnership added evening patrols at the retail park, "
     "and youth workers now run a weekly drop-in nearby."),
    ("children", "exploitation", "Missing from home",
     "Children who had been missing said the return home interview felt like being told "
     "off, and they would rather talk to someone they already know.",
     "Return home interviews are now offered by a trusted adult the child already knows "
     "where the child prefers it."),
    ("children", "front_door", "Being listened to",
     "Children said that when a social worker visits, the adults do most of the talking and "
     "nobody asks what they think.",
     "Social workers now see children on their own at every assessment visit, and the "
     "assessment has a section in the child's own words."),
    ("children", "domestic_abuse", "Support at school",
     "Young people living with domestic abuse said they want a teacher to notice and check "
     "in quietly the next day, without a fuss in front of friends.",
     "Operation Encompass guidance for schools now asks the key adult to check in privately "
     "on the morning after a notification."),
    ("children", "exploitation", "Online safety",
     "Children said online safety lessons come too late and do not cover the apps they "
     "actually use.",
     "Online safety sessions were rewritten with the youth forum and now start in year 5."),
    ("children", "neglect", "Help with the basics",
     "Children said it is hard to concentrate at school when there is no breakfast at home "
     "or no clean uniform.",
     "Breakfast clubs were extended to six more primary schools and a uniform exchange "
     "opened at the family hub."),
    ("children", "", "Information for young people",
     "Young people said the partnership's website is written for professionals and they "
     "could not find who to contact.",
     "A young people's page, written with the youth forum, was added to the website with a "
     "text number."),
    ("children", "front_door", "Changing workers",
     "Children in care said their social worker changes too often and they have to tell "
     "their story again each time.",
     "Children are now told in writing when their worker changes, and the new worker reads "
     "the file before meeting them."),
    ("parents_carers", "front_door", "Understanding the process",
     "Parents said they did not understand why a referral was made or what would happen "
     "next.",
     "A plain-English leaflet explaining the MASH and the next steps now goes to every "
     "family after a contact."),
    ("parents_carers", "neglect", "Early help",
     "Parents said early help was offered only once things had reached a crisis, although "
     "they had asked for help earlier.",
     "Family hubs now take self-referrals by phone and online and reply within five "
     "working days."),
    ("parents_carers", "domestic_abuse", "Safety planning",
     "A parent said the safety plan was agreed without her and did not fit the family's "
     "routine.",
     "Safety plans are now written with the non-abusing parent and reviewed with them "
     "within two weeks."),
    ("parents_carers", "exploitation", "Being kept informed",
     "Parents of exploited children said they heard about incidents from other parents "
     "before any professional told them.",
     "Parents are now invited to the strategy meeting about their child unless that would "
     "put the child at risk, and given a named contact."),
    ("parents_carers", "learning_and_improvement", "Taking part in reviews",
     "Families who took part in a case review said nobody told them what difference their "
     "views made.",
     "Families who contribute to a review now receive a letter setting out the learning "
     "and the actions it led to."),
    ("parents_carers", "", "Complaints",
     "Carers said it was not clear how to complain about more than one agency at once.",
     "A single partnership complaints route was agreed: the business unit passes the "
     "complaint to each agency and replies once."),
    ("parents_carers", "neglect", "Getting to appointments",
     "Parents said health appointments are hard to reach without a car.",
     "Health visitors now offer home visits, or appointments at the nearest family hub, to "
     "families without transport."),
    ("parents_carers", "front_door", "Waiting to hear",
     "Parents said they waited weeks without hearing whether anything would happen after a "
     "contact.",
     "The MASH now writes to families within five working days of a decision to say what "
     "was decided and why."),
    ("practitioners", "front_door", "Feedback on referrals",
     "Teachers said they rarely hear back about the outcome of a referral to the MASH.",
     "The MASH now sends every referrer the outcome of their contact by secure e-mail."),
    ("practitioners", "exploitation", "Information sharing",
     "Practitioners said exploitation intelligence is shared too late to act on.",
     "A weekly multi-agency exploitation meeting now shares intelligence within days."),
    ("practitioners", "neglect", "Assessment tools",
     "Health visitors said the Graded Care Profile 2 takes too long to complete on a busy "
     "caseload.",
     "Graded Care Profile 2 training now includes a short practice session, and managers "
     "protect time to complete it."),
    ("practitioners", "domestic_abuse", "MARAC actions",
     "Practitioners said MARAC actions are not sent round quickly enough to act on.",
     "MARAC minutes and actions are now circulated within two working days."),
    ("practitioners", "learning_and_improvement", "Access to training",
     "Practitioners said multi-agency courses are hard to attend at the times offered.",
     "Courses now run at different times of day, and virtual sessions are recorded."),
    ("practitioners", "learning_and_improvement", "Professional challenge",
     "Practitioners said they were unsure how to challenge another agency's decision "
     "without damaging working relationships.",
     "The escalation policy was simplified and a seven-minute briefing on professional "
     "challenge was circulated."),
    ("practitioners", "", "Workload",
     "Practitioners at the forum said partnership surveys and audits arrive at the same "
     "time as inspections.",
     "The business unit now publishes a yearly calendar of audits and surveys that avoids "
     "inspection months."),
    ("practitioners", "domestic_abuse", "Unborn babies",
     "Midwives said domestic abuse in pregnancy is not always picked up at booking "
     "appointments.",
     "Routine enquiry about domestic abuse at booking was re-audited and midwives had "
     "refresher training."),
    ("children", "domestic_abuse", "After an incident",
     "Children said that after police came to their home nobody explained to them what "
     "would happen next.",
     "Officers attending domestic abuse incidents now speak to children present in an "
     "age-appropriate way and leave a card for young people."),
    ("children", "neglect", "Somewhere to go",
     "Young people said there is nowhere warm to go after school in Southbank and they "
     "end up on the streets until late.",
     "The youth centre in Southbank reopened on weekday evenings with a free meal."),
    ("children", "learning_and_improvement", "Meetings about me",
     "Children said their child protection meetings are full of people they do not know "
     "and they are asked to speak in front of everyone.",
     "Children can now meet the chair before their conference and choose how to give "
     "their views, including in writing or through an advocate."),
    ("children", "front_door", "Young carers",
     "Young carers said teachers do not know about their caring role and they get into "
     "trouble for being late.",
     "Schools now have a young carers lead, and the young carers service shares a card "
     "children can show staff."),
    ("children", "exploitation", "Being treated as a child",
     "Young people who had been exploited said they were treated as offenders rather "
     "than as children who had been harmed.",
     "Police and youth justice staff had training on child criminal exploitation and the "
     "National Referral Mechanism."),
    ("children", "", "Trusted adults",
     "Children said they would tell a trusted adult about abuse, but that adult changes "
     "too often in school and youth clubs.",
     "Schools and youth services agreed to name a consistent trusted adult for children "
     "on plans."),
    ("parents_carers", "neglect", "Cost of living",
     "Parents said they were afraid that asking for help with food and heating would "
     "lead to their children being taken away.",
     "Family hubs publicised that help with food and fuel is early help, not a referral, "
     "and added a benefits adviser."),
    ("parents_carers", "domestic_abuse", "Court and contact",
     "A parent said contact arrangements after separation put her and the children back "
     "in touch with the abusive parent without a risk assessment.",
     "Cafcass and children's services agreed how domestic abuse risk is shared before "
     "contact is recommended."),
    ("parents_carers", "front_door", "Consent",
     "Parents said they were not asked before information about their family was shared "
     "with other agencies.",
     "Practitioners were reminded when consent is needed, and the leaflet for families "
     "now explains information sharing."),
    ("parents_carers", "exploitation", "Worried about friends",
     "Parents said they did not know who to tell when they were worried about their "
     "child's new older friends.",
     "A parents' guide to exploitation with a single contact number was sent to every "
     "secondary school family."),
    ("parents_carers", "learning_and_improvement", "Meetings at work hours",
     "Parents said child protection meetings are arranged in working hours with little "
     "notice.",
     "Conferences now offer early-evening and virtual options, booked at least five "
     "working days ahead."),
    ("parents_carers", "", "Interpreters",
     "Families who speak little English said they were asked to use their children to "
     "interpret.",
     "All agencies confirmed that professional interpreters are used and children never "
     "interpret for their family."),
    ("practitioners", "neglect", "Thresholds",
     "Practitioners said the threshold document does not help with chronic neglect that "
     "builds up slowly.",
     "The threshold guidance was revised with a section on cumulative neglect and case "
     "examples."),
    ("practitioners", "front_door", "Out of hours",
     "Police officers said it is hard to reach the emergency duty team at night.",
     "A direct professionals' line to the emergency duty team was set up and shared with "
     "police control."),
    ("practitioners", "exploitation", "Transitions",
     "Practitioners said exploited young people lose support suddenly at 18.",
     "A transitions protocol with adult services now starts planning at 17."),
    ("practitioners", "learning_and_improvement", "Learning from reviews",
     "Practitioners said they hear about case review findings long after the review.",
     "Seven-minute briefings are now published within a month of each review's sign-off."),
    ("practitioners", "domestic_abuse", "Perpetrators",
     "Practitioners said there is nowhere to refer fathers who want to change abusive "
     "behaviour.",
     "A perpetrator programme was commissioned with the police and crime commissioner."),
    ("practitioners", "", "Shared records",
     "Practitioners said they cannot see other agencies' involvement with a family "
     "without phoning round.",
     "A shared chronology template was agreed for all multi-agency meetings."),
)


class _Deck:
    """The entries of each source dealt in a shuffled order, reshuffled when used up, so
    the same thing is heard again only after everything else has been."""

    def __init__(self, rng) -> None:
        self.rng = rng
        self.left: dict[str, list[tuple]] = {s: [] for s in SOURCES}
        self.seen: set[str] = set()

    def deal(self, source: str) -> tuple[tuple, bool]:
        """An entry, and whether it was heard before."""
        if not self.left[source]:
            own = [e for e in ENTRIES if e[0] == source]
            self.left[source] = [own[int(i)] for i in self.rng.permutation(len(own))]
        entry = self.left[source].pop()
        again = entry[2] in self.seen
        self.seen.add(entry[2])
        return entry, again


def _heard(rng, win: Window) -> list[tuple[date, str, str, tuple, bool]]:
    """(heard_on, source, channel, entry, heard before) over the last LOG_MONTHS months,
    in date order."""
    first = add_months(date(win.as_of.year, win.as_of.month, 1), -(LOG_MONTHS - 1))
    deck = _Deck(rng)
    out = []
    for k in range(LOG_MONTHS):
        m = add_months(first, k)
        last_day = month_end(m.year, m.month).day
        days = sorted(win.cal.roll_forward(m + timedelta(days=int(rng.integers(0, last_day))))
                      for _ in range(2 + int(rng.poisson(0.6))))
        for day in days:
            if day > win.as_of or day.month != m.month:
                day = win.cal.roll_forward(m)
            source = SOURCES[int(rng.choice(3, p=SOURCE_P))]
            channel = CHANNELS[int(rng.choice(len(CHANNELS), p=CHANNEL_P[source]))]
            out.append((day, source, channel, *deck.deal(source)))
    out.sort(key=lambda x: x[0])
    return out


def _response(rng, win: Window, heard: date) -> tuple[date | None, date | None]:
    """responded_on and fed_back_on as known at as_of (later ones have not happened)."""
    responded = heard + timedelta(days=7 + int(rng.gamma(2.0, 15.0)))
    if rng.random() >= 0.96 or responded > win.as_of:
        return None, None
    fed_back = responded + timedelta(days=5 + int(rng.integers(0, 40)))
    if rng.random() >= 0.75 or fed_back > win.as_of:
        return responded, None
    return responded, fed_back


def voice_rows(win: Window, seed: int) -> list[list]:
    rng = rng_for(seed, S_VOICE)
    heard = _heard(rng, win)
    responses = [_response(rng, win, h[0]) for h in heard]
    # A few entries from 100-400 days before as_of still await a response.
    old = [i for i, h in enumerate(heard) if 100 <= (win.as_of - h[0]).days <= 400]
    for i in rng.choice(old, min(AWAITING_OVER_90D, len(old)), replace=False):
        responses[int(i)] = (None, None)
    rows = []
    for i, ((day, source, channel, entry, again), (responded, fed_back)) in enumerate(
            zip(heard, responses)):
        _src, area, theme, you_said, we_did = entry
        if again:  # heard before: the response is to check the change has held
            you_said = "Raised again: " + you_said
            we_did = "Checked with the service that the change has held. " + we_did
        rows.append([f"YS-{i + 1:04d}", day.isoformat(), source, channel, area, theme,
                     you_said, we_did if responded else "", iso(responded), iso(fed_back)])
    return rows


def write_voice(out: Path, rows: list[list]) -> int:
    return write_csv(out / "voice.csv", COLUMNS, rows)

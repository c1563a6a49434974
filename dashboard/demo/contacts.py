"""mash_contacts.csv: contacts to the MASH, scaled to millions.

Contacts are generated vectorised, in chunks of whole days of about CHUNK_ROWS rows, and
written in slices of WRITE_ROWS, so memory stays bounded whatever --contacts asks for.
Code lists come from the data contract; the mixes below are keyed by code.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from ..data.contract import AGE_BANDS, AGENCIES, CONCERNS, DECISIONS, SCREENING_RAGS
from .common import S_CONTACTS, S_IDS, columns, rng_for
from .timeline import Window, school_holiday

CHUNK_ROWS = 200_000
WRITE_ROWS = 20_000
COLUMNS = columns("mash_contacts")

AGENCY_CODES = np.array(AGENCIES)
CONCERN_CODES = np.array(CONCERNS)
AGE_CODES = np.array(AGE_BANDS)
RAG_CODES = np.array(SCREENING_RAGS + ("",))  # "" = not screened
DECISION_OR_EMPTY = np.array(DECISIONS + ("",))
BOOL_S = np.array(["false", "true"])
LOCALITIES = np.array(["Riverside Central", "Northfield", "Eastmoor", "Southbank",
                       "Westbridge", ""])
LOCALITY_P = np.array([0.25, 0.22, 0.2, 0.17, 0.12, 0.04])


def _index(codes, code: str) -> int:
    return list(codes).index(code)


def _matrix(mix: dict, codes) -> np.ndarray:
    """Rows = groups, columns = codes in contract order, from {code: per-group shares}."""
    return np.ascontiguousarray(np.array([mix[c] for c in codes], dtype=float).T)


# Referrer mix: in hours in term time, in hours in school holidays, out of hours.
AGENCY_P = _matrix({
    "local_authority": (0.10, 0.12, 0.06), "police": (0.30, 0.37, 0.64),
    "health": (0.16, 0.19, 0.13), "education": (0.24, 0.04, 0.01),
    "probation": (0.02, 0.025, 0.005), "youth_justice": (0.015, 0.02, 0.005),
    "housing": (0.02, 0.025, 0.01), "cafcass": (0.005, 0.005, 0.0),
    "voluntary": (0.04, 0.05, 0.01), "family_or_public": (0.06, 0.08, 0.09),
    "anonymous": (0.02, 0.03, 0.03), "other": (0.01, 0.015, 0.01),
}, AGENCIES)
# Age by referrer group: health, education, police, others.
AGE_P = _matrix({
    "unborn": (0.15, 0.00, 0.02, 0.04), "0-4": (0.40, 0.08, 0.25, 0.28),
    "5-9": (0.15, 0.40, 0.22, 0.25), "10-15": (0.20, 0.42, 0.35, 0.31),
    "16-17": (0.10, 0.10, 0.16, 0.12),
}, AGE_BANDS)
# Primary concern by age band (unborn, 0-4, 5-9, 10-15, 16-17).
CONCERN_P = _matrix({
    "neglect": (0.35, 0.30, 0.25, 0.15, 0.10),
    "domestic_abuse": (0.30, 0.30, 0.25, 0.18, 0.12),
    "physical_abuse": (0.02, 0.12, 0.14, 0.10, 0.06),
    "sexual_abuse": (0.00, 0.03, 0.06, 0.06, 0.05),
    "emotional_abuse": (0.03, 0.08, 0.10, 0.08, 0.06),
    "exploitation": (0.00, 0.00, 0.01, 0.10, 0.18),
    "missing": (0.00, 0.00, 0.01, 0.08, 0.15),
    "mental_health": (0.15, 0.05, 0.06, 0.12, 0.16),
    "online_safety": (0.00, 0.00, 0.03, 0.06, 0.05),
    "other": (0.15, 0.12, 0.09, 0.07, 0.07),
}, CONCERNS)
# Screening by concern group: other concerns; physical, sexual, exploitation, missing.
RAG_P = _matrix({"red": (0.11, 0.32), "amber": (0.38, 0.44), "green": (0.46, 0.19),
                 "": (0.05, 0.05)}, SCREENING_RAGS + ("",))
URGENT_CONCERNS = [_index(CONCERNS, c) for c in
                   ("physical_abuse", "sexual_abuse", "exploitation", "missing")]
# Decision by screening: red, amber, green, not screened.
DECISION_P = _matrix({
    "no_further_action": (0.02, 0.10, 0.33, 0.20),
    "information_advice": (0.03, 0.20, 0.35, 0.25),
    "early_help": (0.05, 0.30, 0.26, 0.25),
    "referral_social_care": (0.45, 0.35, 0.06, 0.25),
    "strategy_discussion": (0.45, 0.05, 0.00, 0.05),
}, DECISIONS)
NFA_LIKE = [_index(DECISIONS, c) for c in ("no_further_action", "information_advice")]

MONTH_FACTOR = np.array([1.0, 1.0, 1.04, 0.97, 1.0, 1.04, 1.0, 0.9, 1.1, 1.12, 1.12, 1.0])
DOW_FACTOR = np.array([1.15, 1.1, 1.1, 1.05, 1.0, 0.32, 0.26])
REPEAT_P = 0.225

# Decisions within one working day (Working Together): about 70% in the first year, a
# new triage model phased in over months 13-30 lifts it to about 80%, then a new MASH
# recording system (live from month NEW_SYSTEM_MONTH of the window) steps it up to about
# 93%. indicator_breaks.csv starts SPC again at that month: the process changed.
WITHIN_START, WITHIN_RAMP, WITHIN_NEW_SYSTEM = 0.70, 0.10, 0.93
RAMP_FROM, RAMP_MONTHS = 12, 18
NEW_SYSTEM_MONTH = 30
NEW_SYSTEM_REASON = "New MASH recording system"


def p_within(month_idx: np.ndarray) -> np.ndarray:
    """Chance a contact received in month month_idx of the window is decided within one
    working day (before the red-screening bonus)."""
    ramp = np.clip((month_idx - RAMP_FROM) / RAMP_MONTHS, 0.0, 1.0)
    return np.where(month_idx >= NEW_SYSTEM_MONTH, WITHIN_NEW_SYSTEM,
                    WITHIN_START + WITHIN_RAMP * ramp)


def draw(rng: np.random.Generator, probs: np.ndarray, group: np.ndarray) -> np.ndarray:
    """One categorical draw per row from probs[group[row]]."""
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    cum[:, -1] = 1.0 + 1e-9
    u = rng.random(len(group))
    c = cum[group]
    return (u[:, None] >= c).sum(axis=1)


@dataclass
class Days:
    """Every day of the window, with what shapes its contacts."""
    days64: np.ndarray
    day_int: np.ndarray
    working: np.ndarray
    school: np.ndarray
    month_idx: np.ndarray
    weight: np.ndarray

    @classmethod
    def of(cls, win: Window) -> "Days":
        days64 = np.arange(np.datetime64(win.start, "D"), np.datetime64(win.as_of, "D") + 1)
        pydays = days64.astype(object)
        working = win.cal.is_working(days64)
        school = np.array([school_holiday(d) for d in pydays])
        days = cls(days64, days64.astype(np.int64), working, school,
                   np.array([win.month_index(d) for d in pydays]), np.zeros(0))
        days.weight = days._weights(pydays, win)
        return days

    def _weights(self, pydays, win: Window) -> np.ndarray:
        """Relative volume per day: season, weekday, bank holidays, Christmas, school
        holidays, and 3% growth a year."""
        nd = len(self.days64)
        dow = (self.day_int + 3) % 7  # 0 = Monday
        month0 = np.array([d.month - 1 for d in pydays])
        bank = np.isin(self.days64, win.cal.holidays)
        xmas = np.array([(d.month == 12 and d.day >= 24) or (d.month == 1 and d.day == 1)
                         for d in pydays])
        return (MONTH_FACTOR[month0] * DOW_FACTOR[dow] * np.where(bank, 0.4, 1.0)
                * np.where(xmas, 0.45, 1.0) * np.where(self.school & self.working, 0.82, 1.0)
                * (1 + 0.03 * np.arange(nd) / 365.25))


def day_chunks(counts: np.ndarray) -> list[tuple[int, int]]:
    """Runs of whole days [a, b) holding about CHUNK_ROWS contacts each."""
    chunks, a, acc = [], 0, 0
    for i in range(len(counts)):
        acc += int(counts[i])
        if acc >= CHUNK_ROWS:
            chunks.append((a, i + 1))
            a, acc = i + 1, 0
    if a < len(counts):
        chunks.append((a, len(counts)))
    return chunks


class History:
    """The earlier contacts a new contact may repeat (365 days back): received time,
    child, age band and locality."""

    def __init__(self) -> None:
        self.t = np.zeros(0, np.int64)
        self.child = np.zeros(0, np.int64)
        self.age = np.zeros(0, np.int64)
        self.loc = np.zeros(0, np.int64)
        self.next_child = 0

    def keep(self, keep_from: int, t, child, age, loc) -> None:
        """Append a chunk and forget what the next chunk cannot refer back to."""
        kb, kc = self.t >= keep_from, t >= keep_from
        self.t = np.concatenate([self.t[kb], t[kc]])
        self.child = np.concatenate([self.child[kb], child[kc]])
        self.age = np.concatenate([self.age[kb], age[kc]])
        self.loc = np.concatenate([self.loc[kb], loc[kc]])


@dataclass
class Chunk:
    """The contacts of one chunk, as code indexes and minutes since 1970."""
    cd: np.ndarray       # day index of each contact
    t: np.ndarray        # received_at, minutes
    minute: np.ndarray   # minute of the day received
    agency: np.ndarray = None
    child: np.ndarray = None
    age: np.ndarray = None
    loc: np.ndarray = None
    concern: np.ndarray = None
    rag: np.ndarray = None
    decision: np.ndarray = None
    dec_t: np.ndarray = None
    undecided: np.ndarray = None
    escalated: np.ndarray = None


def received_times(rng, days: Days, cd: np.ndarray) -> Chunk:
    """Time of day: working hours mostly; out of hours and weekends spread."""
    m = len(cd)
    work = days.working[cd]
    u_ooh = rng.random(m)
    min_in = 480 + np.floor(600 * rng.beta(2.2, 2.6, m))
    min_ooh = (1080 + np.floor(840 * rng.random(m))) % 1440
    min_we = 420 + np.floor(1019 * rng.beta(2.0, 1.6, m))
    minute = np.where(work, np.where(u_ooh < 0.15, min_ooh, min_in), min_we).astype(np.int64)
    t = days.day_int[cd] * 1440 + minute
    order = np.argsort(t, kind="stable")  # cd is sorted already: same days
    return Chunk(cd, t[order], minute[order])


def referrers(rng, days: Days, ch: Chunk) -> None:
    ooh = ~days.working[ch.cd] | (ch.minute < 480) | (ch.minute >= 1080)
    group = np.where(ooh, 2, np.where(days.school[ch.cd], 1, 0))
    ch.agency = draw(rng, AGENCY_P, group)


def children(rng, days: Days, hist: History, ch: Chunk) -> None:
    """Repeat contacts reuse the child (and age band, locality) of an earlier contact
    within 365 days; others are new children."""
    m, B = len(ch.t), len(hist.t)
    comb_t = np.concatenate([hist.t, ch.t])
    left = np.searchsorted(comb_t, ch.t, side="left")
    lo = np.searchsorted(comb_t, (days.day_int[ch.cd] - 365) * 1440, side="left")
    avail = left - lo
    u_rep, v_rep = rng.random(m), rng.random(m)
    is_rep = (u_rep < REPEAT_P) & (avail > 0)
    j = left - 1 - np.floor(avail * v_rep ** 2).astype(np.int64)
    root = _first_contacts(B, m, is_rep, j)
    new_mask = ~is_rep
    child_new = np.full(m, -1, np.int64)
    child_new[new_mask] = hist.next_child + np.arange(int(new_mask.sum()))
    hist.next_child += int(new_mask.sum())
    agency = ch.agency
    age_grp = np.select([agency == _index(AGENCIES, "health"),
                         agency == _index(AGENCIES, "education"),
                         agency == _index(AGENCIES, "police")], [0, 1, 2], 3)
    age_draw = draw(rng, AGE_P, age_grp)
    loc_draw = draw(rng, LOCALITY_P[None, :], np.zeros(m, np.int64))
    ch.child = np.concatenate([hist.child, child_new])[root]
    age = np.concatenate([hist.age, age_draw])[root]
    ch.loc = np.concatenate([hist.loc, loc_draw])[root]
    unborn = _index(AGE_BANDS, "unborn")
    grown = (age == unborn) & (ch.t - comb_t[root] > 150 * 1440)  # born since
    ch.age = np.where(grown, _index(AGE_BANDS, "0-4"), age)


def _first_contacts(B: int, m: int, is_rep: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Resolve chains of repeats to the first contact (pointer jumping)."""
    par = np.arange(B + m)
    rep_idx = np.nonzero(is_rep)[0]
    par[B + rep_idx] = j[rep_idx]
    while True:
        nxt = par[par[B:]]
        if np.array_equal(nxt, par[B:]):
            return par[B:]
        par[B:] = nxt


def concerns_and_decisions(rng, ch: Chunk) -> None:
    m = len(ch.t)
    concern = draw(rng, CONCERN_P, ch.age)
    da_police = (ch.agency == _index(AGENCIES, "police")) & (rng.random(m) < 0.3)
    ch.concern = np.where(da_police, _index(CONCERNS, "domestic_abuse"), concern)
    urgent = np.isin(ch.concern, URGENT_CONCERNS).astype(np.int64)
    ch.rag = draw(rng, RAG_P, urgent)
    ch.decision = draw(rng, DECISION_P, ch.rag)


def decision_times(rng, win: Window, days: Days, ch: Chunk) -> None:
    """decided_at: the same day, by the next working day (within one working day), or
    a few working days late."""
    m = len(ch.t)
    work, minute = days.working[ch.cd], ch.minute
    d64 = days.days64[ch.cd]
    red = ch.rag == _index(SCREENING_RAGS, "red")
    p_in = np.minimum(p_within(days.month_idx[ch.cd]) + 0.05 * red, 0.98)
    within = rng.random(m) < p_in
    q_same = np.where(work & (minute >= 480) & (minute < 1080), 0.6,
                      np.where(work & (minute < 1380), 0.2, 0.0))
    same = within & (rng.random(m) < q_same)
    span = np.maximum(np.minimum(300, 1439 - minute) - 15, 1)
    dec_same_min = minute + 15 + np.floor(rng.random(m) * span).astype(np.int64)
    k_late = np.minimum(1 + rng.geometric(0.45, m), 10)
    deadline = win.cal.add_wd(d64, 1)
    late_date = win.cal.add_wd(d64, k_late)
    dec_min_other = 510 + np.floor(600 * rng.beta(2.0, 2.0, m)).astype(np.int64)
    dec_date = np.where(same, d64, np.where(within, deadline, late_date))
    dec_min = np.where(same, dec_same_min, dec_min_other)
    ch.dec_t = dec_date.astype(np.int64) * 1440 + dec_min
    ch.undecided = ch.dec_t > int(days.day_int[-1]) * 1440 + 1439  # after as_of


def hold_back(rng, days: Days, ch: Chunk, k_max: int) -> None:
    """A handful of contacts 4-14 days old still undecided at as_of (overdue)."""
    last = int(days.day_int[-1])
    di = days.day_int[ch.cd]
    cand = np.nonzero(~ch.undecided & (di >= last - 14) & (di <= last - 4))[0]
    k = min(len(cand), k_max)
    if k:
        ch.undecided[np.sort(rng.choice(cand, k, replace=False))] = True


def escalations(rng, ch: Chunk) -> None:
    """Professional challenge: more often after a no-further-action-like decision."""
    nfa_like = np.isin(ch.decision, NFA_LIKE)
    ch.escalated = (rng.random(len(ch.t)) < np.where(nfa_like, 0.055, 0.018)) & ~ch.undecided


@dataclass(frozen=True)
class Ids:
    """Contact ids and pseudonymous child references (a permutation of child numbers,
    so references do not reveal the order children first appeared)."""
    width: int
    ref_digits: int
    ref_add: int
    ref_mul: int = 7_654_321  # odd and not a multiple of 5: a permutation mod 10**k

    @classmethod
    def of(cls, n: int, seed: int) -> "Ids":
        ref_digits = max(7, len(str(n)) + 1)
        ref_add = int(rng_for(seed, S_IDS).integers(10 ** ref_digits))
        return cls(max(7, len(str(n))), ref_digits, ref_add)

    def refs(self, child: np.ndarray) -> np.ndarray:
        return (child * self.ref_mul + self.ref_add) % 10 ** self.ref_digits


def write_chunk(fh, ch: Chunk, ids: Ids, first_id: int, slice_rows: int,
                on_rows: Callable[[int], None] | None) -> None:
    """Write a chunk in slices, so that few Python strings exist at once. No generated
    value contains a comma, quote or newline: no quoting is needed."""
    m = len(ch.t)
    contact_no = np.arange(first_id, first_id + m)
    refs = ids.refs(ch.child)
    decision = np.where(ch.undecided, len(DECISIONS), ch.decision)
    dec_t = np.where(ch.undecided, 0, ch.dec_t)
    for s0 in range(0, m, slice_rows):
        sl = slice(s0, s0 + slice_rows)
        decided_at = dec_t[sl].astype("datetime64[m]").astype(str)
        decided_at[ch.undecided[sl]] = ""
        cols = [
            [f"MC{x:0{ids.width}d}" for x in contact_no[sl].tolist()],
            [f"CR{x:0{ids.ref_digits}d}" for x in refs[sl].tolist()],
            ch.t[sl].astype("datetime64[m]").astype(str).tolist(),
            AGENCY_CODES[ch.agency[sl]].tolist(),
            CONCERN_CODES[ch.concern[sl]].tolist(),
            AGE_CODES[ch.age[sl]].tolist(),
            RAG_CODES[ch.rag[sl]].tolist(),
            DECISION_OR_EMPTY[decision[sl]].tolist(),
            decided_at.tolist(),
            BOOL_S[ch.escalated[sl].astype(np.int64)].tolist(),
            LOCALITIES[ch.loc[sl]].tolist(),
        ]
        fh.write("\n".join(map(",".join, zip(*cols))))
        fh.write("\n")
        if on_rows is not None:
            on_rows(min(m, s0 + slice_rows) - s0)


def write_contacts(path: Path, n: int, win: Window, seed: int,
                   on_rows: Callable[[int], None] | None = None) -> int:
    """Write n contacts over the window; on_rows(k) is told after each k rows written."""
    rng = rng_for(seed, S_CONTACTS)
    days = Days.of(win)
    w = days.weight
    counts = rng.multinomial(n, w / w.sum()) if n > 0 else np.zeros(len(w), dtype=np.int64)
    chunks = day_chunks(counts)
    ids = Ids.of(n, seed)
    # Slices of about 1% (bytes do not depend on it), so progress can say where it is.
    slice_rows = min(WRITE_ROWS, max(1_000, n // 100))
    hist = History()
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(COLUMNS) + "\n")
        for ci, (a, b) in enumerate(chunks):
            cd = np.repeat(np.arange(a, b), counts[a:b])
            if len(cd) == 0:
                continue
            ch = _generate_chunk(rng, win, days, hist, cd,
                                 extra_pending=3 + n // 200_000 if ci == len(chunks) - 1 else 0)
            write_chunk(fh, ch, ids, written + 1, slice_rows, on_rows)
            written += len(cd)
            hist.keep((int(days.day_int[b - 1]) + 1 - 365) * 1440, ch.t, ch.child, ch.age,
                      ch.loc)
    return written


def _generate_chunk(rng, win: Window, days: Days, hist: History, cd: np.ndarray,
                    extra_pending: int) -> Chunk:
    ch = received_times(rng, days, cd)
    referrers(rng, days, ch)
    children(rng, days, hist, ch)
    concerns_and_decisions(rng, ch)
    decision_times(rng, win, days, ch)
    if extra_pending:
        hold_back(rng, days, ch, extra_pending)
    escalations(rng, ch)
    return ch

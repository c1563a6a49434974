"""RAG badges and SPC variation / assurance icons: always a symbol and words, never
colour alone (WCAG 1.4.1)."""
from __future__ import annotations

from dash import html

from dashboard.analysis.rag import RAG_ORDER, RAG_TEXT
from dashboard.analysis.spc import (
    ASSURANCE_TEXT,
    CONSISTENTLY_FAILING,
    CONSISTENTLY_PASSING,
    HIT_AND_MISS,
    NO_TARGET_TEXT,
    NOT_ENOUGH_DATA_TEXT,
    SPECIAL_CAUSE_CONCERNING,
    SPECIAL_CAUSE_IMPROVING,
    VARIATION_TEXT,
    variation_direction,
)

# A symbol per RAG so that the badge still reads in greyscale print.
RAG_SYMBOL = {"red": "✖", "amber": "▲", "green": "✔", "grey": "●"}

# Short names shown on the icons; the long meaning (spc.VARIATION_TEXT) goes in the
# title (hover) and, on the area page, in words beside the icon.
VARIATION_SHORT = {
    "common_cause": "Common cause",
    SPECIAL_CAUSE_IMPROVING: "Improving",
    SPECIAL_CAUSE_CONCERNING: "Concerning",
}
ASSURANCE_SHORT = {
    CONSISTENTLY_PASSING: "Consistently passing",
    CONSISTENTLY_FAILING: "Consistently failing",
    HIT_AND_MISS: "Hit and miss",
}
ASSURANCE_GLYPH = {CONSISTENTLY_PASSING: "P", CONSISTENTLY_FAILING: "F", HIT_AND_MISS: "?"}


def rag_word(rag: str | None) -> str:
    """'Red', 'Amber', 'Green' or 'Grey' (short form for badges)."""
    rag = rag if rag in RAG_ORDER else "grey"
    return RAG_TEXT[rag].split(" – ")[0]


def rag_badge(rag: str | None, *, prefix: str = "", id=None) -> html.Span:
    """A badge with the RAG's symbol and word: 'RAG: ✖ Red'."""
    rag = rag if rag in RAG_ORDER else "grey"
    label = rag_word(rag)
    children = [html.Span(RAG_SYMBOL[rag], className="rag-symbol", **{"aria-hidden": "true"})]
    if prefix:
        children.append(html.Span(prefix, className="visually-hidden"))
    children.append(label)
    kwargs = {"id": id} if id else {}
    return html.Span(
        children, className=f"rag-badge rag-{rag}", title=RAG_TEXT[rag],
        **{"data-rag": rag}, **kwargs,
    )


def rag_counts_list(counts: dict) -> html.Ul:
    """The counts of red / amber / green / grey indicators, each with its word."""
    items = []
    for rag in RAG_ORDER:
        n = counts.get(rag, 0) or 0
        items.append(
            html.Li(
                f"{n} {rag_word(rag).lower()}",
                className=f"rag-{rag}", **{"data-rag-count": rag},
            )
        )
    return html.Ul(items, className="rag-counts", **{"aria-label": "Indicators by RAG"})


def variation_icon(variation: str | None, polarity: str | None) -> html.Span:
    """Making Data Count's variation icon as a badge: arrow (high/low) + words."""
    if variation is None:
        return html.Span(
            [html.Span("…", className="glyph", **{"aria-hidden": "true"}), "Not enough data"],
            className="spc-icon spc-none", title=NOT_ENOUGH_DATA_TEXT,
            **{"data-variation": "none"},
        )
    direction = variation_direction(variation, polarity)
    glyph = {1: "▲ H", -1: "▼ L", 0: "~"}[direction]
    css = {
        SPECIAL_CAUSE_IMPROVING: "spc-improving",
        SPECIAL_CAUSE_CONCERNING: "spc-concerning",
    }.get(variation, "spc-common")
    side = {1: " (high)", -1: " (low)", 0: ""}[direction]
    return html.Span(
        [
            html.Span(glyph, className="glyph", **{"aria-hidden": "true"}),
            html.Span("Variation: ", className="visually-hidden"),
            VARIATION_SHORT.get(variation, variation) + side,
        ],
        className=f"spc-icon {css}", title=VARIATION_TEXT.get(variation, variation),
        **{"data-variation": variation},
    )


def assurance_icon(assurance: str | None, has_target: bool = True) -> html.Span:
    """Making Data Count's assurance icon as a badge: P / F / ? + words."""
    if assurance is None:
        text = NO_TARGET_TEXT if not has_target else NOT_ENOUGH_DATA_TEXT
        return html.Span(
            [html.Span("–", className="glyph", **{"aria-hidden": "true"}),
             "No target" if not has_target else "No assurance yet"],
            className="spc-icon spc-none", title=text, **{"data-assurance": "none"},
        )
    css = {CONSISTENTLY_PASSING: "spc-improving", CONSISTENTLY_FAILING: "spc-concerning"}.get(
        assurance, "spc-neutral")
    return html.Span(
        [
            html.Span(ASSURANCE_GLYPH.get(assurance, "?"), className="glyph",
                      **{"aria-hidden": "true"}),
            html.Span("Assurance: ", className="visually-hidden"),
            ASSURANCE_SHORT.get(assurance, assurance),
        ],
        className=f"spc-icon {css}", title=ASSURANCE_TEXT.get(assurance, assurance),
        **{"data-assurance": assurance},
    )


def variation_words(variation: str | None) -> str:
    return NOT_ENOUGH_DATA_TEXT if variation is None else VARIATION_TEXT.get(variation, variation)


def assurance_words(assurance: str | None, has_target: bool) -> str:
    if assurance is None:
        return NO_TARGET_TEXT if not has_target else (
            "No assurance yet: it needs the process limits of SPC (12 points or more)")
    return ASSURANCE_TEXT.get(assurance, assurance)


def rag_assurance_note(rag: str | None, assurance: str | None) -> str | None:
    """One sentence when the RAG and the assurance seem to disagree: the latest value is
    on one side of the target while the process, as its limits show, is on the other."""
    if rag == "green" and assurance == CONSISTENTLY_FAILING:
        return ("Green this time, but the process as a whole misses the target: its "
                "limits lie on the wrong side of it, so the latest value is better than the "
                "process usually delivers, not yet a sign that it has changed.")
    if rag in ("red", "amber") and assurance == CONSISTENTLY_PASSING:
        return (f"{rag.capitalize()} this time, but the process as a whole meets the target: "
                "its limits lie on the right side of it, so the latest value is worse than "
                "the process usually delivers; watch whether the next values follow.")
    return None

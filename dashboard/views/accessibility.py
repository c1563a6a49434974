"""The accessibility statement (/accessibility), in the shape UK public-sector services
publish theirs: what should work, what is known not to, how it was tested, how to report
a problem, and the standard (WCAG 2.2 AA). Kept honest: when something here changes
(a chart becomes keyboard-operable, a screen-reader test is done), change the statement.
"""
from __future__ import annotations

from dash import dcc, html

PREPARED = "30 November 2026"
WCAG = "https://www.w3.org/TR/WCAG22/"
EASS = "https://www.equalityadvisoryservice.com/"


def _section(title: str, anchor: str, children: list) -> html.Section:
    return html.Section([html.H2(title, className="h4 mt-3", id=anchor), *children],
                        **{"aria-labelledby": anchor})


def _list(items: list) -> html.Ul:
    return html.Ul([html.Li(i) for i in items])


def render(ds, search: str = "") -> html.Div:
    name = ds.partnership.name
    return html.Div([
        html.H1("Accessibility statement", className="h2"),
        html.P(["This statement is about the scrutiny and performance dashboard of ", name,
                ": every page in its menu, the priority-area pages, the CSV downloads and "
                "the meeting pack."], className="lead"),

        _section("What you should be able to do", "can-do", [
            html.P("We want everyone who scrutinises or runs the partnership to be able to "
                   "use the dashboard. You should be able to:"),
            _list([
                "reach every link, filter, sort button and page of a table with the "
                "keyboard alone, starting from a \"Skip to main content\" link",
                "read every chart's meaning in words above it, and its numbers in a table "
                "beside it, which you can also download as CSV",
                "tell red, amber and green apart by their words (\"Red\", \"Amber\", "
                "\"Green\") and icons, never by colour alone; the same goes for the status "
                "of a return (\"Received\", \"Missing\", \"Returned but rejected\")",
                "zoom in: on a narrow screen (a phone, or a window at high zoom) the menu "
                "folds behind a Menu button and wide tables scroll sideways inside a box "
                "you can focus",
                "share or bookmark exactly what you see: the filters live in the address",
                "use the larger type of meeting mode on a shared screen",
            ]),
        ]),

        _section("What is known not to work", "known-issues", [
            html.P("Some parts are not yet fully accessible:"),
            _list([
                "The charts (drawn with the plotly library) cannot be used with the "
                "keyboard: you cannot move from point to point, their pop-up values need a "
                "mouse, and clicking a bar or a point to narrow the page needs a pointer. "
                "Every chart has its meaning in words, a \"Show the numbers\" table whose "
                "links narrow the page in the same way, and a CSV download of those "
                "numbers.",
                "The chart toolbar (to save a chart as a picture) cannot be reached with the "
                "keyboard. The CSV of the same numbers can.",
                "Screen readers read the chart itself as a graphic with little meaning; use "
                "the words above it and the table of numbers instead.",
                "The drop-down filters come from the Dash library: they keep a hidden "
                "element that can take focus, which automated checks report (we exclude "
                "that one element from them, and nothing else). A screen reader may "
                "announce it. We add each filter's label to its name, so that it is not "
                "read out by its value alone.",
                "The grid of returns with every due period shown, and other wide tables, "
                "scroll sideways; at high zoom that can mean a lot of scrolling.",
                "The meeting pack PDF is printed from the same pages by Chromium and has "
                "not been checked with a PDF accessibility checker. Everything in it is "
                "also on the pages.",
                "In public mode, small numbers show as the letter c, as the Department for "
                "Education publishes them; a screen reader reads it as the letter.",
                "The validation report is written for data officers and uses the column "
                "names of the data files.",
            ]),
            html.P("The dashboard has not yet been tested by people who use screen readers "
                   "(such as NVDA, JAWS or VoiceOver), screen magnifiers or speech "
                   "recognition."),
        ]),

        _section("How the dashboard was tested", "testing", [
            _list([
                "The dashboard's automated test suite opens its pages in a real Chromium "
                "browser and checks each with axe-core (with every \"Show the numbers\" "
                "table opened), which tests many of the WCAG 2.2 A "
                "and AA success criteria, colour contrast included; any problem it reports "
                "fails the tests, which run before a change is accepted.",
                "The tests also check with the keyboard: that the first Tab reaches the "
                "skip link and that further Tabs reach every priority-area tile, and on a "
                "phone-sized screen that the folded menu opens and its links can be used.",
                "The tests check that what a colour shows is also written in words (RAG, "
                "variation, the status of a return), and axe checks that every table's "
                "cells have their column headers.",
                "Colours were chosen for contrast: text at least 4.5 to 1, and chart bars "
                "and lines at least 3 to 1 against white; bars of different series also "
                "differ in fill pattern.",
            ]),
            html.P("Automated checks find only part of the problems people meet, which is "
                   "why the list above says what has not been tested."),
        ]),

        _section("Reporting a problem or asking for another format", "report-a-problem", [
            html.P(["If something on the dashboard does not work for you, or you need its "
                    "information in another form, contact the business unit of ", name,
                    " (the partnership that publishes this dashboard). It helps to include:"]),
            _list([
                "the address of the page (it holds your filters, so we can open the same "
                "view),",
                "what you were trying to do and what happened,",
                "the browser and any assistive technology you use.",
            ]),
            html.P("The dashboard is open-source software: a problem with the software "
                   "itself can also be reported to the project that maintains it, so that "
                   "every partnership using it gets the fix."),
        ]),

        _section("Enforcement procedure", "enforcement", [
            html.P(["The Equality and Human Rights Commission is responsible for enforcing "
                    "the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
                    "Accessibility Regulations 2018. If you are not happy with how your "
                    "report is answered, contact the ",
                    html.A("Equality Advisory and Support Service (EASS)", href=EASS),
                    "."]),
        ]),

        _section("Compliance status", "compliance", [
            html.P(["The dashboard aims to meet the ",
                    html.A("Web Content Accessibility Guidelines (WCAG) version 2.2",
                           href=WCAG),
                    " at level AA. It is partially compliant, because of the problems "
                    "listed under \"What is known not to work\"."]),
        ]),

        _section("Preparation of this statement", "prepared", [
            html.P(f"This statement was prepared on {PREPARED}, from the automated tests "
                   "and checks described above. It is reviewed whenever the dashboard's "
                   "pages change."),
            html.P(dcc.Link("Back to the overview", href="/" + (search or ""))),
        ]),
    ], id="accessibility", className="accessibility-statement")
